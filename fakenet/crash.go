package fakenet

import (
	"fmt"
	"maps"
	"slices"

	"github.com/execsim/execsim/transport"
)

// Crash takes host name down as a power cut would: its listeners close
// (their Recv calls return ErrClosed, and what they had queued is
// discarded, counted in LinkStats.Discarded), every message in flight to
// or from it is dropped now (its waiting Send fails: ErrRefused for one to
// the host, ErrClosed for one from it), sends to it are refused and its
// own sends fail until Restart. Its ports stay bound for Config.PortHoldAfterCrash. The host's
// goroutines are the caller's to stop: the network models the machine's
// network stack, not its processes. Crashing a host that is down does
// nothing.
func (n *Network) Crash(name string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	h, err := n.lookup("crash", name)
	if err != nil {
		return err
	}
	if n.closed {
		return errClosed("crash " + name)
	}
	if !h.up {
		return nil
	}
	h.up = false
	n.trace(0, "crash "+name)
	if hold := n.cfg.PortHoldAfterCrash; hold > 0 {
		until := n.now() + hold
		for _, p := range slices.Sorted(maps.Keys(h.ports)) {
			h.held[p] = until
		}
	}
	n.closeListeners(h, "crash")
	n.crashStreams(h)
	n.inflight.filter(func(f *flight) bool {
		if f.link.from != h && f.link.to != h {
			return false
		}
		if f.seg != nil {
			n.dropSegment(f, h)
			return true
		}
		n.drop(f, "crash", &f.link.stats.DroppedCrash)
		if f.link.from == h {
			f.settle(fmt.Errorf("fakenet: send from %s to %s: host %s crashed: %w", h.name, f.dst.addr, h.name, transport.ErrClosed))
		} else {
			f.settle(fmt.Errorf("fakenet: send from %s to %s: host %s crashed while the message was on its way: %w", f.link.from.name, f.dst.addr, h.name, transport.ErrRefused))
		}
		return true
	})
	return nil
}

// Restart brings host name back up with no listeners: its services must
// listen again, and ports held since the crash refuse them until the hold
// ends. Restarting a host that is up does nothing.
func (n *Network) Restart(name string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	h, err := n.lookup("restart", name)
	if err != nil {
		return err
	}
	if n.closed {
		return errClosed("restart " + name)
	}
	if h.up {
		return nil
	}
	h.up = true
	n.trace(0, "restart "+name)
	return nil
}

// Up reports whether host name is up (false for an unknown host).
func (n *Network) Up(name string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	h := n.byName[name]
	return h != nil && h.up
}
