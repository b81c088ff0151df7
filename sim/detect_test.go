package sim

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Each detector is shown on a small faulty program that it must catch and
// on the program's correct twin that it must leave alone.

type detectCase struct {
	name    string
	kind    Kind
	faulty  func(rt Runtime)
	correct func(rt Runtime)
	opts    Options
	// checks on the faulty run's failure
	goroutine string // name of the goroutine at fault
	message   string // substring of the message
}

func detectCases() []detectCase {
	return []detectCase{
		{
			name: "send on closed channel", kind: KindPanic, goroutine: "sender", message: "send on closed channel",
			faulty: func(rt Runtime) {
				ch := NewChan[int](rt, 1)
				ch.Close()
				wg := rt.NewWaitGroup()
				wg.Go("sender", func() { ch.Send(1) })
				wg.Wait()
			},
			correct: func(rt Runtime) {
				ch := NewChan[int](rt, 1)
				wg := rt.NewWaitGroup()
				wg.Go("sender", func() { ch.Send(1) })
				wg.Wait()
				ch.Close()
			},
		},
		{
			name: "close of closed channel", kind: KindPanic, goroutine: "closer", message: "close of closed channel",
			faulty: func(rt Runtime) {
				ch := NewChan[int](rt, 0)
				ch.Close()
				wg := rt.NewWaitGroup()
				wg.Go("closer", func() { ch.Close() })
				wg.Wait()
			},
			correct: func(rt Runtime) {
				ch := NewChan[int](rt, 0)
				once := rt.NewOnce()
				wg := rt.NewWaitGroup()
				wg.Go("closer", func() { once.Do(ch.Close) })
				once.Do(ch.Close)
				wg.Wait()
			},
		},
		{
			name: "close of zero channel", kind: KindPanic, goroutine: "main", message: "close of nil channel",
			faulty:  func(rt Runtime) { var ch Chan[int]; ch.Close() },
			correct: func(rt Runtime) { ch := NewChan[int](rt, 0); ch.Close() },
		},
		{
			name: "explicit panic", kind: KindPanic, goroutine: "worker", message: "boom",
			faulty: func(rt Runtime) {
				wg := rt.NewWaitGroup()
				wg.Go("worker", func() { panic("boom") })
				wg.Wait()
			},
			correct: func(rt Runtime) {
				wg := rt.NewWaitGroup()
				wg.Go("worker", func() {})
				wg.Wait()
			},
		},
		{
			name: "deadlock", kind: KindDeadlock, goroutine: "main", message: "all goroutines are blocked",
			faulty: func(rt Runtime) {
				a, b := NewChan[int](rt, 0), NewChan[int](rt, 0)
				rt.Go("peer", func() { a.Recv(); b.Send(1) })
				b.Recv() // waits for peer, which waits for us
				a.Send(1)
			},
			correct: func(rt Runtime) {
				a, b := NewChan[int](rt, 0), NewChan[int](rt, 0)
				rt.Go("peer", func() { a.Recv(); b.Send(1) })
				a.Send(1)
				b.Recv()
			},
		},
		{
			name: "leak", kind: KindLeak, goroutine: "listener", message: "still alive",
			faulty: func(rt Runtime) {
				ch := NewChan[int](rt, 0)
				rt.Go("listener", func() {
					for range 10 {
						if _, ok := ch.Recv(); !ok {
							return
						}
					}
				})
				ch.Send(1)
			},
			correct: func(rt Runtime) {
				ch := NewChan[int](rt, 0)
				rt.Go("listener", func() {
					for range 10 {
						if _, ok := ch.Recv(); !ok {
							return
						}
					}
				})
				ch.Send(1)
				ch.Close()
			},
		},
		{
			name: "leak of a sleeper", kind: KindLeak, goroutine: "ticker", message: "still alive",
			faulty: func(rt Runtime) {
				rt.Go("ticker", func() {
					for range 1000 {
						rt.Sleep(time.Second)
					}
				})
			},
			correct: func(rt Runtime) {
				rt.Go("ticker", func() {
					for range 10 {
						rt.Sleep(time.Second)
					}
				})
			},
		},
		{
			// A poller that outlives the body and never stops uses the step
			// budget up before the world can settle: a leak, not a livelock
			// of the body's.
			name: "leak that keeps running", kind: KindLeak, goroutine: "poller", message: "1 goroutine(s) still alive after the body returned: they ran on for the rest of the step budget (500)",
			opts: Options{StepsMax: 500},
			faulty: func(rt Runtime) {
				rt.Go("poller", func() {
					for {
						rt.Sleep(time.Millisecond)
					}
				})
			},
			correct: func(rt Runtime) {
				rt.Go("poller", func() {
					for range 100 {
						rt.Sleep(time.Millisecond)
					}
				})
			},
		},
		{
			name: "livelock", kind: KindSteps, goroutine: "spinner", message: "step budget 500",
			opts: Options{StepsMax: 500},
			faulty: func(rt Runtime) {
				flag := NewChan[int](rt, 1)
				wg := rt.NewWaitGroup()
				wg.Go("spinner", func() {
					for { // waits for a value nobody sends, without blocking
						if _, _, ready := flag.TryRecv(); ready {
							return
						}
					}
				})
				wg.Wait()
			},
			correct: func(rt Runtime) {
				flag := NewChan[int](rt, 1)
				wg := rt.NewWaitGroup()
				wg.Go("spinner", func() {
					for {
						if _, _, ready := flag.TryRecv(); ready {
							return
						}
					}
				})
				flag.Send(1)
				wg.Wait()
			},
		},
		{
			name: "hang on timers", kind: KindTime, message: "virtual time budget",
			opts: Options{VirtualTimeMax: time.Hour},
			faulty: func(rt Runtime) {
				for { // polls for a condition that never comes
					rt.Sleep(time.Minute)
				}
			},
			correct: func(rt Runtime) {
				for range 59 {
					rt.Sleep(time.Minute)
				}
			},
		},
		{
			// runtime.Goexit ends its goroutine as in Go, after its
			// deferred calls: one that skips the send its waiter needs
			// is found as the deadlock it makes; a deferred send is not.
			name: "goexit skips a send", kind: KindDeadlock, message: "all goroutines are blocked",
			faulty: func(rt Runtime) {
				result := NewChan[int](rt, 0)
				rt.Go("quitter", func() {
					runtime.Goexit()
					result.Send(1)
				})
				result.Recv()
			},
			correct: func(rt Runtime) {
				result := NewChan[int](rt, 0)
				rt.Go("quitter", func() {
					defer result.Send(1)
					runtime.Goexit()
				})
				result.Recv()
			},
		},
	}
}

