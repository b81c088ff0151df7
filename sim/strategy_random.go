package sim

import "math/rand/v2"

// NewRandom returns the random-walk strategy: every decision uniform, from
// a generator seeded with seed. It is the default Chooser.
func NewRandom(seed uint64) Chooser {
	return &randomWalk{rng: newRand(seed)}
}

type randomWalk struct{ rng *rand.Rand }

func (r *randomWalk) Choose(d Decision) int { return r.rng.IntN(d.N) }

// newRand derives a generator from a seed; the constant keeps the two PCG
// words apart so that seed 0 is as good as any.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}
