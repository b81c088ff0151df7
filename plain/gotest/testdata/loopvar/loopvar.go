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
		if copy {
			i := i
			wg.Add(1)
			go func() {
				defer wg.Done()
				mu.Lock()
				got = append(got, i)
				mu.Unlock()
			}()
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			got = append(got, i)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return got
}
