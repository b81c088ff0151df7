// Package loopvar is a module at go 1.21, where a loop's variable is
// shared by its iterations: a goroutine that captures it sees the last
// value unless the loop copies it. execsim test adds execsim to a
// temporary go.mod, whose go line the go command raises to execsim's; the
// rewritten files keep go1.21, so the bug stays a bug.
package loopvar

import "sync"

// Collect starts a goroutine per i that appends i; copy says whether the
// loop gives each goroutine its own i.
func Collect(copy bool) []int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	var got []int
	for i := 0; i < 3; i++ {
		v := &i // the loop's own variable: one for every iteration at go1.21
		if copy {
			c := i
			v = &c
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			got = append(got, *v)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return got
}
