package fakenet

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// flight is one copy of a message on its way to a listener.
type flight struct {
	due  time.Duration // arrival time, since New
	seq  uint64        // send order, unique
	link *link
	dst  *listener
	msg  transport.Message
	// done tells the waiting Send the copy's fate (nil: accepted). Zero
	// for a duplicate: nobody waits for it.
	done sim.Chan[error]
	// seg, if not nil, makes this a stream segment (dst and msg unused).
	seg *segment
}

// flightHeap orders copies by arrival time, then send order, so that equal
// arrival times keep the order of the sends (FIFO links rely on it).
type flightHeap []*flight

func (f *flight) before(o *flight) bool {
	if f.due != o.due {
		return f.due < o.due
	}
	return f.seq < o.seq
}

// The heap is written out rather than built on container/heap: this is the
// hot path, and the interface boxing would cost an allocation per message.

func (h *flightHeap) push(f *flight) {
	*h = append(*h, f)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !s[i].before(s[p]) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *flightHeap) pop() *flight {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s[last] = nil
	s = s[:last]
	*h = s
	s.down(0)
	return top
}

func (h flightHeap) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h[r].before(h[l]) {
			m = r
		}
		if !h[m].before(h[i]) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// sorted returns the copies in arrival order, for the rare operations that
// drop many at once: their trace events then read in a stable order.
func (h flightHeap) sorted() []*flight {
	out := slices.Clone([]*flight(h))
	slices.SortFunc(out, func(a, b *flight) int {
		if a.before(b) {
			return -1
		}
		return 1
	})
	return out
}

// filter removes the copies for which drop returns true, keeping the heap
// valid.
func (h *flightHeap) filter(drop func(*flight) bool) {
	for _, f := range h.sorted() {
		if drop(f) {
			f.seq = 0 // marks it for removal below
		}
	}
	s := (*h)[:0]
	for _, f := range *h {
		if f.seq != 0 {
			s = append(s, f)
		}
	}
	clear((*h)[len(s):])
	*h = s
	for i := len(s)/2 - 1; i >= 0; i-- {
		s.down(i)
	}
}

// launch puts one copy of msg on the link towards dst, drawing its latency
// and whether it is held back, and returns it. The caller holds n.mu.
func (n *Network) launch(l *link, dst *listener, msg transport.Message, now time.Duration) *flight {
	n.seq++
	f := &flight{seq: n.seq, link: l, dst: dst, msg: msg}
	f.due = now + n.drawIn(l.latencyLabel, l.cfg.LatencyMin, max(l.cfg.LatencyMax, l.cfg.LatencyMin))
	if n.happens(l.reorderLabel, l.cfg.ReorderProbability) {
		hold := l.cfg.reorderDelayMax()
		f.due += n.drawIn(l.holdLabel, max(hold/steps, 1), hold)
		l.stats.Reordered++
		n.traceFlight("reorder", f)
		// A held-back copy does not move lastDue: later copies may pass it.
	} else {
		// FIFO: never arrive before a copy sent earlier on the link.
		f.due = max(f.due, l.lastDue)
		l.lastDue = f.due
	}
	n.inflight.push(f)
	n.arm(f.due, now)
	return f
}

// deliver hands an arriving copy to its listener, unless something that
// happened while it was in flight discards it. The caller holds n.mu.
func (n *Network) deliver(f *flight) {
	if f.seg != nil {
		n.deliverSegment(f)
		return
	}
	l, dst := f.link, f.dst
	switch {
	case dst.closed:
		n.drop(f, "closed", &l.stats.DroppedClosed)
		f.settle(fmt.Errorf("fakenet: send from %s to %s: the listener closed while the message was on its way: %w", l.from.name, dst.addr, transport.ErrRefused))
	case l.cut:
		n.drop(f, "partition", &l.stats.DroppedPartition)
	case n.cfg.ListenerQueueMax > 0 && len(dst.queue) >= n.cfg.ListenerQueueMax:
		// Backpressure: the copy has arrived and waits for room; a Recv
		// that makes some delivers it (see admit).
		l.stats.Held++
		n.traceFlight("hold", f)
		dst.held = append(dst.held, f)
	default:
		n.accept(f)
	}
}

// accept puts an arrived copy in its listener's queue and tells its
// sender. The caller holds n.mu.
func (n *Network) accept(f *flight) {
	l, dst := f.link, f.dst
	l.stats.Delivered++
	n.traceFlight("deliver", f)
	dst.queue = append(dst.queue, arrival{f.msg, l})
	f.settle(nil)
	if len(dst.queue) == 1 {
		// Only the first arrival needs to wake a receiver: one that takes
		// a message and sees more passes the wake-up on (see Recv).
		dst.notify.TrySend(struct{}{})
	}
}

// settle tells the Send waiting for f, if any, what became of it. done
// has room for one value and gets at most one, so the courier never
// blocks on a sender that gave up.
func (f *flight) settle(err error) {
	if !f.done.IsZero() {
		f.done.TrySend(err)
	}
}

// drop discards an in-flight copy, counting it in counter. The sender,
// if it waits, hears nothing: the caller settles f when the sender would
// hear of the drop (a reset), and leaves it to the sender's ctx when it
// would not (a partition, a full queue).
func (n *Network) drop(f *flight, reason string, counter *int64) {
	*counter++
	n.traceFlight("drop "+reason, f)
}

// copyMessage gives the network its own copy of the bytes, as a real
// network would: the sender may reuse its buffer as soon as Send returns.
// A Value travels as it is (see transport.Message).
func copyMessage(m transport.Message) transport.Message {
	return transport.Message{Type: m.Type, Data: bytes.Clone(m.Data), Value: m.Value}
}

// trace records an event in a world's trace; it costs nothing on the real
// kit.
func (n *Network) trace(obj int, detail string) {
	if n.tracing {
		n.rt.Trace(obj, detail)
	}
}

// traceFlight records what happened to a copy: "deliver a->b:7 #12 ping".
func (n *Network) traceFlight(what string, f *flight) {
	if n.tracing {
		n.rt.Trace(f.link.id, what+" "+f.link.from.name+"->"+f.dst.addr+" #"+strconv.FormatUint(f.seq, 10)+" "+f.msg.Type)
	}
}

// traceSend records the fate of a send that never went in flight: "lost
// a->b:7 ping".
func (n *Network) traceSend(what string, l *link, port int, msg transport.Message) {
	if n.tracing {
		n.rt.Trace(l.id, what+" "+l.name+":"+strconv.Itoa(port)+" "+msg.Type)
	}
}
