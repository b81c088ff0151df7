// Package kernels is a corpus of small concurrency bugs in plain Go, each
// with its fixed twin: the bug kernels execsim's rewrite is measured on.
// Every kernel is a package kernels/<name> that uses only the language and
// the standard library (go, chan, select, sync, sync/atomic, time, context,
// maps), never execsim, and has exactly two tests: TestBuggy exercises the
// buggy form, TestFixed the fixed one, and the test fails through
// t.Errorf/t.Fatalf, a panic, or a bounded wait that runs out (a goroutine
// left blocked). Each bug is reachable through the order of the operations a
// world schedules (channel, sync, atomic, time, context operations, and the
// order of a map range); none needs an unsynchronized access to be torn.
// One, afterfuncflush, needs a timer to fire between two steps of running
// code, which a world does with its timer horizon (plain.TimerHorizon, on
// by default under execsim test; -execsim.horizon=0 never finds it).
//
// TestBuggy is skipped unless the rewrite runs it (EXECSIM_REWRITE set by
// cmd/execsim) or EXECSIM_BUGGY=1 asks for it natively, so that go test
// ./... stays green. TestFixed never depends on timing: no fixed form uses a
// sleep to wait for another goroutine, and every wait in a test is bounded
// by 10 s (50 ms for a buggy form, so that native repetitions stay short);
// in a world that bound is virtual, reached only when nothing else can run.
//
//	go run ./cmd/execsim test ./kernels/... -run 'TestBuggy|TestFixed' -seeds N
//	EXECSIM_BUGGY=1 go test ./kernels/grpc2371 -run TestBuggy -count=200
//
// # The kernels
//
// Origin is the GoKer kernel re-expressed (timmyyuan/gobench,
// goker/nonblocking/<project>/<id>: the facts of the bug, in new code; each
// package's doc comment says what the original bug was), or "own". Native is
// how often TestBuggy failed in 200 native runs (EXECSIM_BUGGY=1, one
// process, -count=200; a panic kills the process, so those kernels ran as
// 200 processes, and the leak-only one as 20): a rough measure of how easy
// the plain scheduler finds it, from sh kernels/testdata/native-rate.sh on a
// shared 2-core machine. 0 means the bug needs an interleaving the native
// scheduler almost never produces.
//
//	kernel              origin             class                          failure shows as                          native
//	cockroach35501      cockroach#35501    closure captures shared var    assertion: a check validated twice        200/200
//	cockroach4407       cockroach#4407     WaitGroup Add racing Wait      assertion: worker ran after Stop          200/200
//	etcd3077            etcd#3077          channel made in the goroutine  bounded wait: Stop blocks on nil chan       1/200
//	etcd4876            etcd#4876          config read by late goroutine  assertion: wrong interval used            200/200
//	grpc1687            grpc#1687          close of a channel with senders panic: send on closed channel            191/200
//	grpc2371            grpc#2371          field cleared by Close         panic: nil pointer dereference            200/200
//	grpc3090            grpc#3090          field assigned after callback  panic: nil interface method call            0/200
//	istio8144           istio#8144         evicter starts before Set      assertion: callback count 0                 0/200
//	istio8967           istio#8967         channel field set to nil       bounded wait: watcher leaked              200/200
//	kubernetes13058     kubernetes#13058   Done after Wait returned       panic: negative WaitGroup counter         200/200
//	kubernetes70892     kubernetes#70892   check-then-act across unlock   assertion: list initialized twice           0/200
//	kubernetes81091     kubernetes#81091   lost update (load, store)      assertion: calls lost                       0/200
//	moby18412           moby#18412         result written after timeout   leak: sender blocked forever               20/20
//	serving3068         serving#3068       Wait that does not wait        assertion: work unfinished                200/200
//	serving5865         serving#5865       receiver closes its channel    panic: send on closed channel              99/200
//	afterfuncflush      own                AfterFunc(0) between sections  bounded wait: value never flushed           1/200
//	afterfuncstop       own                AfterFunc Stop result ignored  assertion: beat after Stop                  0/200
//	cancelnevercalled   own                cancel not called (success)    bounded wait: monitor leaked              200/200
//	closedflagsend      own                flag checked, lock released    panic: send on closed channel               0/200
//	closeleavesworker   own                Close does not wait worker     assertion: job after Close                  0/200
//	concurrentshutdown  own                double close on Shutdown       panic: close of closed channel              0/200
//	condif              own                Cond.Wait under if, not for    assertion: woke to an empty queue           0/200
//	ctxafterfuncstop    own                context.AfterFunc stop ignored assertion: released twice                   2/200
//	ctxignored          own                sender ignores ctx.Done        bounded wait: replicas leaked             200/200
//	mapfingerprint      own                map order in a fingerprint     assertion: spurious reload                145/200
//	maporderdeps        own                map order as dependency order  assertion: dependency not up               73/200
//	onceasyncinit       own                Once.Do starts init async      assertion: conn not ready                 200/200
//	rwupgrade           own                RLock to Lock without recheck  assertion: built twice                      0/200
//	selectquitdrain     own                select assumed to prefer data  assertion: values left unread             188/200
//	sendaftershutdown   own                results closed before workers  panic: send on closed channel             200/200
//	tickerrange         own                range over Ticker.C after Stop bounded wait: poller leaked               200/200
//	timerdrain          own                drain idiom after fired timer  bounded wait: debouncer stuck             200/200
//	waitgroupaddinside  own                Add inside the goroutine       assertion: Wait returned early            200/200
//
// GoBench's blocking kernels (goker/blocking) are deliberately not here:
// the project is evaluated on them separately.
package kernels
