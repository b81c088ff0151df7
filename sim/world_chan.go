package sim

import "reflect"

// A world channel: Go's channel semantics over explicit wait queues. No
// goroutine ever blocks natively; a blocked one is parked by the world and
// made runnable again by whoever completes its operation.

type wchan[T any] struct {
	w      *world
	id     int
	cap    int
	buf    []T // ring of up to cap values, grown as values arrive (push)
	head   int
	count  int
	closed bool
	timer  bool // a Timer's channel: Len and Cap report 0, as Go's do
	recvq  waitq
	sendq  waitq
	free   *wslot[T] // reused slots, so a blocking operation does not allocate

	// An adopted native channel (adopt.go): native is closed with the
	// world's channel, and pending holds values taken from it that no
	// receiver or buffer space could take yet (a sender outside the world
	// caught at adoption), received before anything sent later.
	native  chan T
	pending []T
}

// wslot carries a value between a parked goroutine and the one that
// completes its operation.
type wslot[T any] struct {
	v    T
	ok   bool
	next *wslot[T] // the next free slot, while this one is free
}

func newWChan[T any](w *world, capacity int) *wchan[T] {
	return &wchan[T]{w: w, id: w.newObject(objChan), cap: capacity}
}

// slot and release keep the reused slots in a list through the slots
// themselves: a free slice grew at each channel's first release, 3% of a
// run's allocations (issue 19).
func (c *wchan[T]) slot() *wslot[T] {
	if s := c.free; s != nil {
		c.free, s.next = s.next, nil
		return s
	}
	return new(wslot[T])
}

func (c *wchan[T]) release(s *wslot[T]) {
	var zero T
	s.v, s.ok = zero, false
	s.next, c.free = c.free, s
}

// push appends v to the buffer, which must have room (count < cap). The
// ring is allocated on demand: most channels are made with a capacity
// they never fill, and allocating every buffer whole was a third of a
// run's bytes (issue 19). It doubles when full, keeping FIFO order.
func (c *wchan[T]) push(v T) {
	if c.count == len(c.buf) {
		ring := make([]T, min(max(2*len(c.buf), 4), c.cap))
		n := copy(ring, c.buf[c.head:])
		copy(ring[n:], c.buf[:c.head])
		c.buf, c.head = ring, 0
	}
	c.buf[(c.head+c.count)%len(c.buf)] = v
	c.count++
}

func (c *wchan[T]) pop() T {
	var zero T
	v := c.buf[c.head]
	c.buf[c.head] = zero
	c.head = (c.head + 1) % len(c.buf)
	c.count--
	return v
}

// deliver completes a send of v without a scheduling point, if it can:
// to a parked receiver, or into the buffer.
func (c *wchan[T]) deliver(v T) bool {
	if r := c.recvq.pop(); r != nil {
		s := r.slot.(*wslot[T])
		s.v, s.ok = v, true
		c.w.wake(r)
		return true
	}
	if c.count < c.cap {
		c.push(v)
		return true
	}
	return false
}

// take completes a receive without a scheduling point, if it can.
func (c *wchan[T]) take() (v T, ok, done bool) {
	if c.count > 0 {
		v = c.pop()
		if s := c.sendq.pop(); s != nil { // a parked sender's value moves into the buffer
			c.push(s.slot.(*wslot[T]).v)
			c.w.wake(s)
		}
		return v, true, true
	}
	if s := c.sendq.pop(); s != nil {
		v = s.slot.(*wslot[T]).v
		c.w.wake(s)
		return v, true, true
	}
	if len(c.pending) > 0 {
		v = c.pending[0]
		c.pending = c.pending[1:]
		return v, true, true
	}
	if c.closed {
		return v, false, true
	}
	return v, false, false
}

func (c *wchan[T]) send(v T) {
	g := c.w.point(OpSend, c.id)
	if c.closed {
		panic(plainError("send on closed channel"))
	}
	if c.deliver(v) {
		return
	}
	s := c.slot()
	s.v = v
	wt := g.waiter(0, nil)
	wt.slot = s
	c.sendq.push(wt)
	c.w.park(g, OpSend, c.id)
	c.release(s)
}

