//line maps.input.go:1
// Ranges over maps go through plain.RangeMap; ranges over slices, strings,
// integers and functions stay.
package main; import execsim_plain "github.com/execsim/execsim/plain"

import (
	"fmt"
	"sort"
)

type table map[string]int

func main() {
	m := map[string]int{"a": 1, "b": 2, "c": 3}
	var keys []string
	for k := range execsim_plain.RangeMap(m) {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(keys)
	total := 0
	for _, v := range execsim_plain.RangeMap(m) {
		total += v
	}
	fmt.Println(total)
	t := table{"x": 4}
	for k, v := range execsim_plain.RangeMap(t) {
		fmt.Println(k, v)
	}
	n := 0
	for range execsim_plain.RangeMap(m) {
		n++
	}
	var k string
	var v int
	for k, v = range execsim_plain.RangeMap(t) {
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
	for k := range execsim_plain.RangeMap(m) {
		delete(m, k)
	}
	fmt.Println(len(m))
}
