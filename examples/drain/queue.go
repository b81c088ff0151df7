package main

import (
	"errors"
	"fmt"

	"github.com/execsim/execsim/sim"
)

// errClosed is Submit's answer once Shutdown has begun.
var errClosed = errors.New("queue: closed")

// queue is the example's service: jobs submitted from any goroutine run
// on a fixed set of workers, and Shutdown refuses new jobs, lets the
// accepted ones finish and joins the workers. It is written against
// sim.Runtime, so the same code runs on real goroutines and in a world.
type queue struct {
	rt      sim.Runtime
	mu      *sim.Mutex
	closed  bool
	jobs    sim.Chan[func()]
	workers *sim.WaitGroup
	// unlockedSubmit plants the bug: Submit checks closed under the lock
	// but sends after releasing it, so a Shutdown in between closes the
	// channel under the send, which panics.
	unlockedSubmit bool
	// noJoin plants the other: Shutdown does not wait for the workers.
	noJoin bool
}

func newQueue(rt sim.Runtime, workers int, unlockedSubmit, noJoin bool) *queue {
	q := &queue{rt: rt, mu: rt.NewMutex(), jobs: sim.NewChan[func()](rt, workers),
		workers: rt.NewWaitGroup(), unlockedSubmit: unlockedSubmit, noJoin: noJoin}
	for i := range workers {
		q.workers.Go(fmt.Sprintf("worker %d", i), q.work)
	}
	return q
}

func (q *queue) work() {
	for {
		job, ok := q.jobs.Recv()
		if !ok {
			return
		}
		job()
	}
}

// Submit queues job, or returns errClosed once Shutdown has begun. The
// lock is held across the send, so that Shutdown cannot close the channel
// under it; the workers never take the lock, so the send always drains.
func (q *queue) Submit(job func()) error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return errClosed
	}
	if q.unlockedSubmit {
		q.mu.Unlock()
		q.jobs.Send(job)
		return nil
	}
	defer q.mu.Unlock()
	q.jobs.Send(job)
	return nil
}

// Shutdown refuses new jobs, lets the accepted ones run and joins the
// workers.
func (q *queue) Shutdown() {
	q.mu.Lock()
	q.closed = true
	q.jobs.Close()
	q.mu.Unlock()
	if !q.noJoin {
		q.workers.Wait()
	}
}
