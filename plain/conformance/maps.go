package conformance

import "fmt"

func mapRangeEveryKeyOnce() []string {
	var t transcript
	m := map[string]int{}
	for i := range 20 {
		m[fmt.Sprintf("k%02d", i)] = i
	}
	seen := map[string]int{}
	var keys []string
	sum := 0
	for k, v := range m {
		seen[k]++
		keys = append(keys, k)
		sum += v
	}
	once := true
	for _, n := range seen {
		once = once && n == 1
	}
	t.add("visited %d keys, each once %v, sum %d", len(keys), once, sum)
	t.add("keys %v", sorted(keys))
	return t
}

// Deleting the current key during a range is allowed and does not skip
// any other key.
func mapRangeDeleteCurrent() []string {
	var t transcript
	m := map[int]bool{}
	for i := range 16 {
		m[i] = true
	}
	var visited []int
	for k := range m {
		visited = append(visited, k)
		delete(m, k)
	}
	t.add("visited %v, left %d", sorted(visited), len(m))
	return t
}

// A key deleted before the range reaches it is not produced: with each key
// deleting its partner, exactly one of every pair is visited (which one
// depends on the order, so the pairs are recorded, not the keys).
func mapRangeDeleteUnvisited() []string {
	var t transcript
	m := map[int]bool{}
	const pairs = 8
	for i := range 2 * pairs {
		m[i] = true
	}
	perPair := make([]int, pairs)
	for k := range m {
		perPair[k%pairs]++
		delete(m, (k+pairs)%(2*pairs))
	}
	t.add("visits per pair %v, left %d", perPair, len(m))
	return t
}
