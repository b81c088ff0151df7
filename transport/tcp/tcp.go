package tcp

// The real network edge: native goroutines, net, sync and time, because
// sockets cannot be driven by a world. Code above transport.Transport
// stays on the kit; this package is the one place outside sim that may not.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/execsim/execsim/transport"
)

// ackByte is the receiver's answer once a message is in its queue: like
// the original's unary RPC, a Send returns only when the peer has the
// message, so a dead or restarted peer is an error and never a silent loss.
const ackByte = 0x06

// Config configures New. Zero fields take their defaults.
//
// A listener faces the network, so everything a peer can make it hold is
// bounded: connections (MaxConns), time (IdleTimeout, ReadTimeout) and
// memory. Memory has two budgets. Per connection: one frame at a time, of
// at most MaxFrameSize bytes, whose buffer grows with the bytes that
// arrive, never with the length its header declares. Across the
// transport: BufferBytesMax bounds the bytes of every frame being read
// and every message queued and not yet received. Each limit reached drops
// the connection and is counted in Stats.
type Config struct {
	// MaxFrameSize bounds a frame in both directions, and so what one
	// connection may buffer. Default DefaultMaxFrameSize.
	MaxFrameSize int
	// QueueLen is how many received messages a listener holds before it
	// stops reading from its connections (backpressure: the senders' acks
	// wait). Default 64.
	QueueLen int
	// MaxConns bounds the connections open at once on each listener; one
	// more is closed as soon as it is accepted. Default 256.
	MaxConns int
	// BufferBytesMax bounds the bytes the transport's listeners hold: the
	// buffers of frames being read plus the messages queued for Recv. A
	// frame that would pass it drops its connection. Default 64 MiB, and
	// never less than MaxFrameSize.
	BufferBytesMax int64
	// IdleTimeout is how long a connection may stay open without starting
	// a frame (the first 4 bytes included). Default 30s.
	IdleTimeout time.Duration
	// ReadTimeout is how long a frame may take once its first byte has
	// arrived, however slowly its bytes drip in. Default 10s.
	ReadTimeout time.Duration
	// Logf, if set, receives one line per rejected frame or connection.
	Logf func(format string, args ...any)
}

// The defaults of Config.
const (
	defaultQueueLen       = 64
	defaultMaxConns       = 256
	defaultBufferBytesMax = 64 << 20
	defaultIdleTimeout    = 30 * time.Second
	defaultReadTimeout    = 10 * time.Second
)

// Stats counts what the listeners of a Transport did with their
// connections. The counters only grow, except Open and Buffered, which
// are the current levels.
type Stats struct {
	Accepted     int64 // connections accepted and served (under MaxConns)
	Frames       int64 // frames received, queued and acked
	Rejected     int64 // connections dropped for a malformed, oversized or unknown-version frame
	ConnsRefused int64 // connections closed at once: MaxConns were open
	IdleTimeouts int64 // connections closed after IdleTimeout without a frame
	ReadTimeouts int64 // connections dropped: a frame not whole within ReadTimeout
	BudgetDrops  int64 // connections dropped: their frame did not fit in BufferBytesMax
	Discarded    int64 // messages acked (their Send returned nil) and dropped by Close before a Recv took them
	Open         int64 // connections open now
	Buffered     int64 // bytes held now against BufferBytesMax
}

// Transport is the Transport over real TCP: one connection per Send,
// one length-prefixed frame (see EncodeFrame) and a one-byte ack.
type Transport struct {
	cfg Config

	accepted, frames, rejected, refused atomic.Int64
	idle, slow, overBudget, discarded   atomic.Int64
	open, buffered                      atomic.Int64
}

// New returns a TCP transport.
func New(cfg Config) *Transport {
	if cfg.MaxFrameSize <= 0 {
		cfg.MaxFrameSize = DefaultMaxFrameSize
	}
	if cfg.QueueLen <= 0 {
		cfg.QueueLen = defaultQueueLen
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = defaultMaxConns
	}
	if cfg.BufferBytesMax <= 0 {
		cfg.BufferBytesMax = defaultBufferBytesMax
	}
	cfg.BufferBytesMax = max(cfg.BufferBytesMax, int64(cfg.MaxFrameSize))
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = defaultIdleTimeout
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = defaultReadTimeout
	}
	return &Transport{cfg: cfg}
}

