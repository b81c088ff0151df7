// Package kubernetes81091 re-expresses GoKer's kubernetes#81091
// (non-blocking, data race): the scheduler runs the filter plugins for every
// node in parallel, and the fake filter plugin counts its calls with an
// unsynchronized increment, so concurrent calls lose counts. Here the
// increment is a load and a store (each a scheduling point) so that a world
// can interleave them; the fix is one atomic add.
package kubernetes81091

import (
	"sync"
	"sync/atomic"
)

// FilterPlugin counts the nodes it filtered.
type FilterPlugin struct {
	Fixed bool
	calls atomic.Int64
}

// Filter filters one node.
func (p *FilterPlugin) Filter() {
	if p.Fixed {
		p.calls.Add(1)
		return
	}
	n := p.calls.Load()
	p.calls.Store(n + 1)
}

// Calls returns the number of calls counted.
func (p *FilterPlugin) Calls() int64 { return p.calls.Load() }

// ParallelizeUntil runs doWorkPiece for each piece on workers goroutines,
// as the scheduler's workqueue helper does.
func ParallelizeUntil(workers, pieces int, doWorkPiece func(piece int)) {
	toProcess := make(chan int, pieces)
	for i := range pieces {
		toProcess <- i
	}
	close(toProcess)
	workers = min(workers, pieces)
	var wg sync.WaitGroup
	wg.Add(workers)
	for range workers {
		go func() {
			defer wg.Done()
			for piece := range toProcess {
				doWorkPiece(piece)
			}
		}()
	}
	wg.Wait()
}
