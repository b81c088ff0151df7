package fakenet

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// Host is one machine of a Network and its transport.Transport: what it
// sends leaves from it, and it can bind only its own addresses. Get one
// with Network.Host.
type Host struct {
	net  *Network
	name string
	id   int // index in net.hosts + 1

	// Guarded by net.mu.
	up       bool
	ports    map[int]*listener     // bound ports; lookup only, never iterated unsorted
	held     map[int]time.Duration // port -> until when a crash keeps it bound
	nextPort int                   // where the search for an ephemeral port resumes
	out      []*link               // links from this host, by destination id - 1

	streams        map[int]*streamListener // bound stream ports; lookup only
	nextStreamPort int                     // where the search for a free stream port resumes
	nextConnPort   int                     // the local port of the next connection end
	conns          []*conn                 // open connection ends, in creation order
}

var _ transport.Transport = (*Host)(nil)

// The ephemeral range, as on Linux and in RFC 6335: where Listen(":0")
// finds a port.
const (
	ephemeralFirst = 49152
	ephemeralLast  = 65535
)

// Name is the host's name, the first half of its addresses.
func (h *Host) Name() string { return h.name }

// Addr is the host's address for port: "name:port".
func (h *Host) Addr(port int) string { return h.name + ":" + strconv.Itoa(port) }

func checkHostName(name string) error {
	if name == "" || strings.ContainsAny(name, ": \t\n") {
		return fmt.Errorf("fakenet: bad host name %q: want a non-empty name without ':' or spaces", name)
	}
	return nil
}

// splitAddr splits "host:port". The host may be empty (":7", this host);
// port 0 asks Listen for a free port.
func splitAddr(addr string) (host string, port int, err error) {
	i := strings.LastIndexByte(addr, ':')
	if i < 0 {
		return "", 0, fmt.Errorf("bad address %q: want host:port", addr)
	}
	host = addr[:i]
	port, err = strconv.Atoi(addr[i+1:])
	if err != nil || port < 0 || port > 65535 || addr[i+1] == '+' {
		return "", 0, fmt.Errorf("bad address %q: want host:port with a port from 0 to 65535", addr)
	}
	if host != "" {
		if err := checkHostName(host); err != nil {
			return "", 0, fmt.Errorf("bad address %q: the host part is not a host name", addr)
		}
	}
	return host, port, nil
}

// Listen binds addr, "host:port" on this host (or ":port"; port 0 picks a
// free ephemeral port). It fails with ErrAddrInUse while a listener holds
// the port, or while a crash keeps it bound (Config.PortHoldAfterCrash).
func (h *Host) Listen(addr string) (transport.Listener, error) {
	port, err := h.ownPort("listen", addr)
	if err != nil {
		return nil, err
	}
	n := h.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := h.canBind("listen", addr); err != nil {
		return nil, err
	}
	now := n.now()
	if port == 0 {
		if port = h.freePort(now); port == 0 {
			return nil, fmt.Errorf("fakenet: listen on %s: every ephemeral port of host %s is bound; close some listeners: %w", addr, h.name, transport.ErrAddrInUse)
		}
	}
	if h.ports[port] != nil {
		return nil, fmt.Errorf("fakenet: listen on %s: a listener holds the port; close it first: %w", h.Addr(port), transport.ErrAddrInUse)
	}
	if until, ok := h.held[port]; ok {
		if now < until {
			return nil, fmt.Errorf("fakenet: listen on %s: the port is still bound after host %s crashed, for %v more (Config.PortHoldAfterCrash); retry later: %w", h.Addr(port), h.name, until-now, transport.ErrAddrInUse)
		}
		delete(h.held, port)
	}
	l := &listener{net: n, host: h, port: port, addr: h.Addr(port), notify: newNotify(n.rt)}
	h.ports[port] = l
	n.trace(0, "listen "+l.addr)
	return l, nil
}

// ownPort parses addr for op ("listen", "listen stream") on this host:
// "host:port" of this host, or ":port".
func (h *Host) ownPort(op, addr string) (int, error) {
	host, port, err := splitAddr(addr)
	if err != nil {
		return 0, fmt.Errorf("fakenet: %s on host %s: %w", op, h.name, err)
	}
	if host != "" && host != h.name {
		return 0, fmt.Errorf("fakenet: %s on %s from host %s: a host binds only its own addresses; listen through Network.Host(%q)", op, addr, h.name, host)
	}
	return port, nil
}

// canBind says why op on addr cannot bind now: the network closed, or
// the host is down. The caller holds n.mu.
func (h *Host) canBind(op, addr string) error {
	if h.net.closed {
		return errClosed(op + " on " + addr)
	}
	if !h.up {
		return fmt.Errorf("fakenet: %s on %s: host %s is down; restart it with Network.Restart first", op, addr, h.name)
	}
	return nil
}

// freePort finds an unbound ephemeral port, or returns 0.
func (h *Host) freePort(now time.Duration) int {
	return nextEphemeral(&h.nextPort, func(p int) bool {
		until, ok := h.held[p]
		return h.ports[p] == nil && (!ok || now >= until)
	})
}

