// Package afterfuncflush is a kernel of its own design (timer): a batcher
// hands its batch to a flush scheduled with time.AfterFunc(0, ...), "run
// it soon, on another goroutine". Add decides whether to schedule the
// flush and appends in two critical sections: a flush that runs between
// them finds the batch empty, and the value appended after it waits for a
// flush that nobody schedules, since the next Add sees a batch that is not
// empty. The fix decides and appends in one critical section.
//
// No goroutine blocks between Add's two sections, so the flush can run
// there only if a timer may fire while code runs: in a world, with a
// timer horizon (execsim test's default), not on a clock that moves only
// when every goroutine waits.
package afterfuncflush

import (
	"sync"
	"time"
)

// Batcher collects values and flushes them soon after the first one.
type Batcher struct {
	fixed   bool
	mu      sync.Mutex
	batch   []int
	flushed chan []int
}

// New returns a batcher whose flushes arrive on Flushed.
func New(fixed bool) *Batcher {
	return &Batcher{fixed: fixed, flushed: make(chan []int, 16)}
}

// Add adds v to the batch, and schedules a flush if it is the first.
func (b *Batcher) Add(v int) {
	b.mu.Lock()
	first := len(b.batch) == 0
	if b.fixed {
		b.batch = append(b.batch, v)
	}
	b.mu.Unlock()
	if first {
		time.AfterFunc(0, b.flush)
	}
	if !b.fixed {
		b.mu.Lock()
		b.batch = append(b.batch, v)
		b.mu.Unlock()
	}
}

func (b *Batcher) flush() {
	b.mu.Lock()
	batch := b.batch
	b.batch = nil
	b.mu.Unlock()
	if len(batch) > 0 {
		b.flushed <- batch
	}
}

// Flushed receives each flushed batch.
func (b *Batcher) Flushed() <-chan []int { return b.flushed }