func TestDetectors(t *testing.T) {
	for _, c := range detectCases() {
		t.Run(c.name, func(t *testing.T) {
			for seed := uint64(0); seed < 20; seed++ {
				opts := c.opts
				opts.Seed = seed
				r := Run(opts, c.faulty)
				f := r.Failure
				require.NotNil(t, f, "seed %d: faulty program not caught", seed)
				require.Equal(t, c.kind, f.Kind, "seed %d: %s", seed, f.Report())
				require.Contains(t, f.Message, c.message)
				if c.goroutine != "" {
					require.Equal(t, c.goroutine, f.Goroutine.Name, f.Report())
					require.Contains(t, f.Goroutine.SpawnSite, "detect_test.go:")
				}
				require.Equal(t, seed, f.Seed)
				require.Equal(t, r.Steps, f.Step)
				require.NotEmpty(t, f.Tail, "a failure carries the trace tail")
				require.Contains(t, f.Report(), string(c.kind))
				if c.kind == KindPanic {
					require.NotContains(t, f.Stack, "runtime/debug", "the panic's stack starts at the panicking code")
					require.Contains(t, f.Stack, "detect_test.go")
				}

				opts.Seed = seed
				ok := Run(opts, c.correct)
				require.Nil(t, ok.Failure, "seed %d: correct twin flagged: %v", seed, ok.Err())
			}
		})
	}
}