// nextEphemeral returns the first ephemeral port from *cursor on (with
// wrap-around) that free accepts, or 0, and leaves the cursor after it:
// the search resumes where the last one ended, so a port is not reused at
// once.
func nextEphemeral(cursor *int, free func(int) bool) int {
	for range ephemeralLast - ephemeralFirst + 1 {
		p := *cursor
		if p < ephemeralFirst || p > ephemeralLast {
			p = ephemeralFirst
		}
		*cursor = p + 1
		if free(p) {
			return p
		}
	}
	return 0
}

// Send hands msg to the network for the listener at addr and waits, within
// ctx, for the listener to accept it (see transport.Transport and the
// package doc's Accepted):
//
//   - nil: the message is in the listener's queue.
//   - ErrRefused, at once and without latency: nobody listens at addr, or
//     its host does not exist or is down; after the latency: the listener
//     closed, or its host crashed, while the message was on its way.
//   - ErrClosed: this host is down (or crashed while waiting), or the
//     network is closed.
//   - ctx's error: the sender heard nothing in time. The message may be
//     lost (LossProbability), dropped by a partition or a full queue,
//     or still on its way, and then it may yet arrive: as on TCP, a
//     sender cannot tell these apart. Pass a ctx with a deadline.
//
// A message type that transport.CheckType refuses is ErrUnsendable, as on
// TCP. A duplicate (DuplicateProbability) is a second copy nobody waits
// for.
func (h *Host) Send(ctx context.Context, addr string, msg transport.Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	dstName, port, err := splitAddr(addr)
	if err == nil && (dstName == "" || port == 0) {
		err = fmt.Errorf("bad address %q: send needs a host and a non-zero port", addr)
	}
	if err == nil {
		err = transport.CheckType(msg.Type)
	}
	if err == nil && msg.Value != nil && !h.CarriesValues() {
		err = fmt.Errorf("message %q carries a Go value (%T) on a WireOnly network: %w", msg.Type, msg.Value, transport.ErrUnsendable)
	}
	if err != nil {
		return fmt.Errorf("fakenet: send from %s: %w", h.name, err)
	}
	n := h.net
	n.mu.Lock()
	done, err := h.launchSend(addr, dstName, port, msg)
	n.mu.Unlock()
	if err != nil {
		return err
	}
	var fate error
	switch sim.Select(n.rt, done.RecvCase(&fate, nil), sim.DoneCase(ctx), n.stop.RecvCase(nil, nil)) {
	case 0:
		return fate
	case 1:
		return ctx.Err()
	}
	return errClosed("send from " + h.name + " to " + addr)
}

// launchSend puts msg on its way and returns the channel that will tell
// its fate: the zero channel when the sender can never hear (lost at once,
// or sent over a cut link, which gives no answer). The caller holds n.mu.
func (h *Host) launchSend(addr, dstName string, port int, msg transport.Message) (sim.Chan[error], error) {
	var none sim.Chan[error]
	n := h.net
	if n.closed {
		return none, errClosed("send from " + h.name + " to " + addr)
	}
	if !h.up {
		return none, fmt.Errorf("fakenet: send from %s to %s: host %s is down; restart it with Network.Restart first: %w", h.name, addr, h.name, transport.ErrClosed)
	}
	dst := n.byName[dstName]
	if dst == nil {
		n.refusedUnknown++
		if n.tracing {
			n.rt.Trace(0, "refused "+h.name+"->"+addr+" unknown-host "+msg.Type)
		}
		return none, fmt.Errorf("fakenet: send from %s to %s: unknown host %q; add it with Network.Host: %w", h.name, addr, dstName, transport.ErrRefused)
	}
	l := n.link(h, dst)
	if l.cut {
		l.stats.Sent++
		l.stats.DroppedPartition++
		n.traceSend("drop partition", l, port, msg)
		return none, nil
	}
	lis := dst.ports[port]
	if lis == nil {
		l.stats.Refused++
		n.traceSend("refused", l, port, msg)
		if !dst.up {
			return none, fmt.Errorf("fakenet: send from %s to %s: host %s is down: %w", h.name, addr, dstName, transport.ErrRefused)
		}
		return none, fmt.Errorf("fakenet: send from %s to %s: nobody listens there: %w", h.name, addr, transport.ErrRefused)
	}
	l.stats.Sent++
	if n.happens(l.lossLabel, l.cfg.LossProbability) {
		l.stats.Lost++
		n.traceSend("lost", l, port, msg)
		return none, nil
	}
	now := n.now()
	done := sim.NewChan[error](n.rt, 1)
	n.launch(l, lis, copyMessage(msg), now).done = done
	if n.happens(l.dupLabel, l.cfg.DuplicateProbability) {
		l.stats.Duplicated++
		n.traceFlight("duplicate", n.launch(l, lis, copyMessage(msg), now))
	}
	return done, nil
}

// CarriesValues reports whether the host carries Message.Value unencoded
// (transport.ValueCarrier): it does unless the network is WireOnly.
func (h *Host) CarriesValues() bool { return !h.net.cfg.WireOnly }
