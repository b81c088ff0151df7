//go:build !plan9

package olddep

import "sync"

// Count counts to n under a mutex from n goroutines; the file's own
// build line is kept, with go1.18 added to it.
func Count(n int) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	c := 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			c++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return c
}
