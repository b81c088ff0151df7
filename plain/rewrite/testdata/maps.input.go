// Ranges over maps go through plain.RangeMap; ranges over slices, strings,
// integers and functions stay.
package main

import (
	"fmt"
	"sort"
)

type table map[string]int

func main() {
	m := map[string]int{"a": 1, "b": 2, "c": 3}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(keys)
	total := 0
	for _, v := range m {
		total += v
	}
	fmt.Println(total)
	t := table{"x": 4}
	for k, v := range t {
		fmt.Println(k, v)
	}
	n := 0
	for range m {
		n++
	}
	var k string
	var v int
	for k, v = range t {
	}
	fmt.Println(n, k, v)
	for i, c := range "hi" {
		fmt.Println(i, c)
	}
	for i := range []int{5} {
		fmt.Println(i)
	}
	seq := func(yield func(int) bool) { yield(1) }
	for x := range seq {
		fmt.Println(x)
	}
	for k := range m {
		delete(m, k)
	}
	fmt.Println(len(m))
}
