// Package sendaftershutdown is a kernel of its own design (lifecycle): the
// pool's Shutdown closes the task channel and then, without waiting for the
// workers, the results channel; a worker still finishing a task sends its
// result after that: "send on closed channel". The fix waits for the
// workers before closing results.
package sendaftershutdown

import "sync"

// Pool doubles numbers on worker goroutines.
type Pool struct {
	fixed   bool
	tasks   chan int
	results chan int
	wg      sync.WaitGroup
}

// New starts workers; results has room for every task.
func New(workers, capacity int, fixed bool) *Pool {
	p := &Pool{fixed: fixed, tasks: make(chan int, capacity), results: make(chan int, capacity)}
	for range workers {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for t := range p.tasks {
				p.results <- 2 * t
			}
		}()
	}
	return p
}

// Submit queues a task.
func (p *Pool) Submit(t int) { p.tasks <- t }

// Shutdown stops the pool; Results is closed once every result is in it.
func (p *Pool) Shutdown() {
	close(p.tasks)
	if p.fixed {
		p.wg.Wait()
	}
	close(p.results)
}

// Results returns the results channel.
func (p *Pool) Results() <-chan int { return p.results }

// Join waits for the workers (test cleanup).
func (p *Pool) Join() { p.wg.Wait() }
