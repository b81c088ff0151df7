package fakenet

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"syscall"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// Streams are TCP-like connections between hosts: Host.ListenStream and
// Host.DialStream return a net.Listener and net.Conns, so a service
// written against net.Conn runs on the simulated network unchanged.
//
// What a connection guarantees, as TCP does: bytes arrive in order, once,
// whatever the link's latency draws; LossProbability, DuplicateProbability
// and ReorderProbability do not apply, as TCP's retransmission and
// sequence numbers hide them. What it suffers, as TCP does:
//
//   - refused: a dial to a port nobody listens on, or to a host that is
//     down, fails with ECONNREFUSED once the connect reaches it;
//   - backlog: a connect that finds the listener's backlog
//     (Config.StreamBacklog) full is not answered and is retried, so it
//     succeeds if Accept catches up, and times out if not;
//   - partition: a segment that meets a cut link is sent again every
//     Config.StreamRetransmit, up to Config.StreamRetriesMax times, then
//     its connection times out (ETIMEDOUT) on both ends; meanwhile reads
//     and writes block, so deadlines expire;
//   - backpressure: a writer may have at most Config.StreamWindowBytes on
//     their way or unread at the peer; Write blocks for the rest;
//   - crash: a crashed host's connections fail at once on its side; a
//     peer's connection is reset (ECONNRESET) when one of its segments
//     reaches the crashed host or is in flight to it. A peer that only
//     reads hears nothing, as on TCP without keepalives: use a deadline.
//
// Resets and the window's updates take effect at once rather than after
// a latency: a simplification that keeps every outcome above reachable.
// Every segment's fate is a trace event on its link: "seg" when sent,
// "recv" on arrival, "retransmit", "drop", "reset", "discard" (bytes a
// Close threw away unread).

// segMax is the most bytes of one segment, so that a large Write becomes
// several trace events and interleaves with other traffic.
const segMax = 4096

type segKind uint8

const (
	segSyn segKind = iota
	segData
	segFin
)

func (k segKind) String() string { return [...]string{"syn", "data", "fin"}[k] }

// segment is what a flight carries on a connection: a connect (syn, to a
// listener), bytes, or the end of the writer's stream (fin).
type segment struct {
	kind  segKind
	from  *conn  // the sending end
	to    *conn  // the receiving end (nil for a syn)
	seq   uint64 // per sending end, from 0: the receiver reassembles in this order
	data  []byte
	tries int
}

// streamAddr is a net.Addr "host:port".
type streamAddr struct {
	host string
	port int
}

func (a streamAddr) Network() string { return "tcp" }
func (a streamAddr) String() string  { return a.host + ":" + strconv.Itoa(a.port) }

// conn is one end of a connection. Its state is guarded by net.mu.
type conn struct {
	net         *Network
	host        *Host
	local, peer streamAddr
	other       *conn // the other end; nil until the syn arrives
	link        *link // from this end's host to the other's

	sndNext     uint64 // next sequence number to send
	outstanding int    // bytes sent and not yet read by the other end (the window's use)
	lastDue     time.Duration

	rcvNext uint64              // next sequence number to hand to the reader
	ooo     map[uint64]*segment // arrived ahead of rcvNext; looked up, never ranged over
	rbuf    []byte              // in order, unread
	eof     bool                // the other end's fin is in order: Read returns io.EOF after rbuf

	wclosed   bool  // CloseWrite or Close
	closed    bool  // Close: reads and writes fail
	abandoned bool  // the dial gave up before the syn arrived
	failed    error // reset, timed out, or the host crashed: every call fails with it

	established sim.Chan[error]    // the dial's answer (client end only)
	readable    sim.Chan[struct{}] // capacity 1: something changed for a reader
	writable    sim.Chan[struct{}] // capacity 1: something changed for a writer

	rdeadline, wdeadline time.Time
}

var _ net.Conn = (*conn)(nil)

// streamListener is a bound stream port.
type streamListener struct {
	net     *Network
	host    *Host
	addr    streamAddr
	backlog []*conn // established, not yet accepted
	closed  bool
	ready   sim.Chan[struct{}] // capacity 1: the backlog grew or the listener closed
}

