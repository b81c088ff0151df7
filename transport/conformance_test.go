package transport_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/execsim/execsim/fakenet"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
	"github.com/execsim/execsim/transport/tcp"
)

// The contract of the package doc, held on both networks: each exchange
// below runs on transport/tcp over loopback with the real kit, and on
// fakenet in a world (several seeds), and must give the same outcomes.

// queueLen is both networks' listener queue: one message, so that a
// second one finds a peer that does not read.
const queueLen = 1

// network is what an exchange needs of an engine.
type network interface {
	// host is the transport as seen from host.
	host(name string) transport.Transport
	// listenAddr is what host listens on to get a fresh address.
	listenAddr(host string) string
	// arrived returns once a message sent to a listener whose queue is
	// full has reached it: fakenet's latency has passed, or the TCP
	// listener has read the frame it cannot queue.
	arrived(rt sim.Runtime, bytes int64)
	// discarded counts accepted messages dropped by a listener's Close.
	discarded() int64
	close()
}

type engine struct {
	name string
	run  func(t *testing.T, body func(rt sim.Runtime, n network))
}

var engines = []engine{
	{"tcp", func(t *testing.T, body func(rt sim.Runtime, n network)) {
		tr := tcp.New(tcp.Config{QueueLen: queueLen})
		n := &tcpNet{tr}
		body(sim.NewReal(1), n)
		n.close()
	}},
	{"fakenet", func(t *testing.T, body func(rt sim.Runtime, n network)) {
		for seed := uint64(1); seed <= 20; seed++ {
			res := sim.Run(sim.Options{Seed: seed}, func(rt sim.Runtime) {
				fn, err := fakenet.New(rt, fakenet.Config{
					LinkConfig:       fakenet.LinkConfig{LatencyMin: 5 * time.Millisecond, LatencyMax: 10 * time.Millisecond},
					ListenerQueueMax: queueLen,
				})
				if err != nil {
					panic(err)
				}
				n := &simNet{fn}
				body(rt, n)
				n.close()
			})
			if res.Failure != nil {
				t.Fatalf("seed %d: %s", seed, res.Failure.Report())
			}
		}
	}},
}

type tcpNet struct{ tr *tcp.Transport }

func (n *tcpNet) host(string) transport.Transport { return n.tr }
func (n *tcpNet) listenAddr(string) string        { return "127.0.0.1:0" }
func (n *tcpNet) discarded() int64                { return n.tr.Stats().Discarded }
func (n *tcpNet) close()                          {}

// arrived waits, in real time and bounded, for the listener to hold the
// bytes of the queued message and of the frame it read and cannot queue.
func (n *tcpNet) arrived(rt sim.Runtime, bytes int64) {
	for range 2000 {
		if n.tr.Stats().Buffered >= bytes {
			return
		}
		rt.Sleep(5 * time.Millisecond)
	}
}

type simNet struct{ n *fakenet.Network }

func (n *simNet) host(name string) transport.Transport {
	h, err := n.n.Host(name)
	if err != nil {
		panic(err)
	}
	return h
}
func (n *simNet) listenAddr(host string) string { return host + ":0" }
func (n *simNet) discarded() int64              { return n.n.Totals().Discarded }
func (n *simNet) close()                        { n.n.Close() }

// arrived sleeps past the longest latency: the copy waits at the full
// queue.
func (n *simNet) arrived(rt sim.Runtime, bytes int64) { rt.Sleep(11 * time.Millisecond) }

// checks collects an exchange's failed expectations: the body may run on
// a world's goroutine, where t.Fatal cannot stop it.
type checks []string

func (c *checks) is(err, want error, what string) {
	if !errors.Is(err, want) {
		*c = append(*c, fmt.Sprintf("%s: got %v, want an error wrapping %v", what, err, want))
	}
}

func (c *checks) ok(err error, what string) {
	if err != nil {
		*c = append(*c, fmt.Sprintf("%s: %v", what, err))
	}
}

func (c *checks) equal(got, want any, what string) {
	if fmt.Sprint(got) != fmt.Sprint(want) {
		*c = append(*c, fmt.Sprintf("%s: got %v, want %v", what, got, want))
	}
}

