package sim

import (
	"math/rand/v2"
	"slices"
)

// pctChangesMax bounds the change points a PCT chooser draws, whatever its
// depth: PCT's guarantee for a bug of depth d shrinks as 1/k^(d-1), so a
// depth in the thousands finds nothing a smaller one would not, and each
// change point costs memory when the chooser is made.
const pctChangesMax = 1 << 12

// NewPCT returns the PCT strategy (probabilistic concurrency testing,
// Burckhardt, Kothari, Musuvathi and Nagarakatte, ASPLOS 2010) with depth
// d: every goroutine gets a random priority when it first appears, the
// runnable goroutine with the highest priority always runs, and at d-1
// change points, drawn uniformly over the first steps steps of the run,
// the running goroutine's priority drops below every other. A bug of depth
// d (one that needs d ordering constraints) is found with probability at
// least 1/(n*k^(d-1)) per run, for n goroutines and k steps.
//
// steps is the run's length in scheduling points, as Result.Steps counts
// them: 0 means [PCTStepsDefault]. Change points drawn past the end of the
// run are wasted, so steps should be close to the real length: a
// [PCTSizer] learns it from earlier runs of the same test. Past steps, the
// strategy chooses every goroutine uniformly (a fair tail, like Coyote's
// fair PCT): strict priorities would let a goroutine that busy-waits for a
// lower-priority one spin until the step budget ends the run, a livelock
// reported on correct code. Within steps, depth 1 never preempts.
//
// Only what can matter is drawn: at most one change point per step, and at
// most 4,096 in all, so any depth and steps are safe and cost memory in
// proportion to min(d-1, steps, 4096). Select cases and draws are uniform,
// from the same seed; time decisions are answered as the random walk
// answers them.
func NewPCT(seed uint64, depth, steps int) Chooser {
	if steps <= 0 {
		steps = PCTStepsDefault
	}
	n := 0
	if depth > 1 {
		n = min(depth-1, steps, pctChangesMax)
	}
	rng := newRand(seed)
	changes := make([]int64, n)
	for i := range changes {
		changes[i] = 1 + rng.Int64N(int64(steps))
	}
	slices.Sort(changes)
	return &pct{rng: rng, changes: changes, fairFrom: int64(steps), prio: map[int]int64{}}
}

type pct struct {
	rng      *rand.Rand
	changes  []int64 // steps at which the running goroutine is demoted, ascending
	lowered  int     // change points used
	fairFrom int64   // past this step every choice is uniform
	prio     map[int]int64
	time     timeOdds
}

func (p *pct) priority(id int) int64 {
	pr, ok := p.prio[id]
	if !ok {
		// Initial priorities lie above every change-point priority (which
		// are 0..len(changes)-1); ties are broken by id below.
		pr = int64(len(p.changes)) + 1 + p.rng.Int64N(1<<40)
		p.prio[id] = pr
	}
	return pr
}

func (p *pct) Choose(d Decision) int {
	if d.Kind == TimeDecision {
		return p.time.choose(p.rng)
	}
	if d.Kind != ScheduleDecision || d.Step > p.fairFrom {
		return p.rng.IntN(d.N)
	}
	for p.lowered < len(p.changes) && d.Step >= p.changes[p.lowered] {
		if d.Current != 0 {
			p.priority(d.Current)
			p.prio[d.Current] = int64(len(p.changes) - 1 - p.lowered)
		}
		p.lowered++
	}
	// The running goroutine first, then the others ascending: the order in
	// which priorities are first drawn is part of the schedule.
	best, bestPrio := 0, int64(-1)
	for i := range d.N {
		if pr := p.priority(d.Goroutine(i)); pr > bestPrio {
			best, bestPrio = i, pr
		}
	}
	return best
}