var _ net.Listener = (*streamListener)(nil)

// ListenStream binds addr ("host:port" of this host, or ":port"; port 0
// picks a free one) for connections. Stream ports are their own space,
// apart from the ports of Listen, as TCP's are apart from UDP's.
func (h *Host) ListenStream(addr string) (net.Listener, error) {
	port, err := h.ownPort("listen stream", addr)
	if err != nil {
		return nil, err
	}
	n := h.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := h.canBind("listen stream", addr); err != nil {
		return nil, err
	}
	if h.streams == nil {
		h.streams = make(map[int]*streamListener)
	}
	if port == 0 {
		port = h.freeStreamPort()
		if port == 0 {
			return nil, fmt.Errorf("fakenet: listen stream on %s: every ephemeral port of host %s is bound: %w", addr, h.name, transport.ErrAddrInUse)
		}
	}
	if h.streams[port] != nil {
		return nil, fmt.Errorf("fakenet: listen stream on %s: a listener holds the port; close it first: %w", h.Addr(port), transport.ErrAddrInUse)
	}
	l := &streamListener{net: n, host: h, addr: streamAddr{h.name, port}, ready: sim.NewChan[struct{}](n.rt, 1)}
	h.streams[port] = l
	n.trace(0, "listen stream "+l.addr.String())
	return l, nil
}

// freeStreamPort finds an ephemeral port no stream listener holds, or 0.
// The caller holds n.mu.
func (h *Host) freeStreamPort() int {
	return nextEphemeral(&h.nextStreamPort, func(p int) bool { return h.streams[p] == nil })
}

// DialStream connects to the stream listener at addr. It returns once the
// listener's host has put the connection in its backlog, or fails: refused
// (an error wrapping syscall.ECONNREFUSED), timed out after the retries of
// a partition or a full backlog (syscall.ETIMEDOUT), this host down
// (transport.ErrClosed), or ctx's error.
func (h *Host) DialStream(ctx context.Context, addr string) (net.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dstName, port, err := splitAddr(addr)
	if err == nil && (dstName == "" || port == 0) {
		err = fmt.Errorf("bad address %q: dial needs a host and a non-zero port", addr)
	}
	if err != nil {
		return nil, fmt.Errorf("fakenet: dial from %s: %w", h.name, err)
	}
	n := h.net
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return nil, errClosed("dial from " + h.name + " to " + addr)
	}
	if !h.up {
		n.mu.Unlock()
		return nil, fmt.Errorf("fakenet: dial from %s to %s: host %s is down: %w", h.name, addr, h.name, transport.ErrClosed)
	}
	dst := n.byName[dstName]
	if dst == nil {
		n.mu.Unlock()
		return nil, opErr("dial", streamAddr{dstName, port}, fmt.Errorf("unknown host %q: %w", dstName, syscall.ECONNREFUSED))
	}
	c := n.newConn(h, dst, streamAddr{dstName, port})
	c.established = sim.NewChan[error](n.rt, 1)
	n.streamStats.Dials++
	n.sendSegment(&segment{kind: segSyn, from: c})
	n.mu.Unlock()

	var answer error
	switch sim.Select(n.rt, c.established.RecvCase(&answer, nil), sim.DoneCase(ctx), n.stop.RecvCase(nil, nil)) {
	case 0:
		if answer != nil {
			return nil, answer
		}
		return c, nil
	case 1:
		err = ctx.Err()
	default:
		err = errClosed("dial from " + h.name + " to " + addr)
	}
	n.mu.Lock()
	c.abandoned = true
	n.removeConn(c)
	n.mu.Unlock()
	return nil, err
}

// newConn makes an end on host h towards peer. The caller holds n.mu.
func (n *Network) newConn(h *Host, to *Host, peer streamAddr) *conn {
	h.nextConnPort++
	if h.nextConnPort < ephemeralFirst || h.nextConnPort > ephemeralLast {
		h.nextConnPort = ephemeralFirst
	}
	c := &conn{
		net: n, host: h, local: streamAddr{h.name, h.nextConnPort}, peer: peer,
		link:     n.link(h, to),
		ooo:      make(map[uint64]*segment),
		readable: sim.NewChan[struct{}](n.rt, 1),
		writable: sim.NewChan[struct{}](n.rt, 1),
	}
	h.conns = append(h.conns, c)
	return c
}

