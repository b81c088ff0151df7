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

// The forms of a range over a map: its operand is evaluated once, a range
// with a key only or a value only or neither sees every entry, continue
// works, and one that assigns to variables declared before it leaves the
// last entry in them (here a one-entry map, so that the entry is fixed).
func mapRangeForms() []string {
	var t transcript
	m := map[string]int{"a": 1, "b": 2, "c": 3}
	calls := 0
	get := func() map[string]int { calls++; return m }
	sum := 0
	for _, v := range get() {
		if v == 2 {
			continue
		}
		sum += v
	}
	t.add("values without 2: %d, operand evaluated %d time(s)", sum, calls)
	keys := 0
	for k := range m {
		keys += len(k)
	}
	n := 0
	for range m {
		n++
	}
	t.add("keys %d entries %d", keys, n)
	var k string
	var v int
	for k, v = range map[string]int{"z": 26} {
	}
	t.add("assigned: %s %d", k, v)
	return t
}
