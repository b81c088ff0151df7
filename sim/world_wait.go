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
// its cases fires, so no queue holds stale entries.
type waitq struct{ ws []*waiter }

func (q *waitq) len() int { return len(q.ws) }

func (q *waitq) push(wt *waiter) {
	wt.q = q
	q.ws = append(q.ws, wt)
}

func (q *waitq) pop() *waiter {
	if len(q.ws) == 0 {
		return nil
	}
	wt := q.ws[0]
	copy(q.ws, q.ws[1:])
	q.ws[len(q.ws)-1] = nil
	q.ws = q.ws[:len(q.ws)-1]
	wt.q = nil
	return wt
}

func (q *waitq) remove(wt *waiter) {
	for i, x := range q.ws {
		if x == wt {
			copy(q.ws[i:], q.ws[i+1:])
			q.ws[len(q.ws)-1] = nil
			q.ws = q.ws[:len(q.ws)-1]
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