// removeConn forgets c on its host. The caller holds n.mu.
func (n *Network) removeConn(c *conn) {
	cs := c.host.conns
	for i, x := range cs {
		if x == c {
			copy(cs[i:], cs[i+1:])
			cs[len(cs)-1] = nil
			c.host.conns = cs[:len(cs)-1]
			return
		}
	}
}

// sendSegment puts s in flight on its sender's link, never before an
// earlier segment of the same end. The caller holds n.mu.
func (n *Network) sendSegment(s *segment) {
	c := s.from
	l := c.link
	if s.kind != segSyn {
		s.seq = c.sndNext
		c.sndNext++
	}
	now := n.now()
	n.seq++
	f := &flight{seq: n.seq, link: l, seg: s}
	f.due = max(now+n.drawIn(l.latencyLabel, l.cfg.LatencyMin, max(l.cfg.LatencyMax, l.cfg.LatencyMin)), c.lastDue)
	c.lastDue = f.due
	n.streamStats.Segments++
	n.streamStats.Bytes += int64(len(s.data))
	n.traceSeg("seg", f)
	n.inflight.push(f)
	n.arm(f.due, now)
}

// deliverSegment is deliver for a stream segment. The caller holds n.mu.
func (n *Network) deliverSegment(f *flight) {
	s := f.seg
	switch {
	case f.link.cut || (s.kind == segSyn && n.backlogFull(s)):
		n.retransmit(f)
	case s.kind == segSyn:
		n.connect(f)
	case s.from.failed != nil || s.from.abandoned:
		n.traceSeg("drop", f) // the sender is gone: nobody to tell
	case s.to.failed != nil || !s.to.host.up:
		n.traceSeg("drop", f)
		n.fail(s.from, "reset", opErr("read", s.from.peer, syscall.ECONNRESET))
	case s.to.closed && s.kind == segData:
		// Bytes for an end that was closed: TCP answers with a reset.
		n.traceSeg("drop", f)
		n.streamStats.DiscardedBytes += int64(len(s.data))
		n.fail(s.from, "reset", opErr("write", s.from.peer, syscall.ECONNRESET))
	default:
		n.traceSeg("recv", f)
		n.reassemble(s)
	}
}

// backlogFull reports whether a syn's listener is there and has no room.
// The caller holds n.mu.
func (n *Network) backlogFull(s *segment) bool {
	dst := s.from.link.to
	l := dst.streams[s.from.peer.port]
	return l != nil && dst.up && !l.closed && len(l.backlog) >= n.cfg.StreamBacklog
}

// retransmit sends f again after StreamRetransmit, or times its
// connection out once the retries are spent. The caller holds n.mu.
func (n *Network) retransmit(f *flight) {
	s := f.seg
	if s.from.failed != nil || s.from.abandoned {
		n.traceSeg("drop", f)
		return
	}
	s.tries++
	if s.tries > n.cfg.StreamRetriesMax {
		n.traceSeg("drop", f)
		n.streamStats.Timeouts++
		err := opErr("read", s.from.peer, syscall.ETIMEDOUT)
		if s.kind == segSyn {
			err = opErr("dial", s.from.peer, syscall.ETIMEDOUT)
		}
		n.fail(s.from, "timeout", err)
		if s.to != nil {
			n.fail(s.to, "timeout", opErr("read", s.to.peer, syscall.ETIMEDOUT))
		}
		return
	}
	n.streamStats.Retransmits++
	n.traceSeg("retransmit", f)
	now := n.now()
	f.due = now + n.cfg.StreamRetransmit
	n.inflight.push(f)
	n.arm(f.due, now)
}

