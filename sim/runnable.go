package sim

import "math/bits"

// runSet is the world's runnable goroutines in ascending id order: a bit
// per goroutine id, in words of 64, and a Fenwick tree of counts over the
// words. A decision names goroutines by their place in that order
// (Decision.Goroutine, Decision.Answer), so the world needs the k-th
// runnable id and an id's place as well as insertion and removal; all
// four cost O(log n) in the number of goroutines the world has started,
// and a world of fewer than 64 goroutines has one word and a tree of one.
// A sorted slice gave the first two for free but moved every later
// element on each park and wake: with 10,000 runnable a handoff between
// two low ids cost 16 times one among two (issue 19,
// BenchmarkRunnableHandoff). A tree over single ids took a dependent load
// per level at every decision, 5% of a coordinator-restart run.
type runSet struct {
	words []uint64 // bit id%64 of words[id/64]: id is runnable; id 0 is never
	tree  []int32  // 1-based over words: tree[i] counts the bits of words (i - lowbit(i), i]
	n     int
}

// len is the number of runnable goroutines.
func (s *runSet) len() int { return s.n }

// has reports whether id is runnable.
func (s *runSet) has(id int) bool {
	return s != nil && id >= 0 && id>>6 < len(s.words) && s.words[id>>6]&(1<<(id&63)) != 0
}

// add makes id runnable; it must not be.
func (s *runSet) add(id int) {
	w := id >> 6
	if w >= len(s.words) {
		s.grow(w)
	}
	s.words[w] |= 1 << (id & 63)
	s.n++
	for i := w + 1; i < len(s.tree); i += i & -i {
		s.tree[i]++
	}
}

// remove takes id out of the set, if it is in it.
func (s *runSet) remove(id int) {
	if !s.has(id) {
		return
	}
	w := id >> 6
	s.words[w] &^= 1 << (id & 63)
	s.n--
	for i := w + 1; i < len(s.tree); i += i & -i {
		s.tree[i]--
	}
}

// grow makes room for word w at least, doubling, and rebuilds the tree
// from the words in O(size).
func (s *runSet) grow(w int) {
	size := max(2*len(s.words), w+1)
	words := make([]uint64, size)
	copy(words, s.words)
	tree := make([]int32, size+1)
	for i := 1; i <= size; i++ {
		tree[i] += int32(bits.OnesCount64(words[i-1]))
		if j := i + i&-i; j <= size {
			tree[j] += tree[i]
		}
	}
	s.words, s.tree = words, tree
}

// rank is the number of runnable ids below id.
func (s *runSet) rank(id int) int {
	if id <= 0 {
		return 0
	}
	w := id >> 6
	if w >= len(s.words) {
		return s.n
	}
	r := bits.OnesCount64(s.words[w] & (1<<(id&63) - 1))
	for i := w; i > 0; i -= i & -i {
		r += int(s.tree[i])
	}
	return r
}

// other is the goroutine that answer i > 0 of a preemption decision picks:
// the i-th runnable id, by ascending id, of those other than current
// (Decision.Goroutine; the scheduling point).
func (s *runSet) other(current, i int) int {
	if i <= s.rank(current) {
		return s.at(i - 1)
	}
	return s.at(i)
}

// at is the k-th runnable id, counting from 0 in ascending order; k must
// be below len.
func (s *runSet) at(k int) int {
	pos, rem := 0, int32(k+1)
	if len(s.words) > 1 {
		for step := 1 << (bits.Len(uint(len(s.words))) - 1); step > 0; step >>= 1 {
			if next := pos + step; next <= len(s.words) && s.tree[next] < rem {
				pos = next
				rem -= s.tree[next]
			}
		}
	}
	return pos<<6 + nthBit(s.words[pos], int(rem)-1)
}

// nthBit is the place of the k-th set bit of x (k from 0), which must have
// more than k: a byte at a time, then a bit at a time within the byte, so
// never more than 15 steps.
func nthBit(x uint64, k int) int {
	for b := 0; ; b += 8 {
		by := uint8(x >> b)
		if c := bits.OnesCount8(by); k >= c {
			k -= c
			continue
		}
		for ; k > 0; k-- {
			by &= by - 1
		}
		return b + bits.TrailingZeros8(by)
	}
}

// ids lists the runnable ids in ascending order.
func (s *runSet) ids() []int {
	out := make([]int, 0, s.n)
	for w, x := range s.words {
		for ; x != 0; x &= x - 1 {
			out = append(out, w<<6+bits.TrailingZeros64(x))
		}
	}
	return out
}
