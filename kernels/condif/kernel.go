// Package condif is a kernel of its own design (sync.Cond): the queue's Get
// waits with `if len(q.items) == 0 { q.cond.Wait() }` instead of a loop, so
// a consumer woken by Put can find the item already taken by another
// consumer that got the mutex first, and returns empty-handed. The fix
// re-checks the condition in a for loop.
package condif

import "sync"

// Queue is an unbounded FIFO queue.
type Queue struct {
	fixed bool
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

// New returns an empty queue.
func New(fixed bool) *Queue {
	q := &Queue{fixed: fixed}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Put appends v and wakes one waiting consumer.
func (q *Queue) Put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Signal()
}

// Get removes the first item, waiting for one; ok is false if it woke to
// an empty queue.
func (q *Queue) Get() (v int, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.fixed {
		for len(q.items) == 0 {
			q.cond.Wait()
		}
	} else if len(q.items) == 0 {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return 0, false
	}
	v, q.items = q.items[0], q.items[1:]
	return v, true
}