// A deadlock or a leak lists every goroutine left waiting, with what it
// waits on and its stack down to the kit call.
func TestLeakReportNamesWhatItWaitsOn(t *testing.T) {
	r := Run(Options{Seed: 3}, func(rt Runtime) {
		ch := NewChan[string](rt, 0)
		mu := rt.NewMutex()
		mu.Lock()
		rt.Go("receiver", func() { ch.Recv() })
		rt.Go("locker", func() { mu.Lock() })
		rt.Go("finished", func() {})
		rt.Sleep(time.Second)
	})
	f := r.Failure
	require.NotNil(t, f)
	require.Equal(t, KindLeak, f.Kind)
	require.Len(t, f.Waiting, 2)
	require.Equal(t, "receiver", f.Waiting[0].Goroutine.Name)
	require.Contains(t, f.Waiting[0].On, "chan receive on chan #1")
	require.Contains(t, f.Waiting[0].Stack, "detect_test.go")
	require.Equal(t, "locker", f.Waiting[1].Goroutine.Name)
	require.Contains(t, f.Waiting[1].On, "lock on mutex #2")
	require.Equal(t, time.Second, f.Time, "the leak is found once the body has returned at +1s")
	require.NotContains(t, f.Report(), "iter.Pull", "the world's own frames are cut from stacks")
}

// A goroutine blocked outside the kit stops the whole world; the watchdog
// turns that into a KindBlocked failure naming it instead of a hung test.
func TestWatchdogCatchesBlockingOutsideTheKit(t *testing.T) {
	raw := make(chan struct{})
	r := Run(Options{Seed: 1, Watchdog: 200 * time.Millisecond}, func(rt Runtime) {
		wg := rt.NewWaitGroup()
		wg.Go("stuck", func() { <-raw })
		wg.Wait()
	})
	close(raw) // let the abandoned world finish, so the process leaks nothing
	f := r.Failure
	require.NotNil(t, f)
	require.Equal(t, KindBlocked, f.Kind)
	require.Equal(t, "stuck", f.Goroutine.Name)
	require.Contains(t, f.Stack, "detect_test.go")
	require.Contains(t, f.Message, "outside the kit")
	require.True(t, strings.HasPrefix(f.Error(), `sim: blocked in goroutine 2 "stuck" (started at `), f.Error())
	require.NotContains(t, f.Error(), "at step", "the watchdog cannot know the stuck world's step")
	// It names the innermost frame outside the standard library and the
	// kit: the test's own function, where the raw receive is.
	require.Regexp(t, `blocked outside the kit in github\.com/execsim/execsim/sim\.TestWatchdogCatchesBlockingOutsideTheKit\.func1\.1 at \S+detect_test\.go:\d+ `, f.Message)
	fn, at, pkg := blockingFrame("goroutine 7 [sync.Mutex.Lock]:\ninternal/sync.runtime_SemacquireMutex(0x1?, 0x0?, 0x0?)\n\t/usr/local/go/src/runtime/sema.go:95 +0x25\n" +
		"sync.(*Mutex).Lock(...)\n\t/usr/local/go/src/sync/mutex.go:46\n" +
		"golang.org/x/sync/semaphore.(*Weighted).Acquire(0xc000012345, {0x73e0c8, 0xc0000a0000}, 0x1)\n\t/root/go/pkg/mod/golang.org/x/sync@v0.23.0/semaphore/semaphore.go:80 +0x351\n" +
		"example.com/app.run()\n\t/src/app/app.go:12 +0x1f\n")
	require.Equal(t, "golang.org/x/sync/semaphore.(*Weighted).Acquire", fn)
	require.Equal(t, "/root/go/pkg/mod/golang.org/x/sync@v0.23.0/semaphore/semaphore.go:80", at)
	require.Equal(t, "golang.org/x/sync/semaphore", pkg)
	fn, _, _ = blockingFrame("goroutine 7 [chan receive]:\nruntime.gopark(...)\n\t/usr/local/go/src/runtime/proc.go:460 +0xce\n")
	require.Empty(t, fn, "a stack of the standard library's frames only names none")

	ok := Run(Options{Seed: 1, Watchdog: 200 * time.Millisecond}, func(rt Runtime) {
		wg := rt.NewWaitGroup()
		wg.Go("fine", func() { rt.Sleep(time.Hour) })
		wg.Wait()
	})
	require.Nil(t, ok.Failure)
}

