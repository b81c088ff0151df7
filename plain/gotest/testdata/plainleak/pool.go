// Package plainleak is a fixture of package gotest's tests: a worker pool
// in plain Go (go statements, a channel, a sync.WaitGroup) whose Shutdown
// forgets, unless told to join, to close the jobs channel.
package plainleak

import "sync"

// Pool runs jobs on workers.
type Pool struct {
	jobs chan func()
	wg   sync.WaitGroup
	join bool
}

// New starts n workers; join says whether Shutdown stops them.
func New(n int, join bool) *Pool {
	p := &Pool{jobs: make(chan func()), join: join}
	for range n {
		p.wg.Add(1)
		go p.work() // marker: spawn
	}
	return p
}

func (p *Pool) work() {
	defer p.wg.Done()
	for job := range p.jobs {
		job()
	}
}

// Submit hands job to a worker.
func (p *Pool) Submit(job func()) { p.jobs <- job }

// Shutdown stops the pool, if it was told to.
func (p *Pool) Shutdown() {
	if p.join {
		close(p.jobs)
		p.wg.Wait()
	}
}
