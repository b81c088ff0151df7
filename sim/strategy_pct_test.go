package sim

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// spinUntilFlag is correct code that plain PCT starves: "spinner" busy-waits
// with Yield until "setter" sets a flag. When the spinner has the higher
// priority and no change point demotes it, the setter never runs.
func spinUntilFlag(rt Runtime) {
	flag := false
	wg := rt.NewWaitGroup()
	wg.Go("spinner", func() {
		for !flag {
			rt.Yield()
		}
	})
	wg.Go("setter", func() {
		rt.Yield()
		flag = true
	})
	wg.Wait()
}

// PCT never turns a correct busy-wait into a step-budget failure: past the
// run length it was sized for it chooses fairly, so the starved goroutine
// runs soon after.
func TestPCTDoesNotStarveASpinningProgram(t *testing.T) {
	for depth := 1; depth <= 3; depth++ {
		fixed, sized := 0, 0
		sizer := NewPCTSizer(0)
		for seed := range uint64(1000) {
			// A budget far above the program's length but small enough that
			// a starved run ends quickly.
			r := Run(Options{Seed: seed, Chooser: NewPCT(seed, depth, 0), StepsMax: 20_000}, spinUntilFlag)
			if r.Failure != nil {
				require.Equal(t, KindSteps, r.Failure.Kind, "depth %d seed %d: %v", depth, seed, r.Err())
				fixed++
			}
			r = Run(Options{Seed: seed, Chooser: sizer.NewPCT(seed, depth), StepsMax: 20_000}, spinUntilFlag)
			sizer.Observe(r)
			if r.Failure != nil {
				require.Equal(t, KindSteps, r.Failure.Kind, "depth %d seed %d: %v", depth, seed, r.Err())
				sized++
			}
		}
		require.Zero(t, fixed, "depth %d: NewPCT(seed, %d, 0) starved the setter into the step budget in %d of 1000 seeds", depth, depth, fixed)
		require.Zero(t, sized, "depth %d: the sized PCT starved the setter into the step budget in %d of 1000 seeds", depth, sized)
	}
}

// Any depth and steps make a working chooser, without a panic and with
// memory bounded by what can matter (see NewPCT).
func TestPCTExtremeArguments(t *testing.T) {
	// Huge in an int of any size: 1<<62 and 10^12 on 64 bits.
	const half, huge = math.MaxInt/2 + 1, min(1_000_000_000_000, math.MaxInt)
	for _, c := range []struct{ depth, steps int }{
		{half, 0},
		{huge, 0},
		{huge, half},
		{-5, -5},
		{0, 1},
		{half, 1},
		{3, half},
	} {
		p := NewPCT(1, c.depth, c.steps).(*pct)
		require.LessOrEqual(t, len(p.changes), pctChangesMax, "depth %d steps %d", c.depth, c.steps)
		r := Run(Options{Chooser: NewPCT(1, c.depth, c.steps)}, lostUpdate)
		if r.Failure != nil {
			require.Equal(t, KindPanic, r.Failure.Kind, "depth %d steps %d: %v", c.depth, c.steps, r.Err())
		}
	}
	// A change point per step at most: more could not demote anyone else.
	require.Len(t, NewPCT(1, min(1<<40, math.MaxInt), 7).(*pct).changes, 7)
}

func TestPCTSizerLearnsTheLongestRun(t *testing.T) {
	z := NewPCTSizer(0)
	require.EqualValues(t, PCTStepsDefault, z.Steps(), "before any run")
	z.Observe(&Result{Steps: 40})
	require.EqualValues(t, 40, z.Steps(), "the first run replaces the default")
	z.Observe(&Result{Steps: 25})
	require.EqualValues(t, 40, z.Steps(), "the longest run counts")
	z.Observe(&Result{Steps: 90, Failure: &Failure{Kind: KindPanic}})
	require.EqualValues(t, 90, z.Steps(), "a failed run's length is the program's")
	z.Observe(&Result{Steps: 1_000_000, Failure: &Failure{Kind: KindSteps}})
	z.Observe(&Result{Failure: &Failure{Kind: KindBlocked}})
	z.Observe(nil)
	z.ObserveSteps(-3)
	require.EqualValues(t, 90, z.Steps(), "a run out of budget says nothing of the program")
	require.EqualValues(t, 7, NewPCTSizer(7).Steps())

	// The sizer's chooser is NewPCT's for the estimate.
	a := Run(Options{Chooser: z.NewPCT(3, 2), KeepTrace: true}, busy)
	b := Run(Options{Chooser: NewPCT(3, 2, 90), KeepTrace: true}, busy)
	require.Equal(t, a.Hash, b.Hash)
}

// windowBug is a short program with a rare ordering bug of depth 2: it
// fails only if "long" runs all 20 of its steps while "short" sits between
// two of its own steps, in a window one scheduling point wide among about
// 45. A random walk must pick "long" 20 times in a row at the right moment;
// PCT needs "short" to start with the higher priority and one change point
// to land in the window.
func windowBug(rt Runtime) {
	inWindow, seen := false, 0
	wg := rt.NewWaitGroup()
	wg.Go("short", func() {
		for i := range 20 {
			if i == 10 {
				inWindow = true
			}
			rt.Yield()
			inWindow = false
		}
	})
	wg.Go("long", func() {
		for range 20 {
			rt.Yield()
			if inWindow {
				seen++
			}
		}
	})
	wg.Wait()
	if seen == 20 {
		panic("long ran entirely inside short's window")
	}
}

// PCT sized from the run finds the window bug more often than the random
// walk over the same seeds, and far more often than PCT sized for a fixed
// 1,000 steps, whose change point mostly falls after the run has ended.
func TestSizedPCTFindsAShortProgramsRareBug(t *testing.T) {
	const seeds = 2000
	hits := func(mk func(seed uint64) Chooser, observe func(*Result)) int {
		n := 0
		for seed := range uint64(seeds) {
			r := Run(Options{Seed: seed, Chooser: mk(seed)}, windowBug)
			if observe != nil {
				observe(r)
			}
			if r.Failure != nil {
				require.Equal(t, KindPanic, r.Failure.Kind, "seed %d: %v", seed, r.Err())
				n++
			}
		}
		return n
	}
	z := NewPCTSizer(0)
	sized := hits(func(seed uint64) Chooser { return z.NewPCT(seed, 2) }, z.Observe)
	random := hits(NewRandom, nil)
	fixed := hits(func(seed uint64) Chooser { return NewPCT(seed, 2, 1000) }, nil)
	t.Logf("hits in %d seeds: sized PCT %d (sized for %d steps), random walk %d, PCT over 1,000 steps %d", seeds, sized, z.Steps(), random, fixed)
	require.GreaterOrEqual(t, sized, random, "sized PCT vs the random walk")
	require.GreaterOrEqual(t, sized, 10, "sized PCT should find it in 1 seed in 200 at least")
	require.Greater(t, sized, 3*fixed, "sized PCT vs PCT over a fixed 1,000 steps")
}