func (c *wchan[T]) recv() (T, bool) {
	g := c.w.point(OpRecv, c.id)
	if v, ok, done := c.take(); done {
		return v, ok
	}
	s := c.slot()
	wt := g.waiter(0, nil)
	wt.slot = s
	c.recvq.push(wt)
	c.w.park(g, OpRecv, c.id)
	v, ok := s.v, s.ok
	c.release(s)
	return v, ok
}

func (c *wchan[T]) trySend(v T) bool {
	c.w.point(OpTrySend, c.id)
	if c.closed {
		panic(plainError("send on closed channel"))
	}
	return c.deliver(v)
}

func (c *wchan[T]) tryRecv() (T, bool, bool) {
	c.w.point(OpTryRecv, c.id)
	return c.take()
}

func (c *wchan[T]) close() {
	c.w.point(OpClose, c.id)
	if c.closed {
		panic(plainError("close of closed channel"))
	}
	if c.native != nil {
		closeNative(c.native)
	}
	c.shut()
}

// shut marks the channel closed and completes every parked operation:
// receivers get the zero value, senders panic.
func (c *wchan[T]) shut() {
	c.closed = true
	for r := c.recvq.pop(); r != nil; r = c.recvq.pop() {
		s := r.slot.(*wslot[T])
		var zero T
		s.v, s.ok = zero, false
		c.w.wake(r)
	}
	for s := c.sendq.pop(); s != nil; s = c.sendq.pop() {
		s.g.wakePanic = "send on closed channel"
		c.w.wake(s)
	}
}

// The world side of a channel case of Select.

type wcase interface {
	ready() bool
	commit(dst recvDst)
	enqueue(wt *waiter)
	finish(wt *waiter, dst recvDst)
	releaseSlot(wt *waiter)
	objID() int
}

// wrecv is a world channel as the wcase of a receive: the destinations
// are in the Case, so the channel itself serves every receive case on it.
// It is a caseImpl only to sit in a Case; checkCases keeps it from the
// real kit's Select, which alone calls the first four.
type wrecv[T any] wchan[T]

func (r *wrecv[T]) world() wcase { return r }

func (*wrecv[T]) reflectCase(reflect.SelectDir) reflect.SelectCase { panic(wrongKit) }
func (*wrecv[T]) received(reflect.Value, bool)                     { panic(wrongKit) }
func (*wrecv[T]) trySend() bool                                    { panic(wrongKit) }
func (*wrecv[T]) tryRecv() bool                                    { panic(wrongKit) }

const wrongKit = "sim: a world channel's case on the real kit"

func (r *wrecv[T]) objID() int { return r.id }

func (r *wrecv[T]) ready() bool {
	return r.count > 0 || r.sendq.len() > 0 || len(r.pending) > 0 || r.closed
}

func (r *wrecv[T]) commit(dst recvDst) {
	v, ok, _ := (*wchan[T])(r).take()
	storeReceived(dst, v, ok)
}

func (r *wrecv[T]) enqueue(wt *waiter) {
	c := (*wchan[T])(r)
	wt.slot = c.slot()
	c.recvq.push(wt)
}

func (r *wrecv[T]) finish(wt *waiter, dst recvDst) {
	s := wt.slot.(*wslot[T])
	storeReceived(dst, s.v, s.ok)
	(*wchan[T])(r).release(s)
}

// releaseSlot gives back the slot of a case that did not fire.
func (r *wrecv[T]) releaseSlot(wt *waiter) { (*wchan[T])(r).release(wt.slot.(*wslot[T])) }

// wsend is a send case on a world channel: the value to send is its own.
type wsend[T any] chanCase[T]

func (sc *wsend[T]) objID() int { return sc.ch.w.id }

func (sc *wsend[T]) ready() bool {
	c := sc.ch.w
	return c.closed || c.recvq.len() > 0 || c.count < c.cap
}

func (sc *wsend[T]) commit(recvDst) {
	c := sc.ch.w
	if c.closed {
		panic(plainError("send on closed channel"))
	}
	c.deliver(sc.v)
}

func (sc *wsend[T]) enqueue(wt *waiter) {
	c := sc.ch.w
	s := c.slot()
	s.v = sc.v
	wt.slot = s
	c.sendq.push(wt)
}

func (sc *wsend[T]) finish(wt *waiter, _ recvDst) { sc.ch.w.release(wt.slot.(*wslot[T])) }

func (sc *wsend[T]) releaseSlot(wt *waiter) { sc.ch.w.release(wt.slot.(*wslot[T])) }
