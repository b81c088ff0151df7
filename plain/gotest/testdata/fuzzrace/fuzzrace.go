// Package fuzzrace has a lost update that a fuzz test's target reaches:
// execsim test runs each input of the seed corpus in worlds, as it runs a
// test function's body.
package fuzzrace

import "sync"

// AddTwice adds n to a total from two goroutines, each reading and
// writing it in two critical sections: one update can be lost.
func AddTwice(n int) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := 0
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			v := total
			mu.Unlock()
			mu.Lock()
			total = v + n
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}
