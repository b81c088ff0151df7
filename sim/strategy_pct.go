package sim

import (
	"math/rand/v2"
	"slices"
)

// NewPCT returns the PCT strategy (probabilistic concurrency testing,
// Burckhardt, Kothari, Musuvathi and Nagarakatte, ASPLOS 2010) with depth
// d: every goroutine gets a random priority when it first appears, the
// runnable goroutine with the highest priority always runs, and at d-1
// change points, drawn uniformly over the first steps steps of the run,
// the running goroutine's priority drops below every other. A bug of depth
// d (one that needs d ordering constraints) is found with probability at
// least 1/(n*k^(d-1)) per run, for n goroutines and k steps.
//
// steps estimates the length of a run in scheduling points; a few times
// the real length is fine, 0 means 1,000. Select cases and draws are
// uniform, from the same seed; time decisions are answered as the random
// walk answers them.
func NewPCT(seed uint64, depth, steps int) Chooser {
	if depth < 1 {
		depth = 1
	}
	if steps <= 0 {
		steps = 1000
	}
	rng := newRand(seed)
	changes := make([]int64, depth-1)
	for i := range changes {
		changes[i] = 1 + rng.Int64N(int64(steps))
	}
	slices.Sort(changes)
	return &pct{rng: rng, depth: depth, changes: changes, prio: map[int]int64{}}
}

type pct struct {
	rng     *rand.Rand
	depth   int
	changes []int64 // steps at which the running goroutine is demoted, ascending
	lowered int     // change points used
	prio    map[int]int64
	time    timeOdds
}

func (p *pct) priority(id int) int64 {
	pr, ok := p.prio[id]
	if !ok {
		// Initial priorities lie above every change-point priority (which
		// are 1..depth-1); ties are broken by id below.
		pr = int64(p.depth) + 1 + p.rng.Int64N(1<<40)
		p.prio[id] = pr
	}
	return pr
}

func (p *pct) Choose(d Decision) int {
	if d.Kind == TimeDecision {
		return p.time.choose(p.rng)
	}
	if d.Kind != ScheduleDecision {
		return p.rng.IntN(d.N)
	}
	for p.lowered < len(p.changes) && d.Step >= p.changes[p.lowered] {
		if d.Current != 0 {
			p.priority(d.Current)
			p.prio[d.Current] = int64(p.depth - 1 - p.lowered)
		}
		p.lowered++
	}
	best, bestPrio := 0, int64(-1)
	for i, id := range d.IDs {
		if pr := p.priority(id); pr > bestPrio {
			best, bestPrio = i, pr
		}
	}
	return best
}
