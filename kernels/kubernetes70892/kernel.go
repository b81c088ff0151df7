// Package kubernetes70892 re-expresses GoKer's kubernetes#70892
// (non-blocking, data race): the priority workers of the scheduler check a
// shared result list and then replace it, and two workers that both see the
// old list both replace it. Here the check and the replacement are two
// critical sections (a check-then-act across a lock release), so both
// workers initialize the same entry; the fix does both in one.
package kubernetes70892

import "sync"

// Results holds one priority list per priority function.
type Results struct {
	Fixed bool
	mu    sync.Mutex
	lists [][]int
	inits int
}

// NewResults returns n uninitialized lists.
func NewResults(n int, fixed bool) *Results {
	r := &Results{Fixed: fixed, lists: make([][]int, n)}
	for i := range r.lists {
		r.lists[i] = make([]int, 2)
	}
	return r
}

// ProcessNode initializes every list not yet initialized.
func (r *Results) ProcessNode(int) {
	for i := range len(r.lists) {
		if r.Fixed {
			r.mu.Lock()
			if r.lists[i][0] != 4 {
				r.lists[i] = []int{4, 8, 9}
				r.inits++
			}
			r.mu.Unlock()
			continue
		}
		r.mu.Lock()
		needs := r.lists[i][0] != 4
		r.mu.Unlock()
		if needs {
			r.mu.Lock()
			r.lists[i] = []int{4, 8, 9}
			r.inits++
			r.mu.Unlock()
		}
	}
}

// Inits returns how many initializations ran.
func (r *Results) Inits() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.inits
}

// ParallelizeUntil runs doWorkPiece for each piece on workers goroutines.
func ParallelizeUntil(workers, pieces int, doWorkPiece func(piece int)) {
	toProcess := make(chan int, pieces)
	for i := range pieces {
		toProcess <- i
	}
	close(toProcess)
	var wg sync.WaitGroup
	for range min(workers, pieces) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for piece := range toProcess {
				doWorkPiece(piece)
			}
		}()
	}
	wg.Wait()
}
