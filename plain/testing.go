package plain

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/sim"

	"github.com/execsim/execsim/simtest"
)

// envRewrite is the variable cmd/execsim sets for the test binaries it
// builds from rewritten sources: under it, [Test] runs the body in worlds.
const envRewrite = "EXECSIM_REWRITE"

// Test runs the body of a plain test function. The rewriter turns
//
//	func TestX(t *testing.T) { body }
//
// into
//
//	func TestX(t *testing.T) { plain.Test(t, func(t *testing.T) { body }) }
//
// in the rewritten test files. Run natively (EXECSIM_REWRITE unset, as in
// a plain go test), Test calls body(t) once.
//
// Under cmd/execsim (EXECSIM_REWRITE=1) Test runs body in one world per
// seed with [simtest.Run], and so gets all of it: the seeds and strategy of
// the EXECSIM_* variables and -execsim.* flags, saved schedules replayed
// first, shrinking, the trace, the command to paste. t stays the test's
// *testing.T; the rewritten calls on it (plain.T(t).Errorf, ...) act on
// the seed's run, see [T].
//
// Timers may fire between two steps of running code, and each read of the
// clock takes a little virtual time: see [TimerHorizon] and [NowTick].
//
// A goroutine still alive when body has returned and the world has run
// everything that can still run (timers included, for the settle time of
// [sim.Options]) is a leak, reported with where it was started and what it
// blocks on. A goroutine that is still running when body returns but ends
// by itself is not: plain Go gives a test no way to join what it started,
// so simtest's join check (which fails it) is off here.
func Test(t *testing.T, body func(t *testing.T)) {
	if os.Getenv(envRewrite) != "1" {
		body(t)
		return
	}
	t.Helper()
	test(t, t, body, testWorld)
}

// testWorld is the world of every Test seed.
var testWorld = sim.Options{TimerHorizon: TimerHorizon, NowTick: NowTick}

// test is Test in worlds of the given options, reporting to tb (the test
// itself, or a recorder in this package's tests).
func test(tb simtest.TB, t *testing.T, body func(t *testing.T), world sim.Options, opts ...simtest.Option) {
	tb.Helper()
	simtest.Run(tb, func(st *simtest.T) {
		remember(st, t)
		body(t)
	}, append(opts, simtest.NoJoinCheck(), simtest.World(world))...)
}

// How the clock of a [Test] world moves while code runs; the flags
// -execsim.horizon and -execsim.now-tick (EXECSIM_HORIZON,
// EXECSIM_NOW_TICK) override them.
const (
	// TimerHorizon is the world's sim.Options.TimerHorizon: a timer due
	// within 2ms of now may fire between any two steps of running code, as
	// on a machine where a goroutine is descheduled for that long, so that
	// a deadline can pass and an AfterFunc can run in the middle of work,
	// not only once every goroutine waits. A test that synchronises by
	// sleeping shorter than that (time.Sleep(time.Millisecond) to let a
	// goroutine start) can then fail, as it can on a loaded machine; give
	// -execsim.horizon=0 to test it as if steps took no time.
	TimerHorizon = 2 * time.Millisecond
	// NowTick is the world's sim.Options.NowTick: each read of the clock
	// takes 25ns of virtual time, about what time.Since takes natively
	// (docs/architecture.md has the figures), so that two reads never
	// return the same instant and a loop that polls the clock reaches its
	// deadline, while no elapsed time a test measures grows beyond what it
	// would be natively.
	NowTick = 25 * time.Nanosecond
)

// TB is what a method call on a test's t goes through once rewritten:
// t.Errorf(...) becomes plain.T(t).Errorf(...), and t passed where an
// untouched package takes an interface (testify's TestingT, goleak's)
// becomes plain.T(t). Natively every method is t's own.
//
// In a world of [Test] every method is the seed's run's (a [simtest.T]):
// Errorf, Error and Fail fail the seed and let the run go on; FailNow,
// Fatal and Fatalf fail it and stop the world; Skip and its kin skip the
// run; Log keeps a line for the failure's report; Cleanup runs in the
// world when the body returns; Context is the world's, cancelled then.
// Run(name, f) runs f inline as a named step (its failures name it), and
// Parallel does nothing: the seeds of one test run one after another.
type TB struct {
	tb testing.TB
	// w is the world t belongs to, nil natively.
	w *world
}