// Rejected counts the connections a listener of this transport dropped
// for a malformed, oversized or unknown-version frame: what a peer sent,
// not how fast (see Stats for timeouts, budgets and the connection cap).
func (t *Transport) Rejected() int64 { return t.rejected.Load() }

// Stats returns the counters of the transport's listeners.
func (t *Transport) Stats() Stats {
	return Stats{
		Accepted: t.accepted.Load(), Frames: t.frames.Load(), Rejected: t.rejected.Load(),
		ConnsRefused: t.refused.Load(), IdleTimeouts: t.idle.Load(), ReadTimeouts: t.slow.Load(),
		BudgetDrops: t.overBudget.Load(), Discarded: t.discarded.Load(), Open: t.open.Load(), Buffered: t.buffered.Load(),
	}
}

// errOverBudget is a frame that does not fit in BufferBytesMax.
var errOverBudget = errors.New("over the listener's byte budget")

// reserve takes n bytes of BufferBytesMax, or fails without taking any.
func (t *Transport) reserve(n int) error {
	if t.buffered.Add(int64(n)) > t.cfg.BufferBytesMax {
		t.buffered.Add(-int64(n))
		return errOverBudget
	}
	return nil
}

func (t *Transport) release(n int) { t.buffered.Add(-int64(n)) }

func (t *Transport) logf(format string, args ...any) {
	if t.cfg.Logf != nil {
		t.cfg.Logf(format, args...)
	}
}

// Listen binds addr ("127.0.0.1:0" picks a free port; Addr tells which).
func (t *Transport) Listen(addr string) (transport.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("tcp: listen %s: %w", addr, transport.ErrAddrInUse)
		}
		return nil, fmt.Errorf("tcp: listen %s: %w", addr, err)
	}
	l := &listener{
		t:     t,
		ln:    ln,
		msgs:  make(chan queued, t.cfg.QueueLen),
		done:  make(chan struct{}),
		conns: make(map[net.Conn]struct{}),
	}
	l.wg.Add(1)
	go l.accept()
	return l, nil
}

// Send dials addr, writes msg as one frame and waits for the ack.
func (t *Transport) Send(ctx context.Context, addr string, msg transport.Message) error {
	frame, err := EncodeFrame(msg, t.cfg.MaxFrameSize)
	if err != nil {
		return fmt.Errorf("tcp: send %s to %s: %w: %w", msg.Type, addr, transport.ErrUnsendable, err)
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// A reset while connecting is a listener that closed with the
		// connection in its backlog: refused as well, not accepted.
		if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) {
			return fmt.Errorf("tcp: send %s to %s: %w (%v)", msg.Type, addr, transport.ErrRefused, err)
		}
		return fmt.Errorf("tcp: send %s to %s: %w", msg.Type, addr, err)
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
		return fmt.Errorf("tcp: send %s to %s: bad ack %#x", msg.Type, addr, ack[0])
	}
	return nil
}

func (t *Transport) sendErr(ctx context.Context, msg transport.Message, addr string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	// A peer that closed while we wrote is gone, as if it had refused.
	if errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return fmt.Errorf("tcp: send %s to %s: %w (%v)", msg.Type, addr, transport.ErrRefused, err)
	}
	return fmt.Errorf("tcp: send %s to %s: %w", msg.Type, addr, err)
}

type listener struct {
	t    *Transport
	ln   net.Listener
	msgs chan queued
	done chan struct{}
	once sync.Once
	wg   sync.WaitGroup

	mu     sync.Mutex
	closed bool
	conns  map[net.Conn]struct{}
}

// queued is a received message and the bytes it holds of BufferBytesMax,
// given back when Recv takes it (or Close drops it).
type queued struct {
	msg   transport.Message
	bytes int
}

func (l *listener) Addr() string { return l.ln.Addr().String() }

func (l *listener) accept() {
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
		if len(l.conns) >= l.t.cfg.MaxConns {
			l.mu.Unlock()
			l.t.refused.Add(1)
			l.t.logf("tcp: %s: refusing a connection from %s: %d open, the most allowed", l.Addr(), c.RemoteAddr(), l.t.cfg.MaxConns)
			c.Close()
			continue
		}
		l.conns[c] = struct{}{}
		l.t.accepted.Add(1)
		l.t.open.Add(1)
		l.wg.Add(1)
		l.mu.Unlock()
		go l.serve(c)
	}
}

