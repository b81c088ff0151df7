// Package pool is the service of simtest's worked example: a worker pool
// with a lifecycle (New, Submit, Shutdown), written against sim.Runtime so
// that the same code runs on native goroutines in production and in a
// world under test.
//
// Shutdown lives in shutdown.go. Built with -tags buggy, shutdown_buggy.go
// replaces it by the version with the bug the example finds: it waits for
// the jobs but forgets to close the jobs channel, so every worker is left
// blocked on it.
package pool

import (
	"fmt"

	"github.com/execsim/execsim/sim"
)

// Pool runs submitted jobs on a fixed number of workers.
type Pool struct {
	jobs    sim.Chan[func()]
	pending *sim.WaitGroup // jobs submitted and not yet finished
	workers *sim.WaitGroup // workers not yet returned
}

// New starts a pool of n workers on rt.
func New(rt sim.Runtime, n int) *Pool {
	p := &Pool{jobs: sim.NewChan[func()](rt, n), pending: rt.NewWaitGroup(), workers: rt.NewWaitGroup()}
	for i := range n {
		p.workers.Go(fmt.Sprintf("worker %d", i), p.work)
	}
	return p
}

func (p *Pool) work() {
	for {
		job, ok := p.jobs.Recv()
		if !ok {
			return
		}
		job()
		p.pending.Done()
	}
}

// Submit queues job; it blocks while every worker is busy and the queue
// is full. Submit must not be called after Shutdown.
func (p *Pool) Submit(job func()) {
	p.pending.Add(1)
	p.jobs.Send(job)
}
