package simtest

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/execsim/execsim/sim"
)

// KindCheck is the failure kind of a run whose body failed a check of its
// own: T.Errorf, T.Fatalf, T.FailNow or anything built on them (testify's
// assert and require).
const KindCheck sim.Kind = "check"

// T is the test handle a body receives, one per run of a world. It is the
// world's [sim.Runtime] (pass it wherever code wants a Runtime: t.Go,
// t.Sleep, sim.NewChan(t, 0)) and a [testing.TB] whose checks belong to the
// run, not to the test: a failed check fails the seed, and Run reports it
// with the seed, the saved schedule and the command that replays it.
//
// Errorf, Error and Fail mark the run failed and let it go on. FailNow,
// Fatal and Fatalf mark it failed and stop the world at once, as a panic
// would: nothing runs after them, not even Cleanup functions. Skip,
// Skipf and SkipNow stop the world the same way and count the run as
// skipped, not failed (if every run is skipped, so is the test). They
// stop the world with a panic of simtest's own that the world records,
// never with runtime.Goexit (which would end only the calling goroutine),
// so they stop the run from any goroutine of the world;
// code that recovers every panic (a recover() that does not re-panic)
// swallows them too.
//
// Log and Logf keep their lines with the run: a failing run's report
// prints them, a passing run's are dropped. Cleanup functions run in the
// world, on the body's goroutine, in last-registered-first order, when the
// body returns, before the join check. Context is a context of the
// world's, cancelled when the body returns.
//
// The other methods of testing.TB (TempDir, Setenv, Chdir, ...) are the
// test's own, passed through: they act on the test, not on the run, and
// need a *testing.T (or B, F) given to Run.
type T struct {
	sim.Runtime
	testing.TB // the test's, for the methods T does not define; nil if Run got a TB that is not a testing.TB

	name    string
	helpers map[string]bool // functions that called Helper, by name
	errors  []string        // each failed check's location and message
	// late are checks made while the failed world unwound the body's
	// goroutines: reported, but not the run's verdict.
	late     []string
	logs     []string
	failed   bool
	skipped  string // why the run was skipped, "" if it was not
	cleanups []func()
	ctx      context.Context
	cancel   context.CancelFunc
	// failure is a failure of the world's kind that a check of the body
	// found (a join check), reported in place of the world's own verdict.
	failure *sim.Failure
	// noted is the trace note of the first failed check, which names the
	// goroutine that made it.
	noted string
	first string // where the first failed check was made
}

// stopSignal is the panic value with which FailNow and SkipNow stop the
// world.
type stopSignal struct{ skip bool }

func (s stopSignal) String() string {
	if s.skip {
		return "simtest: SkipNow stopped the world"
	}
	return "simtest: FailNow stopped the world"
}

func newT(outer TB) *T {
	t := &T{name: outer.Name(), helpers: map[string]bool{}}
	if tb, ok := outer.(testing.TB); ok {
		t.TB = tb
	}
	return t
}

// Name is the test's name.
func (t *T) Name() string { return t.name }

// Helper marks the calling function as a test helper: the location a
// failed check reports skips it, as with testing.T.
func (t *T) Helper() {
	var pcs [8]uintptr
	n := runtime.Callers(2, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	for {
		fr, more := frames.Next()
		if !wrapper(fr.Function) {
			t.helpers[fr.Function] = true
			return
		}
		if !more {
			return
		}
	}
}

// wrapper reports whether function is one of the methods that stand for a
// test handle's own: T's, and those of package plain's TB, through which
// rewritten plain Go calls a world's T. A check's location and Helper look
// past them to the code that called them.
func wrapper(function string) bool {
	return strings.HasPrefix(function, "github.com/execsim/execsim/simtest.(*T).") ||
		strings.HasPrefix(function, "github.com/execsim/execsim/plain.(*TB).")
}

// Errorf is Logf followed by Fail.
func (t *T) Errorf(format string, args ...any) { t.check(fmt.Sprintf(format, args...)) }

// Error is Log followed by Fail.
func (t *T) Error(args ...any) { t.check(fmt.Sprintln(args...)) }

// Fail marks the run failed and lets it go on.
func (t *T) Fail() {
	if !t.failed {
		t.check("Fail called")
	}
}

// Failed reports whether the run has failed a check.
func (t *T) Failed() bool { return t.failed || t.failure != nil }

// FailNow marks the run failed and stops the world.
func (t *T) FailNow() {
	if !t.failed {
		t.check("FailNow called")
	}
	panic(stopSignal{})
}

// Fatal is Log followed by FailNow.
func (t *T) Fatal(args ...any) {
	t.check(fmt.Sprintln(args...))
	panic(stopSignal{})
}

// Fatalf is Logf followed by FailNow.
func (t *T) Fatalf(format string, args ...any) {
	t.check(fmt.Sprintf(format, args...))
	panic(stopSignal{})
}

// Log keeps a line with the run, printed if the run fails.
func (t *T) Log(args ...any) {
	t.logs = append(t.logs, t.where()+strings.TrimSuffix(fmt.Sprintln(args...), "\n"))
}

// Logf keeps a line with the run, printed if the run fails.
func (t *T) Logf(format string, args ...any) {
	t.logs = append(t.logs, t.where()+fmt.Sprintf(format, args...))
}

// Skip is Log followed by SkipNow.
func (t *T) Skip(args ...any) { t.skip(strings.TrimSuffix(fmt.Sprintln(args...), "\n")) }

// Skipf is Logf followed by SkipNow.
func (t *T) Skipf(format string, args ...any) { t.skip(fmt.Sprintf(format, args...)) }

// SkipNow stops the world and counts the run as skipped.
func (t *T) SkipNow() { t.skip("") }

// Skipped reports whether the run was skipped.
func (t *T) Skipped() bool { return t.skipped != "" }

func (t *T) skip(msg string) {
	t.skipped = t.where() + msg
	panic(stopSignal{skip: true})
}

// Cleanup registers f to run when the body returns, in the world.
func (t *T) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }

// Context is a context of the world, cancelled when the body returns
// (before the Cleanup functions run).
func (t *T) Context() context.Context {
	if t.ctx == nil {
		t.ctx, t.cancel = t.WithCancel(context.Background())
	}
	return t.ctx
}

// Joined checks that nothing g owns is still running (sim.Group.Joined)
// and, if something is, fails the run with the not-joined failure, which
// names each goroutine, where it was started and what it is doing. The
// run goes on; Joined reports whether g was joined. Call it where the
// test wants everything g started gone: right after a Shutdown returns.
func (t *T) Joined(g *sim.Group) bool {
	err := g.Joined()
	if err == nil {
		return true
	}
	f, ok := err.(*sim.Failure)
	if !ok {
		t.check(err.Error())
		return false
	}
	if !t.Failed() { // the first failure of the run is its verdict
		t.failure = f
	}
	return false
}

func (t *T) check(msg string) {
	at := t.where()
	if sim.Ending(t.Runtime) {
		// The world has failed and is unwinding this goroutine: a check
		// now is the code's reaction to being stopped (a recover that
		// caught the unwinding), not a verdict on the run.
		t.late = append(t.late, at+strings.TrimSuffix(msg, "\n"))
		return
	}
	t.failed = true
	t.errors = append(t.errors, at+strings.TrimSuffix(msg, "\n"))
	if t.noted == "" {
		// The note names the goroutine that failed the check, in the trace
		// and in the report; the message itself is printed once, with the
		// failed checks.
		t.first = strings.TrimSuffix(at, ": ")
		t.noted = "simtest: check failed at " + t.first
		t.Trace(0, t.noted)
	}
}

// where is the location of the check's caller, past helpers, as
// "file.go:12: ".
func (t *T) where() string {
	var pcs [32]uintptr
	n := runtime.Callers(3, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	for {
		fr, more := frames.Next()
		if !t.helpers[fr.Function] && !wrapper(fr.Function) {
			if fr.File == "" {
				return ""
			}
			return fmt.Sprintf("%s:%d: ", shortFile(fr.File), fr.Line)
		}
		if !more {
			return ""
		}
	}
}

func shortFile(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// runBody runs the body as the run's main code: the body, then on return
// the context's cancel and the Cleanup functions.
func (t *T) runBody(body func(*T)) {
	body(t)
	if t.cancel != nil {
		t.cancel()
	}
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

// verdict is the run's outcome once the body's own checks are counted: the
// failure to report (nil if the run passed) and whether it was skipped.
// The body's first failure, a failed check or a join check's, comes
// before the world's verdict, which it caused or preceded: a FailNow's
// stop is a panic to the world, and a goroutine a join check found may
// have gone on to leak.
func (t *T) verdict(res *sim.Result) (*sim.Failure, bool) {
	wf := res.Failure
	stop, stopped := stopSignal{}, false
	if wf != nil && wf.Kind == sim.KindPanic {
		stop, stopped = wf.Value.(stopSignal)
	}
	switch {
	case t.failure != nil:
		return t.failure, false
	case t.failed:
		f := &sim.Failure{Kind: KindCheck, Step: res.Steps, Time: res.Elapsed, Message: fmt.Sprintf("%d failed check(s), the first at %s", len(t.errors), t.first), Tail: res.Trace}
		if stopped {
			f.Goroutine, f.Step, f.Time, f.Stack = wf.Goroutine, wf.Step, wf.Time, wf.Stack
		} else if g, ok := t.checker(res); ok {
			f.Goroutine = g
		}
		if wf != nil {
			f.Seed = wf.Seed
		}
		return f, false
	case stopped && stop.skip:
		return nil, true
	}
	return wf, false
}

// checker finds the goroutine that failed the first check, from its note,
// if the trace still holds it.
func (t *T) checker(res *sim.Result) (sim.GoroutineInfo, bool) {
	for _, e := range res.Trace {
		if e.Op == sim.OpNote && e.Detail == t.noted && e.G >= 1 && e.G <= len(res.Goroutines) {
			return res.Goroutines[e.G-1], true
		}
	}
	return sim.GoroutineInfo{}, false
}

// report is what the body said in a failing run: its failed checks and its
// log lines.
func (t *T) report() string {
	var b strings.Builder
	if len(t.errors) > 0 {
		fmt.Fprintf(&b, "\nfailed checks (%d):\n", len(t.errors))
		for _, e := range t.errors {
			fmt.Fprintf(&b, "    %s\n", indentLines(e))
		}
	}
	if len(t.late) > 0 {
		fmt.Fprintf(&b, "\nchecks failed while the world unwound the goroutines after the failure above (%d; a recover that caught the unwinding, not a verdict):\n", len(t.late))
		for _, e := range t.late {
			fmt.Fprintf(&b, "    %s\n", indentLines(e))
		}
	}
	if len(t.logs) > 0 {
		fmt.Fprintf(&b, "\nlog of the run:\n")
		for _, l := range t.logs {
			fmt.Fprintf(&b, "    %s\n", indentLines(l))
		}
	}
	return b.String()
}

func indentLines(s string) string { return strings.ReplaceAll(s, "\n", "\n    ") }
