package sim

import "sync"

// PCTStepsDefault is the run length, in scheduling points, that PCT is
// sized for when nothing better is known: [NewPCT] with steps 0, and a
// [PCTSizer] before its first observation.
const PCTStepsDefault = 1000

// PCTSizer sizes PCT to the runs of one test: it learns how long the test's
// runs are from the runs themselves and makes each run's PCT chooser
// ([PCTSizer.NewPCT]) for that length, as Coyote and Shuttle do across the
// iterations of one test. Keep one PCTSizer per test (per scenario and
// configuration) for a sweep of seeds, give every run's Result to
// [PCTSizer.Observe], and the change points fall inside the runs instead
// of after their end.
//
// # What it learns
//
// The estimate is the longest Result.Steps observed: the same count as
// [Decision].Step, against which PCT places its change points, and which
// counts every scheduling point (a change point at a step where only one
// goroutine could run still demotes it for later). The first observation
// replaces the initial estimate, so a poor default does not linger. The
// maximum, not a median or a percentile: drawing over a length a few times
// too long costs PCT a constant factor per change point, drawing over one
// too short misses the bugs at the end of the longer runs altogether, and
// a maximum needs no memory of past runs. Runs that ran out of their step
// budget ([KindSteps]) and abandoned worlds ([KindBlocked]) are ignored:
// their length is the budget's or nothing, not the program's, and one
// livelock would otherwise stretch every later run's change points over a
// million steps.
//
// # Determinism
//
// The chooser of a run depends on its seed, its depth and the estimate at
// the moment it is made, so a sweep is deterministic given the same order
// of runs: a sequential seed loop is. Whoever reports a failure must carry
// the estimate ([PCTSizer.Steps], read before the run) in the command that
// reproduces the seed, or reproduce from the run's recorded schedule: a
// replay ([NewReplay] over Result.Schedule or a schedule file) answers
// every decision from the schedule and never consults a PCT chooser, so it
// does not depend on the sizer at all.
//
// A PCTSizer is safe for use by several goroutines; the estimate a run gets
// then depends on which runs finished before it.
type PCTSizer struct {
	mu    sync.Mutex
	steps int64
	seen  bool
}

// NewPCTSizer returns a sizer whose estimate before the first observation
// is initial scheduling points (0 or less means [PCTStepsDefault]).
func NewPCTSizer(initial int64) *PCTSizer {
	if initial <= 0 {
		initial = PCTStepsDefault
	}
	return &PCTSizer{steps: initial}
}

// Steps returns the current estimate of a run's length, in scheduling
// points: the steps argument of [NewPCT] for the next run.
func (z *PCTSizer) Steps() int64 {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.steps
}

// Observe learns from a finished run (see [PCTSizer] for which runs count).
// A nil Result is ignored.
func (z *PCTSizer) Observe(r *Result) {
	if r == nil || r.Steps <= 0 {
		return
	}
	if f := r.Failure; f != nil && (f.Kind == KindSteps || f.Kind == KindBlocked) {
		return
	}
	z.ObserveSteps(r.Steps)
}

// ObserveSteps learns that a run took steps scheduling points, for callers
// that keep only the count. Values of 0 or less are ignored.
func (z *PCTSizer) ObserveSteps(steps int64) {
	if steps <= 0 {
		return
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	if !z.seen || steps > z.steps {
		z.steps, z.seen = steps, true
	}
}

// NewPCT returns the PCT chooser of depth for seed, sized for the current
// estimate: [NewPCT](seed, depth, z.Steps()).
func (z *PCTSizer) NewPCT(seed uint64, depth int) Chooser {
	return NewPCT(seed, depth, clampInt(z.Steps()))
}

// clampInt converts a step count to an int without wrapping.
func clampInt(n int64) int {
	const maxInt = int64(^uint(0) >> 1)
	if n > maxInt {
		return int(maxInt)
	}
	return int(n)
}
