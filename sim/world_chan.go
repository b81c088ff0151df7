package sim

import (
	"reflect"
	"unsafe"
)

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
	adopt  *adopted[T]
}

// adopted is what a channel adopted from native code has more (adopt.go):
// native is closed with the world's channel, and pending holds values
// taken from it that no receiver or buffer space could take yet (a sender
// outside the world caught at adoption), received before anything sent
// later. Apart, they leave every other channel 24 bytes smaller.
type adopted[T any] struct {
	native  chan T
	pending []T
}

// wslot holds the value of a plain send or receive while its goroutine
// is parked (a waiter's val points at v).
type wslot[T any] struct {
	v    T
	next *wslot[T] // the next free slot, while this one is free
}

func newWChan[T any](w *world, capacity int) *wchan[T] {
	c := makeWChan[T](w, capacity)
	return &c
}

// makeWChan is a new channel as a value, for one made inside another
// object (a Timer's).
func makeWChan[T any](w *world, capacity int) wchan[T] {
	return wchan[T]{w: w, id: w.newObject(objChan), cap: capacity}
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
	s.v = zero
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
		if r.val != nil {
			*(*T)(r.val) = v
		}
		r.ok = true
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
			c.push(*(*T)(s.val))
			c.w.wake(s)
		}
		return v, true, true
	}
	if s := c.sendq.pop(); s != nil {
		v = *(*T)(s.val)
		c.w.wake(s)
		return v, true, true
	}
	if a := c.adopt; a != nil && len(a.pending) > 0 {
		v = a.pending[0]
		a.pending = a.pending[1:]
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
	wt := g.waiter(0, false)
	wt.val = unsafe.Pointer(&s.v)
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
	wt := g.waiter(0, false)
	wt.val = unsafe.Pointer(&s.v)
	c.recvq.push(wt)
	c.w.park(g, OpRecv, c.id)
	v, ok := s.v, wt.ok
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
	if c.adopt != nil {
		closeNative(c.adopt.native)
	}
	c.shut()
}

// shut marks the channel closed and completes every parked operation:
// receivers get the zero value, senders panic.
func (c *wchan[T]) shut() {
	c.closed = true
	for r := c.recvq.pop(); r != nil; r = c.recvq.pop() {
		if r.val != nil {
			var zero T
			*(*T)(r.val) = zero
		}
		r.ok = false
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
	enqueue(wt *waiter, dst recvDst)
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
	return r.count > 0 || !r.sendq.empty() || r.adopt != nil && len(r.adopt.pending) > 0 || r.closed
}

func (r *wrecv[T]) commit(dst recvDst) {
	v, ok, _ := (*wchan[T])(r).take()
	storeReceived(dst, v, ok)
}

// enqueue parks the case with its destination as the waiter's val: the
// value is written there only if this case is the one that fires.
func (r *wrecv[T]) enqueue(wt *waiter, dst recvDst) {
	wt.val = dst.v
	r.recvq.push(wt)
}

// wsend is a send case on a world channel: the value to send is its own.
type wsend[T any] chanCase[T]

func (sc *wsend[T]) objID() int { return sc.ch.w.id }

func (sc *wsend[T]) ready() bool {
	c := sc.ch.w
	return c.closed || !c.recvq.empty() || c.count < c.cap
}

func (sc *wsend[T]) commit(recvDst) {
	c := sc.ch.w
	if c.closed {
		panic(plainError("send on closed channel"))
	}
	c.deliver(sc.v)
}

// enqueue parks the case with its own value as the waiter's val.
func (sc *wsend[T]) enqueue(wt *waiter, _ recvDst) {
	wt.val = unsafe.Pointer(&sc.v)
	sc.ch.w.sendq.push(wt)
}
