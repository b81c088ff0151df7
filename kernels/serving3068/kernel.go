// Package serving3068 re-expresses GoKer's serving#3068 (non-blocking,
// channel misuse): the worker pool's Wait closes the work channel and then
// waits for the submitted work in a new goroutine instead of in the caller,
// so Wait returns while work is still running and the caller reads a
// partial result. The fix waits in the caller.
package serving3068

import "sync"

// Pool runs submitted functions on a fixed set of workers.
type Pool struct {
	fixed   bool
	work    chan func()
	pending sync.WaitGroup
	workers sync.WaitGroup
	once    sync.Once
}

// New starts workers that run the submitted functions.
func New(workers, capacity int, fixed bool) *Pool {
	p := &Pool{fixed: fixed, work: make(chan func(), capacity)}
	for range workers {
		p.workers.Add(1)
		go func() {
			defer p.workers.Done()
			for w := range p.work {
				w()
				p.pending.Done()
			}
		}()
	}
	return p
}

// Go submits w.
func (p *Pool) Go(w func()) {
	p.pending.Add(1)
	p.work <- w
}

// Wait stops accepting work and waits for the submitted work to finish.
func (p *Pool) Wait() {
	p.once.Do(func() {
		close(p.work)
		if p.fixed {
			p.pending.Wait()
			return
		}
		go p.pending.Wait()
	})
}

// Join waits for the workers to exit (test cleanup).
func (p *Pool) Join() { p.workers.Wait() }
