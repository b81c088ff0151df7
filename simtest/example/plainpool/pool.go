// Package plainpool is the plain-Go twin of package pool, simtest's worked
// example: the same worker pool written with go statements, a channel and
// sync.WaitGroups, and no execsim import. It is tested by a plain
// `func TestShutdown(t *testing.T)`; run under execsim's rewrite
// (`go run ./cmd/execsim test ./simtest/example/plainpool`) that test runs
// in one world per seed, with everything simtest gives kit code.
//
// Shutdown lives in shutdown.go. Built with -tags buggy, shutdown_buggy.go
// replaces it by the version with the bug: it waits for the jobs but
// forgets to close the jobs channel, so every worker is left blocked on it.
package plainpool

import "sync"

// Pool runs submitted jobs on a fixed number of workers.
type Pool struct {
	jobs    chan func()
	pending sync.WaitGroup // jobs submitted and not yet finished
	workers sync.WaitGroup // workers not yet returned
}

// New starts a pool of n workers.
func New(n int) *Pool {
	p := &Pool{jobs: make(chan func(), n)}
	for range n {
		p.workers.Go(p.work)
	}
	return p
}

func (p *Pool) work() {
	for job := range p.jobs {
		job()
		p.pending.Done()
	}
}

// Submit queues job; it blocks while every worker is busy and the queue
// is full. Submit must not be called after Shutdown.
func (p *Pool) Submit(job func()) {
	p.pending.Add(1)
	p.jobs <- job
}