// conform runs exchange on every engine.
func conform(t *testing.T, exchange func(rt sim.Runtime, n network, c *checks)) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			var c checks
			e.run(t, func(rt sim.Runtime, n network) { exchange(rt, n, &c) })
			for _, f := range c {
				t.Error(f)
			}
		})
	}
}

func within(rt sim.Runtime, d time.Duration) (context.Context, context.CancelFunc) {
	return rt.WithTimeout(context.Background(), d)
}

func msg(typ string, data string) transport.Message {
	return transport.Message{Type: typ, Data: []byte(data)}
}

// A nil Send means accepted, and one sender's accepted messages are
// received in order, intact.
func TestConformAcceptedInOrder(t *testing.T) {
	conform(t, func(rt sim.Runtime, n network, c *checks) {
		l, err := n.host("b").Listen(n.listenAddr("b"))
		if err != nil {
			c.ok(err, "listen")
			return
		}
		defer l.Close()
		var got []string
		recv := rt.NewWaitGroup()
		recv.Go("receiver", func() {
			ctx, cancel := within(rt, 10*time.Second)
			defer cancel()
			for range 5 {
				m, err := l.Recv(ctx)
				if err != nil {
					c.ok(err, "recv")
					return
				}
				got = append(got, m.Type+"="+string(m.Data))
			}
		})
		a := n.host("a")
		for i := range 5 {
			ctx, cancel := within(rt, 10*time.Second)
			c.ok(a.Send(ctx, l.Addr(), msg("m"+strconv.Itoa(i), "data"+strconv.Itoa(i))), "send")
			cancel()
		}
		recv.Wait()
		c.equal(got, []string{"m0=data0", "m1=data1", "m2=data2", "m3=data3", "m4=data4"}, "received")
	})
}

// Refusals and the errors that need no peer.
func TestConformErrors(t *testing.T) {
	conform(t, func(rt sim.Runtime, n network, c *checks) {
		b := n.host("b")
		l, err := b.Listen(n.listenAddr("b"))
		if err != nil {
			c.ok(err, "listen")
			return
		}
		addr := l.Addr()
		_, err = b.Listen(addr)
		c.is(err, transport.ErrAddrInUse, "listen on a bound address")
		a := n.host("a")
		ctx, cancel := within(rt, 10*time.Second)
		defer cancel()
		c.is(a.Send(ctx, addr, msg("bad type", "")), transport.ErrUnsendable, "send of a bad type")
		canceled, cancelNow := rt.WithCancel(context.Background())
		cancelNow()
		c.is(a.Send(canceled, addr, msg("t", "")), context.Canceled, "send with an ended ctx")
		c.ok(l.Close(), "close")
		c.ok(l.Close(), "second close")
		_, err = l.Recv(ctx)
		c.is(err, transport.ErrClosed, "recv after close")
		c.is(a.Send(ctx, addr, msg("t", "")), transport.ErrRefused, "send to a closed listener")
	})
}

// A message on its way when the listener closes is refused, one accepted
// and not received is discarded and counted, and a peer that does not
// read leaves a Send unanswered until its deadline.
func TestConformClose(t *testing.T) {
	conform(t, func(rt sim.Runtime, n network, c *checks) {
		l, err := n.host("b").Listen(n.listenAddr("b"))
		if err != nil {
			c.ok(err, "listen")
			return
		}
		a := n.host("a")
		before := n.discarded()
		ctx, cancel := within(rt, 10*time.Second)
		defer cancel()
		first := msg("first", "1")
		c.ok(a.Send(ctx, l.Addr(), first), "send to fill the queue")

		short, cancelShort := within(rt, 50*time.Millisecond)
		c.is(a.Send(short, l.Addr(), msg("unread", "2")), context.DeadlineExceeded, "send to a listener that does not read")
		cancelShort()

		var inFlight error
		senders := rt.NewWaitGroup()
		senders.Go("sender", func() { inFlight = a.Send(ctx, l.Addr(), msg("third", "3")) })
		n.arrived(rt, int64(len(first.Type)+len(first.Data)+len("third")+1))
		c.ok(l.Close(), "close")
		senders.Wait()
		c.is(inFlight, transport.ErrRefused, "send on its way when the listener closed")
		c.equal(n.discarded()-before, 1, "messages accepted and discarded by close")
	})
}
