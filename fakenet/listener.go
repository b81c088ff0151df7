package fakenet

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// listener is a bound port. Arrivals wait in queue; notify (capacity 1)
// wakes a receiver when the queue stops being empty. The queue is a slice
// rather than a channel so that the courier never blocks on a slow
// receiver and the limit is a Config knob, not a channel capacity.
type listener struct {
	net  *Network
	host *Host
	port int
	addr string

	// Guarded by net.mu.
	queue  []arrival
	held   []*flight // arrived at a full queue (Config.ListenerQueueMax), in arrival order
	closed bool

	notify sim.Chan[struct{}] // closed by Close, which wakes every Recv
}

var _ transport.Listener = (*listener)(nil)

// arrival is a delivered message and the link it came by, which counts it
// if the listener closes before a Recv takes it.
type arrival struct {
	msg  transport.Message
	link *link
}

func newNotify(rt sim.Runtime) sim.Chan[struct{}] { return sim.NewChan[struct{}](rt, 1) }

func (l *listener) Addr() string { return l.addr }

// Recv returns the next arrival, ErrClosed once the listener is closed
// (messages still queued then are discarded, as a closed socket's are, and
// counted in LinkStats.Discarded), or ctx's error.
func (l *listener) Recv(ctx context.Context) (transport.Message, error) {
	n := l.net
	for {
		n.mu.Lock()
		if l.closed {
			n.mu.Unlock()
			return transport.Message{}, fmt.Errorf("fakenet: recv on %s: %w", l.addr, transport.ErrClosed)
		}
		if len(l.queue) > 0 {
			m := l.queue[0].msg
			l.queue[0] = arrival{}
			l.queue = l.queue[1:]
			if len(l.held) > 0 {
				// Room again: the oldest held copy is accepted now.
				f := l.held[0]
				l.held[0] = nil
				l.held = l.held[1:]
				n.accept(f)
			}
			if len(l.queue) > 0 {
				// Pass the wake-up on to another receiver, if any waits.
				l.notify.TrySend(struct{}{})
			}
			n.mu.Unlock()
			return m, nil
		}
		n.mu.Unlock()
		if err := ctx.Err(); err != nil {
			return transport.Message{}, err
		}
		if sim.Select(n.rt, sim.DoneCase(ctx), l.notify.RecvCase(nil, nil)) == 0 {
			return transport.Message{}, ctx.Err()
		}
	}
}

// Close unbinds the port and wakes every Recv with ErrClosed. Messages
// queued and not received are discarded (LinkStats.Discarded); copies in
// flight to it are dropped when they arrive (DroppedClosed), and their
// Sends fail with ErrRefused.
func (l *listener) Close() error {
	n := l.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if !l.closed {
		n.closeListener(l, "close")
	}
	return nil
}

// closeListener closes l, recording why. The caller holds n.mu.
func (n *Network) closeListener(l *listener, why string) {
	l.closed = true
	for _, a := range l.queue {
		a.link.stats.Discarded++
		n.trace(a.link.id, "discard "+a.link.from.name+"->"+l.addr+" "+a.msg.Type)
	}
	l.queue = nil
	for _, f := range l.held {
		n.drop(f, "closed", &f.link.stats.DroppedClosed)
		f.settle(fmt.Errorf("fakenet: send from %s to %s: the listener closed before it had room for the message: %w", f.link.from.name, l.addr, transport.ErrRefused))
	}
	l.held = nil
	if l.host.ports[l.port] == l {
		delete(l.host.ports, l.port)
	}
	n.trace(0, why+" "+l.addr)
	l.notify.Close()
}

// sortedPorts returns the ports of m in order: map order must not reach
// the trace.
func sortedPorts[V any](m map[int]V) []int { return slices.Sorted(maps.Keys(m)) }

// closeListeners closes every listener of h, in port order. The caller
// holds n.mu.
func (n *Network) closeListeners(h *Host, why string) {
	// Sorted: map order must not reach the trace.
	for _, p := range slices.Sorted(maps.Keys(h.ports)) {
		n.closeListener(h.ports[p], why)
	}
}
