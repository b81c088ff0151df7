package sim

import "unsafe"

// waiter is one parked operation of a goroutine on one queue: a plain
// channel operation, a lock, or one case of a select.
type waiter struct {
	g   *goroutine
	idx int32 // the case index within a select; 0 for a plain operation
	sel bool  // one case of a select
	ok  bool  // a completed receive's: false when the channel was closed
	// val is where the value of a channel operation is, a *T for a
	// Chan[T]: a parked receive's destination, written by whoever
	// completes it (nil: the value is not wanted), and a parked send's
	// value, read by whoever takes it. A select's cases point at the
	// case's own destination and value, so they need no slot of the
	// channel's: taking one was 5% of a run's allocations (issue 19).
	val  unsafe.Pointer
	q    *waitq
	next *waiter // the next in q
}

// waitq is a FIFO of parked operations, linked through the waiters. A
// select's waiters are removed from every queue the moment one of its
// cases fires, so no queue holds stale entries. Queues are short (most
// never hold more than one waiter at a time), so remove walks. Linked,
// a queue is two words: a channel has two, every mutex and context one,
// and a slice for the waiters after the first made each of them 16 bytes
// larger (issue 19).
type waitq struct {
	head, tail *waiter // the oldest and newest waiter, nil when empty
}

func (q *waitq) empty() bool { return q.head == nil }

// first is the oldest waiter, nil when the queue is empty.
func (q *waitq) first() *waiter { return q.head }

func (q *waitq) push(wt *waiter) {
	wt.q, wt.next = q, nil
	if q.head == nil {
		q.head = wt
	} else {
		q.tail.next = wt
	}
	q.tail = wt
}

func (q *waitq) pop() *waiter {
	wt := q.head
	if wt == nil {
		return nil
	}
	q.head = wt.next
	if q.head == nil {
		q.tail = nil
	}
	wt.q, wt.next = nil, nil
	return wt
}

func (q *waitq) remove(wt *waiter) {
	var prev *waiter
	for x := q.head; x != nil; prev, x = x, x.next {
		if x != wt {
			continue
		}
		if prev == nil {
			q.head = x.next
		} else {
			prev.next = x.next
		}
		if q.tail == x {
			q.tail = prev
		}
		wt.q, wt.next = nil, nil
		return
	}
}

// waiter returns the goroutine's i-th reusable waiter, reset.
func (g *goroutine) waiter(i int, sel bool) *waiter {
	for len(g.waiters) <= i {
		g.waiters = append(g.waiters, waiter{})
	}
	// Pointers into g.waiters are handed to queues only after every waiter
	// of the operation exists (see Select), so growth never moves one.
	wt := &g.waiters[i]
	*wt = waiter{g: g, idx: int32(i), sel: sel}
	return wt
}

// wake makes a parked operation's goroutine runnable. For a select, it
// records which case fired and takes the select's other waiters off their
// queues.
func (w *world) wake(wt *waiter) {
	g := wt.g
	g.wakeIdx = int(wt.idx)
	if wt.sel {
		for i := range g.waiters {
			o := &g.waiters[i]
			if o == wt || o.q == nil {
				continue
			}
			o.q.remove(o)
		}
	}
	if g.state == gBlocked {
		w.makeRunnable(g)
	}
}