// connect answers a syn that reached its host. The caller holds n.mu.
func (n *Network) connect(f *flight) {
	c := f.seg.from
	if c.abandoned || c.failed != nil {
		n.traceSeg("drop", f)
		return
	}
	dst := c.link.to
	l := dst.streams[c.peer.port]
	if l == nil || l.closed || !dst.up {
		n.traceSeg("refused", f)
		n.streamStats.Refused++
		n.fail(c, "refused", opErr("dial", c.peer, syscall.ECONNREFUSED))
		return
	}
	srv := n.newConn(dst, c.host, c.local)
	srv.local = l.addr
	srv.other, c.other = c, srv
	l.backlog = append(l.backlog, srv)
	l.ready.TrySend(struct{}{})
	n.traceSeg("recv", f)
	c.established.TrySend(nil)
}

// reassemble hands an arrived segment to the reader in sequence order.
// The caller holds n.mu.
func (n *Network) reassemble(s *segment) {
	c := s.to
	c.ooo[s.seq] = s
	for {
		next, ok := c.ooo[c.rcvNext]
		if !ok {
			break
		}
		delete(c.ooo, c.rcvNext)
		c.rcvNext++
		if next.kind == segFin {
			c.eof = true
		} else if c.closed {
			n.streamStats.DiscardedBytes += int64(len(next.data))
			s.from.outstanding -= len(next.data)
		} else {
			c.rbuf = append(c.rbuf, next.data...)
		}
	}
	c.readable.TrySend(struct{}{})
}

// fail ends c with err (reset, timeout, refused, crash), waking whoever
// waits on it. The caller holds n.mu.
func (n *Network) fail(c *conn, why string, err error) {
	if c.failed != nil {
		return
	}
	c.failed = err
	if why == "reset" {
		n.streamStats.Resets++
	}
	n.trace(c.link.id, "stream "+why+" "+c.local.String()+"->"+c.peer.String())
	if !c.established.IsZero() {
		c.established.TrySend(err)
	}
	c.readable.TrySend(struct{}{})
	c.writable.TrySend(struct{}{})
	n.removeConn(c)
}

// crashStreams fails every connection and listener of h, and resets the
// peers of segments in flight to it. The caller holds n.mu.
func (n *Network) crashStreams(h *Host) {
	for _, c := range append([]*conn(nil), h.conns...) {
		n.fail(c, "crash", opErr("read", c.peer, fmt.Errorf("host %s crashed: %w", h.name, net.ErrClosed)))
	}
	for _, p := range sortedPorts(h.streams) {
		l := h.streams[p]
		n.closeStreamListener(l, "crash")
	}
}

// dropSegment is Crash's drop of a segment in flight to or from a crashed
// host: the end on the other side is reset. The caller holds n.mu.
func (n *Network) dropSegment(f *flight, crashed *Host) {
	s := f.seg
	n.traceSeg("drop crash", f)
	if s.from.host != crashed {
		if s.kind == segSyn {
			n.fail(s.from, "refused", opErr("dial", s.from.peer, syscall.ECONNREFUSED))
		} else {
			n.fail(s.from, "reset", opErr("read", s.from.peer, syscall.ECONNRESET))
		}
	}
}

func opErr(op string, addr streamAddr, err error) error {
	return &net.OpError{Op: op, Net: "tcp", Addr: addr, Err: err}
}

// traceSeg records a segment's fate: "recv a:49152->b:80 data #3 512".
func (n *Network) traceSeg(what string, f *flight) {
	if n.tracing {
		s := f.seg
		n.rt.Trace(f.link.id, what+" "+s.from.local.String()+"->"+s.from.peer.String()+" "+s.kind.String()+" #"+strconv.FormatUint(s.seq, 10)+" "+strconv.Itoa(len(s.data)))
	}
}

// StreamStats counts what the network's connections did.
type StreamStats struct {
	Dials          int64 // DialStream calls that sent a connect
	Refused        int64 // connects refused: nobody listened
	Segments       int64 // segments sent (connects, data, fins), retransmissions not included
	Bytes          int64 // bytes written
	Retransmits    int64 // segments sent again after meeting a cut link or a full backlog
	Timeouts       int64 // connections timed out after StreamRetriesMax retransmissions
	Resets         int64 // connection ends reset (a peer crashed or closed)
	DiscardedBytes int64 // bytes that arrived, or were unread, at an end already closed
}

// StreamStats returns the counters of the network's connections.
func (n *Network) StreamStats() StreamStats {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.streamStats
}
