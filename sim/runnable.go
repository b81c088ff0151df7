package sim

import "math/bits"

// runSet is the world's runnable goroutines in ascending id order, as a
// Fenwick tree of counts over goroutine ids. A decision names goroutines by
// their place in that order (Decision.Goroutine, Decision.Answer), so the
// world needs the k-th runnable id and an id's place as well as insertion
// and removal; all four cost O(log n) in the number of goroutines the
// world has started. A sorted slice gave the first two for free but moved
// every later element on each park and wake: with 10,000 runnable a
// handoff between two low ids cost 16 times one among two (issue 19,
// BenchmarkRunnableHandoff).
type runSet struct {
	tree []int32 // 1-based: tree[i] counts the runnable ids in (i - lowbit(i), i]
	in   []bool  // in[id]: id is runnable; in[0] unused
	n    int
}

// len is the number of runnable goroutines.
func (s *runSet) len() int { return s.n }

// has reports whether id is runnable.
func (s *runSet) has(id int) bool { return s != nil && id < len(s.in) && s.in[id] }

// add makes id runnable; it must not be.
func (s *runSet) add(id int) {
	if id >= len(s.tree) {
		s.grow(id)
	}
	s.in[id] = true
	s.n++
	for i := id; i < len(s.tree); i += i & -i {
		s.tree[i]++
	}
}

// remove takes id out of the set, if it is in it.
func (s *runSet) remove(id int) {
	if !s.has(id) {
		return
	}
	s.in[id] = false
	s.n--
	for i := id; i < len(s.tree); i += i & -i {
		s.tree[i]--
	}
}

// grow makes room for ids up to at least id, doubling, and rebuilds the
// tree from the membership flags in O(size).
func (s *runSet) grow(id int) {
	size := max(2*len(s.tree), id+1, 16)
	in := make([]bool, size)
	copy(in, s.in)
	tree := make([]int32, size)
	for i := 1; i < size; i++ {
		if in[i] {
			tree[i]++
		}
		if j := i + i&-i; j < size {
			tree[j] += tree[i]
		}
	}
	s.in, s.tree = in, tree
}

// rank is the number of runnable ids below id.
func (s *runSet) rank(id int) int {
	r := 0
	for i := min(id-1, len(s.tree)-1); i > 0; i -= i & -i {
		r += int(s.tree[i])
	}
	return r
}

// at is the k-th runnable id, counting from 0 in ascending order; k must
// be below len.
func (s *runSet) at(k int) int {
	pos, rem := 0, int32(k+1)
	for step := 1 << (bits.Len(uint(len(s.tree)-1)) - 1); step > 0; step >>= 1 {
		if next := pos + step; next < len(s.tree) && s.tree[next] < rem {
			pos = next
			rem -= s.tree[next]
		}
	}
	return pos + 1
}

// ids lists the runnable ids in ascending order.
func (s *runSet) ids() []int {
	out := make([]int, 0, s.n)
	for id, in := range s.in {
		if in {
			out = append(out, id)
		}
	}
	return out
}
