package sim

// waiter is one parked operation of a goroutine on one queue: a plain
// channel operation, a lock, or one case of a select.
type waiter struct {
	g    *goroutine
	idx  int // the case index within a select; 0 for a plain operation
	slot any // the channel's *wslot[T] carrying the value
	q    *waitq
	wc   wcase // the select case, nil for a plain operation
}

// waitq is a FIFO of parked operations. Queues are short, so plain slices
// serve; a select's waiters are removed from every queue the moment one of
// its cases fires, so no queue holds stale entries. Most queues never hold
// more than one waiter at a time, so the oldest is kept in head and only
// the rest in a slice: the slice each queue grew at its first wait was a
// twentieth of a run's allocations (issue 19).
type waitq struct {
	head *waiter   // the oldest waiter, nil when the queue is empty
	rest []*waiter // the others, oldest first
}

func (q *waitq) len() int {
	if q.head == nil {
		return 0
	}
	return 1 + len(q.rest)
}

// first is the oldest waiter, nil when the queue is empty.
func (q *waitq) first() *waiter { return q.head }

func (q *waitq) push(wt *waiter) {
	wt.q = q
	if q.head == nil {
		q.head = wt
		return
	}
	q.rest = append(q.rest, wt)
}

func (q *waitq) pop() *waiter {
	wt := q.head
	if wt == nil {
		return nil
	}
	q.shift()
	wt.q = nil
	return wt
}

// shift drops head, promoting the oldest of the rest.
func (q *waitq) shift() {
	if len(q.rest) == 0 {
		q.head = nil
		return
	}
	q.head = q.rest[0]
	copy(q.rest, q.rest[1:])
	q.rest[len(q.rest)-1] = nil
	q.rest = q.rest[:len(q.rest)-1]
}

func (q *waitq) remove(wt *waiter) {
	if q.head == wt {
		q.shift()
		wt.q = nil
		return
	}
	for i, x := range q.rest {
		if x == wt {
			copy(q.rest[i:], q.rest[i+1:])
			q.rest[len(q.rest)-1] = nil
			q.rest = q.rest[:len(q.rest)-1]
			wt.q = nil
			return
		}
	}
}

// waiter returns the goroutine's i-th reusable waiter, reset.
func (g *goroutine) waiter(i int, wc wcase) *waiter {
	for len(g.waiters) <= i {
		g.waiters = append(g.waiters, waiter{})
	}
	// Pointers into g.waiters are handed to queues only after every waiter
	// of the operation exists (see Select), so growth never moves one.
	wt := &g.waiters[i]
	*wt = waiter{g: g, idx: i, wc: wc}
	return wt
}

// wake makes a parked operation's goroutine runnable. For a select, it
// records which case fired and takes the select's other waiters off their
// queues, releasing their slots.
func (w *world) wake(wt *waiter) {
	g := wt.g
	g.wakeIdx = wt.idx
	if wt.wc != nil {
		for i := range g.waiters {
			o := &g.waiters[i]
			if o == wt || o.q == nil {
				continue
			}
			o.q.remove(o)
			o.wc.releaseSlot(o)
		}
	}
	if g.state == gBlocked {
		w.makeRunnable(g)
	}
}
