package sim

import (
	"reflect"
	"unsafe"
)

// Chan is a typed channel that works on both kits: a native channel on the
// real kit, a world channel in a world. Its operations have Go's semantics,
// including the panics: Send on a closed channel, Close of a closed one.
//
// Make one with [NewChan]. The zero Chan is not Go's nil channel: Send,
// Recv and Close on it panic with a message, because a world cannot park a
// goroutine on a channel that belongs to no runtime. To switch a case off
// in [Runtime.Select], pass the zero Chan's case: it never proceeds, as a
// nil channel does in Go.
type Chan[T any] struct {
	c chan T    // the real kit's channel
	w *wchan[T] // a world's channel
}

// NewChan makes a channel on rt with the given buffer capacity (0 for an
// unbuffered channel).
func NewChan[T any](rt Runtime, capacity int) Chan[T] {
	if capacity < 0 {
		panic("sim: NewChan: negative capacity")
	}
	if rt == nil {
		panic("sim: NewChan: nil Runtime")
	}
	switch r := rt.kit().(type) {
	case *realKit:
		return Chan[T]{c: make(chan T, capacity)}
	case *world:
		return Chan[T]{w: newWChan[T](r, capacity)}
	}
	panic("sim: NewChan: nil Runtime")
}

func zeroChan(op string) string {
	return "sim: " + op + " on a zero Chan: make channels with sim.NewChan"
}

// Send sends v, blocking until a receiver or buffer space takes it.
func (ch Chan[T]) Send(v T) {
	if ch.c != nil {
		ch.c <- v
		return
	}
	if ch.w != nil {
		ch.w.send(v)
		return
	}
	panic(zeroChan("Send"))
}

// Recv receives a value; ok is false if the channel is closed and drained.
func (ch Chan[T]) Recv() (v T, ok bool) {
	if ch.c != nil {
		v, ok = <-ch.c
		return v, ok
	}
	if ch.w != nil {
		return ch.w.recv()
	}
	panic(zeroChan("Recv"))
}

// TrySend sends v if it can do so without blocking and reports whether it
// did. On a closed channel it panics, as a select with a default does.
func (ch Chan[T]) TrySend(v T) bool {
	if ch.c != nil {
		select {
		case ch.c <- v:
			return true
		default:
			return false
		}
	}
	if ch.w != nil {
		return ch.w.trySend(v)
	}
	panic(zeroChan("TrySend"))
}

// TryRecv receives a value if it can do so without blocking. ready reports
// whether it did; ok is as for Recv.
func (ch Chan[T]) TryRecv() (v T, ok, ready bool) {
	if ch.c != nil {
		select {
		case v, ok = <-ch.c:
			return v, ok, true
		default:
			return v, false, false
		}
	}
	if ch.w != nil {
		return ch.w.tryRecv()
	}
	panic(zeroChan("TryRecv"))
}

// Close closes the channel. Closing a closed channel panics.
func (ch Chan[T]) Close() {
	if ch.c != nil {
		close(ch.c)
		return
	}
	if ch.w != nil {
		ch.w.close()
		return
	}
	panic("close of nil channel")
}

// Len is the number of buffered values. It is not a scheduling point.
func (ch Chan[T]) Len() int {
	if ch.c != nil {
		return len(ch.c)
	}
	if ch.w != nil && !ch.w.timer {
		return ch.w.count
	}
	return 0
}

// Cap is the buffer capacity.
func (ch Chan[T]) Cap() int {
	if ch.c != nil {
		return cap(ch.c)
	}
	if ch.w != nil && !ch.w.timer {
		return ch.w.cap
	}
	return 0
}

// IsZero reports whether ch is the zero Chan (made by no runtime).
func (ch Chan[T]) IsZero() bool { return ch.c == nil && ch.w == nil }

// SendCase is a [Runtime.Select] case that sends v on ch.
func (ch Chan[T]) SendCase(v T) Case {
	if ch.IsZero() {
		return Case{kind: caseNil}
	}
	return Case{kind: caseSend, impl: &chanCase[T]{ch: ch, v: v}}
}

// RecvCase is a [Runtime.Select] case that receives from ch. When the case
// is chosen, the value is stored in *v and the ok flag in *ok; either
// pointer may be nil.
func (ch Chan[T]) RecvCase(v *T, ok *bool) Case {
	if ch.IsZero() {
		return Case{kind: caseNil}
	}
	if ch.w != nil {
		return Case{kind: caseRecv, impl: (*wrecv[T])(ch.w), dst: recvDst{unsafe.Pointer(v), ok}}
	}
	return Case{kind: caseRecv, impl: &chanCase[T]{ch: ch, vp: v, okp: ok}}
}

// chanCase is one channel case of a Select on either kit.
type chanCase[T any] struct {
	ch  Chan[T]
	v   T     // value to send
	vp  *T    // where a received value goes
	okp *bool // where a receive's ok goes
}

func (c *chanCase[T]) reflectCase(dir reflect.SelectDir) reflect.SelectCase {
	sc := reflect.SelectCase{Dir: dir, Chan: reflect.ValueOf(c.ch.c)}
	if dir == reflect.SelectSend {
		sc.Send = reflect.ValueOf(&c.v).Elem()
	}
	return sc
}

func (c *chanCase[T]) received(v reflect.Value, ok bool) {
	if c.vp != nil {
		reflect.ValueOf(c.vp).Elem().Set(v) // v is the zero value when !ok
	}
	if c.okp != nil {
		*c.okp = ok
	}
}

func (c *chanCase[T]) trySend() bool {
	select {
	case c.ch.c <- c.v:
		return true
	default:
		return false
	}
}

func (c *chanCase[T]) tryRecv() bool {
	select {
	case v, ok := <-c.ch.c:
		storeReceived(recvDst{unsafe.Pointer(c.vp), c.okp}, v, ok)
		return true
	default:
		return false
	}
}

// world is a send case's world side; a native channel's case has none.
func (c *chanCase[T]) world() wcase {
	if c.ch.w != nil {
		return (*wsend[T])(c)
	}
	return nil
}