// T returns the TB for t: in a goroutine of a [Test] world, the seed's.
func T(t testing.TB) *TB {
	if w := current(); w != nil {
		return &TB{tb: w.st, w: w}
	}
	return &TB{tb: t}
}

func (t *TB) Name() string { return t.tb.Name() }
func (t *TB) Helper()      { t.tb.Helper() }
func (t *TB) Log(args ...any) {
	if t.w != nil && t.w.step != "" {
		args = append([]any{t.w.prefix()}, args...)
	}
	t.tb.Log(args...)
}
func (t *TB) Logf(format string, args ...any) { t.tb.Logf(t.stepped(format), args...) }
func (t *TB) Error(args ...any) {
	if t.w != nil && t.w.step != "" {
		args = append([]any{t.w.prefix()}, args...)
	}
	t.tb.Error(args...)
}
func (t *TB) Errorf(format string, args ...any) { t.tb.Errorf(t.stepped(format), args...) }
func (t *TB) Fatal(args ...any) {
	if t.w != nil && t.w.step != "" {
		args = append([]any{t.w.prefix()}, args...)
	}
	t.tb.Fatal(args...)
}
func (t *TB) Fatalf(format string, args ...any) { t.tb.Fatalf(t.stepped(format), args...) }
func (t *TB) Fail()                             { t.tb.Fail() }
func (t *TB) FailNow()                          { t.tb.FailNow() }
func (t *TB) Failed() bool                      { return t.tb.Failed() }
func (t *TB) Skip(args ...any)                  { t.tb.Skip(args...) }
func (t *TB) Skipf(format string, args ...any)  { t.tb.Skipf(format, args...) }
func (t *TB) SkipNow()                          { t.tb.SkipNow() }
func (t *TB) Skipped() bool                     { return t.tb.Skipped() }
func (t *TB) Cleanup(f func())                  { t.tb.Cleanup(f) }
func (t *TB) TempDir() string                   { return t.tb.TempDir() }
func (t *TB) Setenv(key, value string)          { t.tb.Setenv(key, value) }
func (t *TB) Chdir(dir string)                  { t.tb.Chdir(dir) }
func (t *TB) Context() context.Context          { return t.tb.Context() }

// stepped puts the step a message was made in before it: the format
// string is the caller's, so the prefix is escaped as a format.
func (t *TB) stepped(format string) string {
	if t.w == nil || t.w.step == "" {
		return format
	}
	return strings.ReplaceAll(t.w.prefix(), "%", "%%") + " " + format
}

// Parallel is t.Parallel() for a *testing.T; in a world, nothing.
func (t *TB) Parallel() {
	if t.w != nil {
		return
	}
	if tt, ok := t.tb.(*testing.T); ok {
		tt.Parallel()
	}
}

// Run is t.Run(name, f) for a *testing.T. In a world it runs f on the
// calling goroutine, as a step named name: a failed check in it names the
// step, and Run reports whether the run has no failed check when f
// returns. A FailNow in f stops the whole run (the seed has failed), not
// only the step.
func (t *TB) Run(name string, f func(t *testing.T)) bool {
	if w := t.w; w != nil {
		outer := w.step
		if outer != "" {
			name = outer + "/" + name
		}
		w.step = name
		defer func() { w.step = outer }()
		f(w.t)
		return !w.st.Failed()
	}
	if tt, ok := t.tb.(*testing.T); ok {
		return tt.Run(name, f)
	}
	t.tb.Fatalf("plain: Run on a %T", t.tb)
	return false
}
