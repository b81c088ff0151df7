package transport_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/execsim/execsim/fakenet"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
	"github.com/execsim/execsim/transport/tcp"
)

// The same stream exchanges on net over loopback and on fakenet's
// streams: the code under test sees only transport.Streams and net.Conn.

type streamEngine struct {
	name string
	run  func(t *testing.T, body func(rt sim.Runtime, host func(string) transport.Streams, listenAddr func(string) string))
}

var streamEngines = []streamEngine{
	{"net", func(t *testing.T, body func(sim.Runtime, func(string) transport.Streams, func(string) string)) {
		body(sim.NewReal(1),
			func(string) transport.Streams { return tcp.Streams{} },
			func(string) string { return "127.0.0.1:0" })
	}},
	{"fakenet", func(t *testing.T, body func(sim.Runtime, func(string) transport.Streams, func(string) string)) {
		for seed := uint64(1); seed <= 20; seed++ {
			res := sim.Run(sim.Options{Seed: seed}, func(rt sim.Runtime) {
				n, err := fakenet.New(rt, fakenet.Config{
					LinkConfig:        fakenet.LinkConfig{LatencyMin: time.Millisecond, LatencyMax: 10 * time.Millisecond},
					StreamWindowBytes: 4 << 10,
				})
				if err != nil {
					panic(err)
				}
				defer n.Close()
				body(rt, func(name string) transport.Streams {
					h, err := n.Host(name)
					if err != nil {
						panic(err)
					}
					return h
				}, func(name string) string { return name + ":0" })
			})
			if res.Failure != nil {
				t.Fatalf("seed %d: %s", seed, res.Failure.Report())
			}
		}
	}},
}

func conformStreams(t *testing.T, exchange func(rt sim.Runtime, host func(string) transport.Streams, listenAddr func(string) string, c *checks)) {
	for _, e := range streamEngines {
		t.Run(e.name, func(t *testing.T) {
			var c checks
			e.run(t, func(rt sim.Runtime, host func(string) transport.Streams, listenAddr func(string) string) {
				exchange(rt, host, listenAddr, &c)
			})
			for _, f := range c {
				t.Error(f)
			}
		})
	}
}

// An echo through a window smaller than the data: ordered, whole, and
// io.EOF after CloseWrite; each end's addresses are the other's.
func TestConformStreamEcho(t *testing.T) {
	conformStreams(t, func(rt sim.Runtime, host func(string) transport.Streams, listenAddr func(string) string, c *checks) {
		l, err := host("srv").ListenStream(listenAddr("srv"))
		if err != nil {
			c.ok(err, "listen")
			return
		}
		defer l.Close()
		wg := rt.NewWaitGroup()
		wg.Go("echo", func() {
			s, err := l.Accept()
			if err != nil {
				c.ok(err, "accept")
				return
			}
			defer s.Close()
			_, err = io.Copy(s, s)
			c.ok(err, "echo copy")
			c.ok(s.(interface{ CloseWrite() error }).CloseWrite(), "server close write")
		})
		ctx, cancel := rt.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := host("cli").DialStream(ctx, l.Addr().String())
		if err != nil {
			c.ok(err, "dial")
			wg.Wait()
			return
		}
		defer conn.Close()
		want := bytes.Repeat([]byte("0123456789abcdef"), 2048) // 32 KiB
		wg.Go("writer", func() {
			_, err := conn.Write(want)
			c.ok(err, "write")
			c.ok(conn.(interface{ CloseWrite() error }).CloseWrite(), "client close write")
		})
		got, err := io.ReadAll(conn)
		c.ok(err, "read all")
		wg.Wait()
		c.equal(bytes.Equal(got, want), true, "echoed bytes equal and in order")
		c.equal(conn.RemoteAddr().String(), l.Addr().String(), "the client's remote address is the listener's")
		c.equal(conn.RemoteAddr().Network(), "tcp", "network")
	})
}

// A dial nobody answers is refused; a read with nothing to read times out
// at its deadline, as a net.Error with Timeout; Accept after Close fails.
func TestConformStreamErrors(t *testing.T) {
	conformStreams(t, func(rt sim.Runtime, host func(string) transport.Streams, listenAddr func(string) string, c *checks) {
		l, err := host("srv").ListenStream(listenAddr("srv"))
		if err != nil {
			c.ok(err, "listen")
			return
		}
		addr := l.Addr().String()
		ctx, cancel := rt.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		wg := rt.NewWaitGroup()
		wg.Go("server", func() {
			s, err := l.Accept()
			if err != nil {
				c.ok(err, "accept")
				return
			}
			defer s.Close()
			_, err = s.Read(make([]byte, 1)) // ends with the client's Close
			c.is(err, io.EOF, "server read after the client closed")
		})
		conn, err := host("cli").DialStream(ctx, addr)
		if err != nil {
			c.ok(err, "dial")
			return
		}
		c.ok(conn.SetReadDeadline(rt.Now().Add(20*time.Millisecond)), "set deadline")
		_, err = conn.Read(make([]byte, 1))
		c.is(err, os.ErrDeadlineExceeded, "read past the deadline")
		var ne net.Error
		c.equal(errors.As(err, &ne) && ne.Timeout(), true, "the deadline's error is a net.Error with Timeout")
		c.ok(conn.Close(), "close")
		wg.Wait()
		c.ok(l.Close(), "listener close")
		_, err = l.Accept()
		c.is(err, net.ErrClosed, "accept after close")
		_, err = host("cli").DialStream(ctx, addr)
		c.is(err, syscall.ECONNREFUSED, "dial to a closed listener")
	})
}
