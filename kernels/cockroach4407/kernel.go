// Package cockroach4407 re-expresses GoKer's cockroach#4407 (non-blocking,
// WaitGroup): the stopper's RunWorker calls WaitGroup.Add while Stop may
// already be in Wait, so a worker started by a concurrent gossip call runs
// after Stop has returned (or Add panics for reuse of a WaitGroup). The fix
// refuses new workers once stopping has begun, under the same mutex that
// Stop takes before it waits.
package cockroach4407

import (
	"sync"
	"sync/atomic"
)

// Stopper runs workers and stops them; Fixed selects the fix.
type Stopper struct {
	Fixed    bool
	mu       sync.Mutex
	stopping bool
	wg       sync.WaitGroup
	stopped  atomic.Bool
}

// RunWorker runs f in a goroutine unless the stopper is stopping.
func (s *Stopper) RunWorker(f func()) bool {
	if s.Fixed {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.stopping {
			return false
		}
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
	return true
}

// Stop waits for every worker; no worker runs once it has returned.
func (s *Stopper) Stop() {
	s.mu.Lock()
	s.stopping = true
	s.mu.Unlock()
	s.wg.Wait()
	s.stopped.Store(true)
}

// Stopped reports whether Stop has returned.
func (s *Stopper) Stopped() bool { return s.stopped.Load() }

// Drain waits for stragglers (test cleanup).
func (s *Stopper) Drain() { s.wg.Wait() }