func (l *listener) serve(c net.Conn) {
	defer l.wg.Done()
	defer func() {
		l.mu.Lock()
		delete(l.conns, c)
		l.mu.Unlock()
		l.t.open.Add(-1)
		c.Close()
	}()
	for {
		q, err := l.readFrame(c)
		if err != nil {
			l.dropped(c, err)
			return
		}
		select {
		case l.msgs <- q:
		case <-l.done:
			l.t.release(q.bytes)
			return
		}
		l.t.frames.Add(1)
		if _, err := c.Write([]byte{ackByte}); err != nil {
			return
		}
	}
}

// readFrame reads one frame from c within the deadlines and the budget.
// The header must start within IdleTimeout; from its first byte the whole
// frame has ReadTimeout. The body's buffer is reserved from
// BufferBytesMax as it grows; what the message keeps stays reserved until
// Recv, the rest is given back.
func (l *listener) readFrame(c net.Conn) (queued, error) {
	cfg := &l.t.cfg
	var hdr [frameLenSize]byte
	c.SetReadDeadline(time.Now().Add(cfg.IdleTimeout))
	n, err := io.ReadFull(c, hdr[:1])
	if err != nil {
		if n == 0 && isTimeout(err) {
			return queued{}, errIdle
		}
		return queued{}, err
	}
	c.SetReadDeadline(time.Now().Add(cfg.ReadTimeout))
	if _, err := io.ReadFull(c, hdr[1:]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return queued{}, fmt.Errorf("tcp: read frame: %w: in the header", err)
	}
	body, err := frameBodyLen(hdr[:], cfg.MaxFrameSize)
	if err != nil {
		return queued{}, err
	}
	held := 0
	b, err := readBody(c, body, func(n int) error {
		if err := l.t.reserve(n); err != nil {
			return err
		}
		held += n
		return nil
	})
	if err != nil {
		l.t.release(held)
		return queued{}, err
	}
	msg, err := decodeBody(b)
	keep := 0
	if err == nil {
		keep = len(msg.Type) + len(msg.Data)
	}
	l.t.release(held - keep)
	return queued{msg, keep}, err
}

// errIdle is a connection that started no frame within IdleTimeout.
var errIdle = errors.New("idle")

// dropped counts why a connection ended, unless it ended cleanly.
func (l *listener) dropped(c net.Conn, err error) {
	what := "dropping"
	switch {
	case errors.Is(err, errIdle):
		l.t.idle.Add(1)
		return
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
		return // the peer is done, or the listener closed
	case isTimeout(err):
		l.t.slow.Add(1)
		what = "timed out"
	case errors.Is(err, errOverBudget):
		l.t.overBudget.Add(1)
	case errors.Is(err, ErrFrameTooLarge), errors.Is(err, ErrFrameVersion), errors.Is(err, ErrMalformedFrame):
		l.t.rejected.Add(1)
	default:
		return // a reset or a half-sent frame: the peer went away
	}
	l.t.logf("tcp: %s: %s connection from %s: %v", l.Addr(), what, c.RemoteAddr(), err)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func (l *listener) Recv(ctx context.Context) (transport.Message, error) {
	select {
	case <-l.done:
		return transport.Message{}, fmt.Errorf("tcp: recv on %s: %w", l.Addr(), transport.ErrClosed)
	default:
	}
	select {
	case q := <-l.msgs:
		l.t.release(q.bytes)
		return q.msg, nil
	case <-l.done:
		return transport.Message{}, fmt.Errorf("tcp: recv on %s: %w", l.Addr(), transport.ErrClosed)
	case <-ctx.Done():
		return transport.Message{}, ctx.Err()
	}
}

// Close stops accepting, drops every connection and waits for the
// listener's goroutines, so that a closed listener leaves nothing running.
// A frame read and not yet queued is not acked: its Send fails with
// ErrRefused. Messages queued and not received are counted in
// Stats.Discarded.
func (l *listener) Close() error {
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
		// Nothing sends any more: give back what the queue still holds,
		// and count it: those messages were acked, so their senders
		// believe them accepted.
		for len(l.msgs) > 0 {
			l.t.release((<-l.msgs).bytes)
			l.t.discarded.Add(1)
		}
	})
	return err
}
