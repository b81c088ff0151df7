// Package waitgroupaddinside is a kernel of its own design (WaitGroup):
// each goroutine calls wg.Add(1) itself, so Wait can run before some Add
// and return with work outstanding (Go's documentation: calls with a
// positive delta that start when the counter is zero must happen before
// Wait). The fix calls Add before the go statement.
package waitgroupaddinside

import (
	"sync"
	"sync/atomic"
)

// Sum adds items on one goroutine each.
func Sum(items []int, fixed bool) int64 {
	var wg sync.WaitGroup
	var sum atomic.Int64
	for _, it := range items {
		if fixed {
			wg.Add(1)
		}
		go func() {
			if !fixed {
				wg.Add(1)
			}
			defer wg.Done()
			sum.Add(int64(it))
		}()
	}
	wg.Wait()
	return sum.Load()
}
