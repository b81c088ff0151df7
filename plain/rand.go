package plain

import (
	"math"
	randv1 "math/rand"
	randv2 "math/rand/v2"

	"github.com/execsim/execsim/sim"
)

// The rewriter turns a call of a math/rand top-level function, rand.F(args),
// into Rand().F(args), and one of math/rand/v2 into RandV2().F(args)
// (the generic rand.N into [RandN]). Outside a world these generators draw
// from the packages' own global sources, so the numbers are what the plain
// calls would give. In a world each is the world's own generator, seeded
// at first use from one draw of the world's Chooser (Runtime.Choose), so
// a replay repeats the numbers.

// globalV1 is math/rand's global source seen as a Source64.
type globalV1 struct{}

func (globalV1) Int63() int64   { return randv1.Int63() }
func (globalV1) Uint64() uint64 { return randv1.Uint64() }
func (globalV1) Seed(int64)     {}

var nativeV1 = randv1.New(globalV1{})

// globalV2 is math/rand/v2's global source.
type globalV2 struct{}

func (globalV2) Uint64() uint64 { return randv2.Uint64() }

var nativeV2 = randv2.New(globalV2{})

// randKey keys a world's generators: the Runtime makes it the world's own.
type randKey struct {
	rt sim.Runtime
	v2 bool
}

func seedOf(rt sim.Runtime, label string) int64 {
	return int64(rt.Choose(label, math.MaxInt))
}

// Rand is the generator behind math/rand's top-level functions.
func Rand() *randv1.Rand {
	if rt := sim.Current(); rt != nil {
		return sim.Local(rt, randKey{rt: rt}, func() *randv1.Rand {
			return randv1.New(randv1.NewSource(seedOf(rt, "math/rand seed")))
		})
	}
	return nativeV1
}

// RandV2 is the generator behind math/rand/v2's top-level functions.
func RandV2() *randv2.Rand {
	if rt := sim.Current(); rt != nil {
		return sim.Local(rt, randKey{rt: rt, v2: true}, func() *randv2.Rand {
			s := uint64(seedOf(rt, "math/rand/v2 seed"))
			return randv2.New(randv2.NewPCG(s, s^0x9e3779b97f4a7c15))
		})
	}
	return nativeV2
}

// RandN is math/rand/v2's rand.N(n).
func RandN[Int ~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr](n Int) Int {
	if sim.Current() != nil {
		if n <= 0 {
			panic("invalid argument to N")
		}
		return Int(RandV2().Uint64N(uint64(n)))
	}
	return randv2.N(n)
}
