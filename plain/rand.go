package plain

import (
	randv1 "math/rand"
	randv2 "math/rand/v2"
)

// The rewriter turns a call of a math/rand top-level function, rand.F(args),
// into Rand().F(args), and one of math/rand/v2 into RandV2().F(args)
// (the generic rand.N into [RandN]). Outside a world these generators draw
// from the packages' own global sources, so the numbers are what the plain
// calls would give; in a world they come from the world's seed.

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

// Rand is the generator behind math/rand's top-level functions.
func Rand() *randv1.Rand { return nativeV1 }

// RandV2 is the generator behind math/rand/v2's top-level functions.
func RandV2() *randv2.Rand { return nativeV2 }

// RandN is math/rand/v2's rand.N(n).
func RandN[Int ~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr](n Int) Int {
	return randv2.N(n)
}
