package plain

import "github.com/execsim/execsim/sim"

// Send is `ch <- v`.
func Send[T any](ch chan<- T, v T) {
	if rt := sim.CurrentFor(bidiSend(ch), "plain.Send"); rt != nil {
		if ch == nil {
			blockForever(rt)
		}
		sim.AdoptChan(rt, bidiSend(ch)).Send(v)
		return
	}
	ch <- v
}

// Recv is `<-ch`.
func Recv[T any](ch <-chan T) T {
	if rt := sim.CurrentFor(bidiRecv(ch), "plain.Recv"); rt != nil {
		v, _ := recvWorld(rt, ch)
		return v
	}
	return <-ch
}

// Recv2 is `v, ok := <-ch`.
func Recv2[T any](ch <-chan T) (T, bool) {
	if rt := sim.CurrentFor(bidiRecv(ch), "plain.Recv2"); rt != nil {
		return recvWorld(rt, ch)
	}
	v, ok := <-ch
	return v, ok
}

func recvWorld[T any](rt sim.Runtime, ch <-chan T) (T, bool) {
	if ch == nil {
		blockForever(rt)
	}
	return sim.AdoptChan(rt, bidiRecv(ch)).Recv()
}

// Close is `close(ch)`.
func Close[T any](ch chan<- T) {
	if rt := sim.CurrentFor(bidiSend(ch), "plain.Close"); rt != nil {
		if ch == nil {
			panic(plainError("close of nil channel"))
		}
		sim.AdoptChan(rt, bidiSend(ch)).Close()
		return
	}
	close(ch)
}

// Len is `len(ch)` for a channel that can receive.
func Len[T any](ch <-chan T) int {
	if rt := sim.CurrentFor(bidiRecv(ch), "plain.Len"); rt != nil && ch != nil {
		return sim.AdoptChan(rt, bidiRecv(ch)).Len()
	}
	return len(ch)
}

// LenSend is `len(ch)` for a send-only channel.
func LenSend[T any](ch chan<- T) int {
	if rt := sim.CurrentFor(bidiSend(ch), "plain.LenSend"); rt != nil && ch != nil {
		return sim.AdoptChan(rt, bidiSend(ch)).Len()
	}
	return len(ch)
}

// Cap is `cap(ch)` for a channel that can receive. A channel's capacity
// never changes, so Cap needs no world; it exists so that the rewriter
// treats len and cap alike. (A timer's channel made in a world is
// unbuffered natively, so its capacity reads 0, as Go 1.23's does.)
func Cap[T any](ch <-chan T) int { return cap(ch) }

// CapSend is `cap(ch)` for a send-only channel.
func CapSend[T any](ch chan<- T) int { return cap(ch) }

// RangeChan begins `for v := range ch`, which the rewriter turns into
//
//	for c, v, ok := plain.RangeChan(ch); ok; v, ok = plain.RecvNext(c, v) { ... }
//
// (with names of its own for c and ok): ch is evaluated once, as a range's
// operand is, and v is a three-clause loop's variable, which in every
// language version means what the range's own does (shared by the
// iterations before go1.22, one per iteration from it). A file therefore
// keeps its module's version, which a range over an iterator (Range) would
// raise to go1.23.
//
// Like every plain call it reads the world from its own frame (a report of
// a call from outside the world names the caller's line), so it does not
// call Recv2.
func RangeChan[T any](ch <-chan T) (<-chan T, T, bool) {
	if rt := sim.CurrentFor(bidiRecv(ch), "plain.RangeChan"); rt != nil {
		v, ok := recvWorld(rt, ch)
		return ch, v, ok
	}
	v, ok := <-ch
	return ch, v, ok
}

// RecvNext is the receive of RangeChan's loop: the value received, or last
// and false once ch is closed, so that the loop's variable keeps the last
// value received, as a range's does (a closure made in a go1.21 loop sees
// it after the loop).
func RecvNext[T any](ch <-chan T, last T) (T, bool) {
	var v T
	var ok bool
	if rt := sim.CurrentFor(bidiRecv(ch), "plain.RecvNext"); rt != nil {
		v, ok = recvWorld(rt, ch)
	} else {
		v, ok = <-ch
	}
	if !ok {
		return last, false
	}
	return v, true
}

// Range is the sequence of `for v = range ch`, a range that assigns to a
// variable declared before it (a declaring range becomes RangeChan's
// loop): values received until ch is closed.
func Range[T any](ch <-chan T) func(yield func(T) bool) {
	return func(yield func(T) bool) {
		if sim.CurrentFor(bidiRecv(ch), "plain.Range") != nil {
			for {
				v, ok := Recv2(ch)
				if !ok || !yield(v) {
					return
				}
			}
		}
		for v := range ch {
			if !yield(v) {
				return
			}
		}
	}
}

// Made is a channel's make: the rewriter turns make(chan T, n) into
// Made(make(chan T, n)). In a world it tells the world the channel is its
// own, so that a goroutine blocked on it forever is reported at once
// rather than after waiting for code outside the world (which rarely
// holds a channel the world made); outside a world it returns c.
func Made[C ~chan T, T any](c C) C {
	if rt := sim.Current(); rt != nil {
		sim.MadeChan(rt, (chan T)(c))
	}
	return c
}
