package executor

// The real network edge: the one file of the package that uses native
// goroutines, net, sync and time, because sockets cannot be driven by a
// world. Everything above the Transport interface stays on the kit.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// ackByte is the receiver's answer once a message is in its queue: like
// the original's unary RPC, a Send returns only when the peer has the
// message, so a dead or restarted peer is an error and never a silent loss.
const ackByte = 0x06

// TCPConfig configures NewTCPTransport. Zero fields take their defaults.
type TCPConfig struct {
	// MaxFrameSize bounds a frame in both directions. Default
	// DefaultMaxFrameSize.
	MaxFrameSize int
	// QueueLen is how many received messages a listener holds before it
	// stops reading from its connections (backpressure: the senders' acks
	// wait). Default 64.
	QueueLen int
	// Logf, if set, receives one line per rejected frame or connection.
	Logf func(format string, args ...any)
}

// TCPTransport is the Transport over real TCP: one connection per Send,
// one length-prefixed frame (see EncodeFrame) and a one-byte ack.
type TCPTransport struct {
	cfg      TCPConfig
	rejected atomic.Int64
}

// NewTCPTransport returns a TCP transport.
func NewTCPTransport(cfg TCPConfig) *TCPTransport {
	if cfg.MaxFrameSize <= 0 {
		cfg.MaxFrameSize = DefaultMaxFrameSize
	}
	if cfg.QueueLen <= 0 {
		cfg.QueueLen = 64
	}
	return &TCPTransport{cfg: cfg}
}

// Rejected counts the connections a listener of this transport dropped
// for a malformed, oversized or unknown-version frame.
func (t *TCPTransport) Rejected() int64 { return t.rejected.Load() }

func (t *TCPTransport) logf(format string, args ...any) {
	if t.cfg.Logf != nil {
		t.cfg.Logf(format, args...)
	}
}

// Listen binds addr ("127.0.0.1:0" picks a free port; Addr tells which).
func (t *TCPTransport) Listen(addr string) (Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("executor: tcp: listen %s: %w", addr, ErrAddrInUse)
		}
		return nil, fmt.Errorf("executor: tcp: listen %s: %w", addr, err)
	}
	l := &tcpListener{
		t:     t,
		ln:    ln,
		msgs:  make(chan Message, t.cfg.QueueLen),
		done:  make(chan struct{}),
		conns: make(map[net.Conn]struct{}),
	}
	l.wg.Add(1)
	go l.accept()
	return l, nil
}

// Send dials addr, writes msg as one frame and waits for the ack.
func (t *TCPTransport) Send(ctx context.Context, addr string, msg Message) error {
	frame, err := EncodeFrame(msg, t.cfg.MaxFrameSize)
	if err != nil {
		return permanent(err)
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, syscall.ECONNREFUSED) {
			return fmt.Errorf("executor: tcp: send %s to %s: %w", msg.Type, addr, ErrRefused)
		}
		return fmt.Errorf("executor: tcp: send %s to %s: %w", msg.Type, addr, err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if _, err := conn.Write(frame); err != nil {
		return t.sendErr(ctx, msg, addr, err)
	}
	var ack [1]byte
	if _, err := io.ReadFull(conn, ack[:]); err != nil {
		return t.sendErr(ctx, msg, addr, fmt.Errorf("no ack: %w", err))
	}
	if ack[0] != ackByte {
		return fmt.Errorf("executor: tcp: send %s to %s: bad ack %#x", msg.Type, addr, ack[0])
	}
	return nil
}

func (t *TCPTransport) sendErr(ctx context.Context, msg Message, addr string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	// A peer that closed while we wrote is gone, as if it had refused.
	if errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return fmt.Errorf("executor: tcp: send %s to %s: %w (%v)", msg.Type, addr, ErrRefused, err)
	}
	return fmt.Errorf("executor: tcp: send %s to %s: %w", msg.Type, addr, err)
}

type tcpListener struct {
	t    *TCPTransport
	ln   net.Listener
	msgs chan Message
	done chan struct{}
	once sync.Once
	wg   sync.WaitGroup

	mu     sync.Mutex
	closed bool
	conns  map[net.Conn]struct{}
}

func (l *tcpListener) Addr() string { return l.ln.Addr().String() }

func (l *tcpListener) accept() {
	defer l.wg.Done()
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return // closed
		}
		l.mu.Lock()
		if l.closed {
			l.mu.Unlock()
			c.Close()
			return
		}
		l.conns[c] = struct{}{}
		l.wg.Add(1)
		l.mu.Unlock()
		go l.serve(c)
	}
}

func (l *tcpListener) serve(c net.Conn) {
	defer l.wg.Done()
	defer func() {
		l.mu.Lock()
		delete(l.conns, c)
		l.mu.Unlock()
		c.Close()
	}()
	r := bufio.NewReader(c)
	for {
		msg, err := ReadFrame(r, l.t.cfg.MaxFrameSize)
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) && !isTimeout(err) {
				l.t.rejected.Add(1)
				l.t.logf("executor: tcp: %s: dropping connection from %s: %v", l.Addr(), c.RemoteAddr(), err)
			}
			return
		}
		select {
		case l.msgs <- msg:
		case <-l.done:
			return
		}
		if _, err := c.Write([]byte{ackByte}); err != nil {
			return
		}
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func (l *tcpListener) Recv(ctx context.Context) (Message, error) {
	select {
	case <-l.done:
		return Message{}, fmt.Errorf("executor: tcp: recv on %s: %w", l.Addr(), ErrClosed)
	default:
	}
	select {
	case m := <-l.msgs:
		return m, nil
	case <-l.done:
		return Message{}, fmt.Errorf("executor: tcp: recv on %s: %w", l.Addr(), ErrClosed)
	case <-ctx.Done():
		return Message{}, ctx.Err()
	}
}

// Close stops accepting, drops every connection and waits for the
// listener's goroutines, so that a closed listener leaves nothing running.
func (l *tcpListener) Close() error {
	var err error
	l.once.Do(func() {
		close(l.done)
		err = l.ln.Close()
		l.mu.Lock()
		l.closed = true
		for c := range l.conns {
			c.Close()
		}
		l.mu.Unlock()
		l.wg.Wait()
	})
	return err
}
