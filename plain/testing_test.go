package plain

import (
	"fmt"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/testsource"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/simtest"
	"github.com/stretchr/testify/require"
)

// recorder is a simtest.TB that keeps what Run reports, so that a test can
// look at the report of a failing plain test without failing itself.
type recorder struct {
	t       *testing.T
	errors  []string
	skipped bool
}

func (r *recorder) Helper()      {}
func (r *recorder) Name() string { return r.t.Name() }
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Logf(format string, args ...any) {}
func (r *recorder) SkipNow()                        { r.skipped = true }

// run runs body as Test does under cmd/execsim, and returns its one
// failure report, or "" if every seed passed.
func runSeeds(t *testing.T, seeds int, body func(t *testing.T)) string {
	t.Helper()
	rec := &recorder{t: t}
	test(rec, t, body, testWorld, simtest.Seeds(seeds), simtest.NoPersist())
	require.LessOrEqual(t, len(rec.errors), 1, "%q", rec.errors)
	if len(rec.errors) == 0 {
		return ""
	}
	return rec.errors[0]
}

func TestNativeTestRunsTheBodyOnce(t *testing.T) {
	t.Setenv(envRewrite, "")
	n := 0
	Test(t, func(tt *testing.T) {
		n++
		require.Same(t, t, tt)
		require.Nil(t, T(tt).w, "natively T is t's own")
	})
	require.Equal(t, 1, n)
}

func TestInAWorldTIsTheSeeds(t *testing.T) {
	outer := t
	msg := runSeeds(t, 20, func(t *testing.T) {
		require.Same(outer, outer, t, "the body gets the test's own t")
		require.NotNil(outer, sim.Current(), "the body runs in a world")
		T(t).Logf("about to check")
		T(t).Errorf("bad value %d", 42) // marker: errorf
		T(t).Log("went on")
	})
	require.False(t, t.Failed(), "the check failed the seed, not the test")
	require.Contains(t, msg, "seed 0 (run 1 of 20), strategy random: check")
	require.Contains(t, msg, "testing_test.go:"+testsource.Line(t, "testing_test.go", "marker: errorf")+": bad value 42")
	require.Contains(t, msg, "about to check", "the seed's log is in its report")
	require.Contains(t, msg, "went on", "Errorf lets the run go on")
	require.Contains(t, msg, "-execsim.seed=0")
}

func TestRequireFailsTheSeed(t *testing.T) {
	after := false
	msg := runSeeds(t, 5, func(t *testing.T) {
		require.Equal(T(t), 1, 2, "one is two") // marker: require
		after = true
	})
	require.False(t, after, "require's FailNow stopped the run")
	require.Contains(t, msg, "testing_test.go:"+testsource.Line(t, "testing_test.go", "marker: require")+": ")
	require.Contains(t, msg, "one is two")
}

func TestRunIsANamedStep(t *testing.T) {
	innerOK := true
	msg := runSeeds(t, 3, func(t *testing.T) {
		T(t).Run("outer", func(t *testing.T) {
			T(t).Parallel() // a no-op in a world: testing.T's would panic in a step
			innerOK = T(t).Run("inner", func(t *testing.T) { T(t).Errorf("no %s", "luck") })
		})
	})
	require.False(t, innerOK, "Run reports the failed step")
	require.Contains(t, msg, "[outer/inner] no luck")

	require.Empty(t, runSeeds(t, 3, func(t *testing.T) {
		require.True(T(t), T(t).Run("fine", func(t *testing.T) {}))
	}))
}

// checkPositive is a test helper of the kind a user writes: its failures
// are reported at its caller's line.
func checkPositive(t *testing.T, n int) {
	T(t).Helper()
	if n <= 0 {
		T(t).Errorf("%d is not positive", n)
	}
}

func TestHelperAndCleanup(t *testing.T) {
	cleanedInWorld := false
	msg := runSeeds(t, 3, func(t *testing.T) {
		T(t).Cleanup(func() { cleanedInWorld = sim.Current() != nil })
		checkPositive(t, -1) // marker: helper
	})
	require.Contains(t, msg, "testing_test.go:"+testsource.Line(t, "testing_test.go", "marker: helper")+": -1 is not positive")
	require.True(t, cleanedInWorld, "Cleanup ran in the world, when the body returned")
}

func TestSkipInEveryRunSkips(t *testing.T) {
	rec := &recorder{t: t}
	test(rec, t, func(t *testing.T) { T(t).Skip("not today") }, testWorld, simtest.Seeds(3), simtest.NoPersist())
	require.Empty(t, rec.errors)
	require.True(t, rec.skipped)
}

// A goroutine still blocked once the world has run what it can is a leak,
// named with its spawn line; one that ends after the body returned is not
// (the join check would have failed it).
func TestLeaksAreWhatOutlivesTheWorld(t *testing.T) {
	msg := runSeeds(t, 10, func(t *testing.T) {
		rt := sim.Current()
		ch := sim.NewChan[int](rt, 0)
		rt.Go("stuck", func() { ch.Recv() }) // marker: leak
	})
	require.Contains(t, msg, ": leak")
	require.Contains(t, msg, `"stuck"`)
	require.Contains(t, msg, "testing_test.go:"+testsource.Line(t, "testing_test.go", "marker: leak"))

	late := func(rt sim.Runtime) { rt.Go("late", func() { rt.Sleep(time.Second) }) }
	require.Empty(t, runSeeds(t, 10, func(t *testing.T) { late(sim.Current()) }))
	// simtest's join check, which Test turns off, would fail it.
	rec := &recorder{t: t}
	simtest.Run(rec, func(st *simtest.T) { late(st) }, simtest.Seeds(1), simtest.NoPersist())
	require.Len(t, rec.errors, 1)
	require.Contains(t, rec.errors[0], "not-joined")
}

// Worlds that are not a Test's keep T native: kit code under simtest.
func TestTOutsideATestWorld(t *testing.T) {
	res := sim.Run(sim.Options{}, func(sim.Runtime) {
		if T(t).w != nil {
			panic("a world that is not a Test's")
		}
	})
	require.Nil(t, res.Failure)
	require.Nil(t, current())
}
