package sim

import "math/rand/v2"

// NewRandom returns the random-walk strategy: every decision uniform, from
// a generator seeded with seed, except time decisions, which fire a timer
// early at a rate drawn once per run (never, or 1/64, 1/16, 1/4 or 1/2 of
// the time). It is the default Chooser.
func NewRandom(seed uint64) Chooser {
	return &randomWalk{rng: newRand(seed)}
}

type randomWalk struct {
	rng  *rand.Rand
	time timeOdds
}

func (r *randomWalk) Choose(d Decision) int {
	if d.Kind == TimeDecision {
		return r.time.choose(r.rng)
	}
	return r.schedule(d.N)
}

// schedule answers any decision but a time one, among n; the world calls
// it directly for its schedule decisions (world.walkSchedule).
func (r *randomWalk) schedule(n int) int { return r.rng.IntN(n) }

// newRand derives a generator from a seed; the constant keeps the two PCG
// words apart so that seed 0 is as good as any.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// timeOdds is how the strategies answer time decisions: early with one
// probability for the whole run, drawn from timeOddsDenominators at the
// run's first time decision. A uniform answer would fire every timer in
// range within a step or two, as if every computation were slow: the
// deliveries a test wants to see land mid-computation would, but the runs
// in which the network is slower than the code (a reply still in flight
// when Shutdown starts) would all but vanish. Drawing the rate per run
// explores both, from a machine that never stalls to one that always
// does. Worlds without the horizon never ask, so their draws are
// unchanged.
type timeOdds struct {
	drawn bool
	den   int // fire with probability 1/den; 0 never
}

var timeOddsDenominators = [...]int{0, 64, 16, 4, 2}

func (o *timeOdds) choose(rng *rand.Rand) int {
	if !o.drawn {
		o.drawn, o.den = true, timeOddsDenominators[rng.IntN(len(timeOddsDenominators))]
	}
	if o.den == 0 || rng.IntN(o.den) != 0 {
		return 0
	}
	return 1
}