type badChooser struct{}

func (badChooser) Choose(d Decision) int { return d.N }

func TestChooserOutOfRangeIsReported(t *testing.T) {
	r := Run(Options{Chooser: badChooser{}}, func(rt Runtime) {
		rt.Go("a", func() {})
		rt.Yield()
	})
	require.NotNil(t, r.Failure)
	require.Equal(t, KindChooser, r.Failure.Kind)
	require.True(t, strings.Contains(r.Failure.Message, "badChooser"), r.Failure.Message)
}

// After any outcome, the world unwinds every goroutine it parked: their
// deferred calls run, and goleak (TestMain) finds none left.
func TestUnwindRunsDeferredCalls(t *testing.T) {
	// The order is the run's: the goroutine that finished ran its deferred
	// call when it returned, main's run as its panic passes, then the
	// world unwinds what is left in id order, each goroutine's deferred
	// calls last-in first-out. The goroutine started by the last kit
	// operation before the panic never ran, so it registered nothing.
	want := []string{"finished", "main"}
	for i := range 5 {
		want = append(want, fmt.Sprintf("parked-%d second", i), fmt.Sprintf("parked-%d first", i))
	}
	for seed := range uint64(20) {
		for _, c := range []Chooser{NewRandom(seed), NewPCT(seed, 3, 50)} {
			var ran []string
			r := Run(Options{Seed: seed, Chooser: c}, func(rt Runtime) {
				defer func() { ran = append(ran, "main") }()
				done := rt.NewWaitGroup()
				done.Go("finished", func() {
					defer func() { ran = append(ran, "finished") }()
				})
				done.Wait()
				ch := NewChan[int](rt, 0)
				ready := rt.NewWaitGroup()
				for i := range 5 {
					ready.Add(1)
					rt.Go("parked", func() {
						defer func() { ran = append(ran, fmt.Sprintf("parked-%d first", i)) }()
						defer func() { ran = append(ran, fmt.Sprintf("parked-%d second", i)) }()
						ready.Done()
						ch.Recv()
					})
				}
				ready.Wait() // every parked goroutine has registered its deferred calls
				rt.Go("never started", func() {
					defer func() { ran = append(ran, "never started") }()
				})
				panic("stop here")
			})
			require.Equal(t, KindPanic, r.Failure.Kind, "seed %d", seed)
			require.Equal(t, "main", r.Failure.Goroutine.Name, "seed %d", seed)
			require.Equal(t, want, ran, "seed %d, %T", seed, c)
		}
	}
}

// A goroutine parked natively on a raw channel can only be released by
// code outside the world, so the watchdog reports it after a sixth of its
// period; one that computes outside the kit for longer than that, and
// then goes on, is left to finish.
func TestWatchdogReportsANativeParkEarly(t *testing.T) {
	const watchdog = 3 * time.Second
	raw := make(chan struct{})
	r := Run(Options{Seed: 1, Watchdog: watchdog}, func(rt Runtime) {
		wg := rt.NewWaitGroup()
		wg.Go("parked", func() { <-raw })
		wg.Wait()
	})
	close(raw)
	f := r.Failure
	require.NotNil(t, f)
	require.Equal(t, KindBlocked, f.Kind)
	require.Equal(t, "parked", f.Goroutine.Name)
	require.Regexp(t, `blocked outside the kit in github\.com/execsim/execsim/sim\.TestWatchdogReportsANativeParkEarly\.func1\.1 at \S+detect_test\.go:\d+ \(parked natively \[chan receive\] on a raw channel or lock`, f.Message)

	ok := Run(Options{Seed: 1, Watchdog: watchdog}, func(rt Runtime) {
		wg := rt.NewWaitGroup()
		wg.Go("computing", func() {
			for start := time.Now(); time.Since(start) < watchdog/2; {
			}
		})
		wg.Wait()
	})
	require.NoError(t, ok.Err(), "a goroutine that computes outside the kit keeps the whole period")
}
