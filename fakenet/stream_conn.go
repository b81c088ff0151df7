package fakenet

import (
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"time"

	"github.com/execsim/execsim/sim"
)

// Read reads what has arrived, in order. It blocks until some bytes are
// there, the other end closed its writing side (io.EOF, once the bytes
// before it are read), the connection failed (reset, timed out, its host
// crashed), Close was called (net.ErrClosed), or the read deadline passed
// (an error wrapping os.ErrDeadlineExceeded, whose Timeout is true).
func (c *conn) Read(p []byte) (int, error) {
	n := c.net
	n.mu.Lock()
	for {
		switch {
		case c.closed:
			n.mu.Unlock()
			return 0, opErr("read", c.peer, net.ErrClosed)
		case len(c.rbuf) > 0:
			k := copy(p, c.rbuf)
			c.rbuf = c.rbuf[k:]
			if len(c.rbuf) == 0 {
				c.rbuf = nil
			}
			if c.other != nil {
				// The window opens at once (see stream.go).
				c.other.outstanding -= k
				c.other.writable.TrySend(struct{}{})
			}
			if len(c.rbuf) > 0 || c.eof || c.failed != nil {
				c.readable.TrySend(struct{}{}) // pass the wake-up on
			}
			n.mu.Unlock()
			return k, nil
		case c.failed != nil:
			n.mu.Unlock()
			return 0, c.failed
		case c.eof:
			n.mu.Unlock()
			return 0, io.EOF
		case len(p) == 0:
			n.mu.Unlock()
			return 0, nil
		}
		if !c.wait(c.readable, c.rdeadline) {
			return 0, opErr("read", c.peer, os.ErrDeadlineExceeded)
		}
	}
}

// Write sends p as segments of at most segMax bytes. It blocks while the
// window (Config.StreamWindowBytes) is full, and fails once the
// connection failed, after CloseWrite or Close (EPIPE, net.ErrClosed), or
// at the write deadline, with the count of the bytes sent before.
func (c *conn) Write(p []byte) (int, error) {
	n := c.net
	window := n.cfg.StreamWindowBytes
	sent := 0
	n.mu.Lock()
	for {
		switch {
		case c.closed:
			n.mu.Unlock()
			return sent, opErr("write", c.peer, net.ErrClosed)
		case c.failed != nil:
			n.mu.Unlock()
			return sent, c.failed
		case c.wclosed:
			n.mu.Unlock()
			return sent, opErr("write", c.peer, syscall.EPIPE)
		case sent == len(p):
			n.mu.Unlock()
			return sent, nil
		}
		if room := window - c.outstanding; room > 0 {
			k := min(room, len(p)-sent, segMax)
			data := append([]byte(nil), p[sent:sent+k]...)
			c.outstanding += k
			n.sendSegment(&segment{kind: segData, from: c, to: c.other, data: data})
			sent += k
			continue
		}
		if !c.wait(c.writable, c.wdeadline) {
			return sent, opErr("write", c.peer, os.ErrDeadlineExceeded)
		}
	}
}

// wait releases n.mu and blocks until ch is signalled (true, with n.mu
// held again) or the deadline passes (false, n.mu released). The network's
// close counts as a signal: the caller then finds its end failed.
func (c *conn) wait(ch sim.Chan[struct{}], deadline time.Time) bool {
	n := c.net
	var timer *sim.Timer
	if !deadline.IsZero() {
		d := deadline.Sub(n.rt.Now())
		if d <= 0 {
			n.mu.Unlock()
			return false
		}
		timer = n.rt.NewTimer(d)
	}
	n.mu.Unlock()
	cases := []sim.Case{ch.RecvCase(nil, nil), n.stop.RecvCase(nil, nil)}
	if timer != nil {
		cases = append(cases, timer.C.RecvCase(nil, nil))
	}
	i := sim.Select(n.rt, cases...)
	if timer != nil {
		timer.Stop()
	}
	if i == 2 {
		return false
	}
	n.mu.Lock()
	if i == 1 && c.failed == nil {
		c.failed = opErr("read", c.peer, errClosed("connection "+c.local.String()+"->"+c.peer.String()))
	}
	return true
}

// CloseWrite ends the writing side: the other end reads io.EOF after the
// bytes already written. Reading goes on.
func (c *conn) CloseWrite() error {
	n := c.net
	n.mu.Lock()
	defer n.mu.Unlock()
	return c.closeWrite()
}

