package sim

import (
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// The set answers as a sorted slice of the same ids would, through any
// sequence of additions and removals (including ids past its size, which
// grow it).
func TestRunSetAgainstSortedSlice(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var s runSet
		var want []int
		// Ids within a word, across a few, and across many (a deeper tree).
		idMax := rapid.SampledFrom([]int{63, 200, 3000}).Draw(t, "idMax")
		for range rapid.IntRange(1, 300).Draw(t, "ops") {
			id := rapid.IntRange(1, idMax).Draw(t, "id")
			if p, found := slices.BinarySearch(want, id); found {
				want = slices.Delete(want, p, p+1)
				s.remove(id)
			} else {
				want = slices.Insert(want, p, id)
				s.add(id)
			}
			if s.len() != len(want) {
				t.Fatalf("len %d, want %d", s.len(), len(want))
			}
			for k, id := range want {
				if got := s.at(k); got != id {
					t.Fatalf("at(%d) = %d, want %d (set %v)", k, got, id, want)
				}
				if got := s.rank(id); got != k {
					t.Fatalf("rank(%d) = %d, want %d", id, got, k)
				}
			}
			probe := rapid.IntRange(0, idMax+100).Draw(t, "probe")
			p, found := slices.BinarySearch(want, probe)
			if s.rank(probe) != p || s.has(probe) != found {
				t.Fatalf("rank(%d) = %d, has %v; want %d, %v", probe, s.rank(probe), s.has(probe), p, found)
			}
			if !slices.Equal(s.ids(), want) && len(want) > 0 {
				t.Fatalf("ids %v, want %v", s.ids(), want)
			}
		}
		s.remove(5000) // not in it: nothing happens
	})
}

// nthBit finds the k-th set bit of any word, for every k it has.
func TestNthBit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := rapid.Uint64().Draw(t, "x")
		k := 0
		for b := range 64 {
			if x&(1<<b) == 0 {
				continue
			}
			if got := nthBit(x, k); got != b {
				t.Fatalf("nthBit(%#x, %d) = %d, want %d", x, k, got, b)
			}
			k++
		}
	})
}
