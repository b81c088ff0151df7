// Package pool is a fixture of package gotest's tests: a worker pool
// already written against execsim's kit, which it finds with sim.Current
// (the real kit outside a world), so that only its plain test file needs
// the rewrite. Its Shutdown has the two classic bugs, by mode.
package pool

import (
	"fmt"

	"github.com/execsim/execsim/sim"
)

// How Shutdown ends the workers.
const (
	Forget = iota // returns at once: the workers wait for jobs forever (a leak)
	NoWait        // closes the queue but does not wait: a job may still run after it
	Join          // closes the queue and waits for the workers
)

// Pool runs jobs on workers.
type Pool struct {
	rt   sim.Runtime
	jobs sim.Chan[func()]
	wg   *sim.WaitGroup
	mode int
	done int
}

// New starts a pool of n workers.
func New(n, mode int) *Pool {
	rt := sim.Current()
	if rt == nil {
		rt = sim.NewReal(0)
	}
	p := &Pool{rt: rt, jobs: sim.NewChan[func()](rt, 0), wg: rt.NewWaitGroup(), mode: mode}
	for i := range n {
		p.wg.Add(1)
		rt.Go(fmt.Sprintf("worker %d", i), p.work) // marker: spawn
	}
	return p
}

func (p *Pool) work() {
	defer p.wg.Done()
	for {
		job, ok := p.jobs.Recv()
		if !ok {
			return
		}
		job()
		p.done++
	}
}

// Submit hands job to a worker.
func (p *Pool) Submit(job func()) { p.jobs.Send(job) }

// Done is how many jobs have run.
func (p *Pool) Done() int { return p.done }

// Shutdown stops the pool.
func (p *Pool) Shutdown() {
	if p.mode == Forget {
		return
	}
	p.jobs.Close()
	if p.mode == Join {
		p.wg.Wait()
	}
}
