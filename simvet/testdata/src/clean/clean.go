// Package clean keeps every rule, including the look-alikes the rules
// must not confuse with violations.
package clean

import (
	"maps"
	"slices"
	"sort"
	"time"
)

// A local function and type that share banned names.
func Now() int { return 0 }

type Mutex struct{}

type timeout struct {
	d time.Duration // plain values of package time are allowed
	t time.Time
}

func sortedKeys(m map[string]int) []string {
	keys := slices.Sorted(maps.Keys(m))
	for _, k := range keys {
		_ = m[k]
	}
	vals := slices.SortedFunc(maps.Values(m), func(a, b int) int { return a - b })
	_ = vals
	copied := maps.Collect(maps.All(m))
	maps.Insert(copied, maps.All(m))
	_ = Now()
	var mu Mutex
	_ = mu
	_ = timeout{d: 2 * time.Second}
	old := make([]string, 0, len(m))
	sort.Strings(old)
	return keys
}

func slicesAndFuncs(xs []int, seq func(func(int) bool)) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	for x := range seq {
		n += x
	}
	for i := range 3 {
		n += i
	}
	return n
}