// closeWrite sends the fin once. The caller holds n.mu.
func (c *conn) closeWrite() error {
	if c.closed {
		return opErr("close", c.peer, net.ErrClosed)
	}
	if c.wclosed || c.failed != nil {
		return nil
	}
	c.wclosed = true
	c.net.sendSegment(&segment{kind: segFin, from: c, to: c.other})
	return nil
}

// Close ends both sides: the other end reads io.EOF after what was
// written, and bytes it sends from now on reset it. Unread bytes are
// discarded and counted (StreamStats.DiscardedBytes). Blocked Reads and
// Writes return net.ErrClosed. A second Close is an error, as on net.
func (c *conn) Close() error {
	n := c.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if c.closed {
		return opErr("close", c.peer, net.ErrClosed)
	}
	_ = c.closeWrite()
	c.closed = true
	if len(c.rbuf) > 0 {
		n.streamStats.DiscardedBytes += int64(len(c.rbuf))
		n.trace(c.link.id, fmt.Sprintf("discard %s->%s %d", c.peer, c.local, len(c.rbuf)))
		if c.other != nil {
			c.other.outstanding -= len(c.rbuf)
			c.other.writable.TrySend(struct{}{})
		}
		c.rbuf = nil
	}
	c.readable.TrySend(struct{}{})
	c.writable.TrySend(struct{}{})
	n.removeConn(c)
	return nil
}

func (c *conn) LocalAddr() net.Addr  { return c.local }
func (c *conn) RemoteAddr() net.Addr { return c.peer }

// SetDeadline sets both deadlines, on the world's clock.
func (c *conn) SetDeadline(t time.Time) error {
	c.SetReadDeadline(t)
	return c.SetWriteDeadline(t)
}

// SetReadDeadline bounds Reads, those blocked now included, by t on the
// runtime's clock (virtual in a world). The zero time means none.
func (c *conn) SetReadDeadline(t time.Time) error {
	n := c.net
	n.mu.Lock()
	defer n.mu.Unlock()
	c.rdeadline = t
	c.readable.TrySend(struct{}{}) // a blocked Read re-reads the deadline
	return nil
}

// SetWriteDeadline bounds Writes as SetReadDeadline bounds Reads.
func (c *conn) SetWriteDeadline(t time.Time) error {
	n := c.net
	n.mu.Lock()
	defer n.mu.Unlock()
	c.wdeadline = t
	c.writable.TrySend(struct{}{})
	return nil
}

// Accept returns the next connection of the backlog, blocking until one
// comes or the listener closes (net.ErrClosed).
func (l *streamListener) Accept() (net.Conn, error) {
	n := l.net
	for {
		n.mu.Lock()
		if l.closed {
			n.mu.Unlock()
			return nil, opErr("accept", l.addr, net.ErrClosed)
		}
		if len(l.backlog) > 0 {
			c := l.backlog[0]
			l.backlog[0] = nil
			l.backlog = l.backlog[1:]
			if len(l.backlog) > 0 {
				l.ready.TrySend(struct{}{})
			}
			n.trace(c.link.id, "accept "+c.peer.String()+"->"+c.local.String())
			n.mu.Unlock()
			return c, nil
		}
		n.mu.Unlock()
		if sim.Select(n.rt, l.ready.RecvCase(nil, nil), n.stop.RecvCase(nil, nil)) == 1 {
			return nil, opErr("accept", l.addr, net.ErrClosed)
		}
	}
}

// Close unbinds the port and wakes Accept; connections in the backlog are
// reset, those already accepted go on.
func (l *streamListener) Close() error {
	n := l.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if l.closed {
		return opErr("close", l.addr, net.ErrClosed)
	}
	n.closeStreamListener(l, "close")
	return nil
}

// closeStreamListener closes l, resetting its backlog. The caller holds
// n.mu.
func (n *Network) closeStreamListener(l *streamListener, why string) {
	l.closed = true
	if l.host.streams[l.addr.port] == l {
		delete(l.host.streams, l.addr.port)
	}
	for _, c := range l.backlog {
		n.fail(c, "closed", opErr("read", c.peer, net.ErrClosed))
		if c.other != nil {
			n.fail(c.other, "reset", opErr("read", c.other.peer, syscall.ECONNRESET))
		}
	}
	l.backlog = nil
	n.trace(0, why+" stream "+l.addr.String())
	l.ready.Close()
}

func (l *streamListener) Addr() net.Addr { return l.addr }
