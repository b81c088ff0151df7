package fakenet

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
)

// streamPair listens on b:80 and dials it from a, returning both ends.
func streamPair(rt sim.Runtime, n *Network) (client, server net.Conn) {
	a, b := must1(n.Host("a")), must1(n.Host("b"))
	l := must1(b.ListenStream(":80"))
	client = must1(a.DialStream(bg, "b:80"))
	server = must1(l.Accept())
	must(l.Close())
	return client, server
}

// Bytes arrive in order and once, through a window smaller than the data,
// spread latencies and a partition that heals before the retries run out;
// CloseWrite gives the reader io.EOF after the last byte.
func TestStreamOrderedThroughPartition(t *testing.T) {
	for seed := range uint64(10) {
		var got []byte
		var stats StreamStats
		want := make([]byte, 100_000)
		for i := range want {
			want[i] = byte(i * 7)
		}
		res := world(t, seed, func(rt sim.Runtime) {
			n := must1(New(rt, Config{
				LinkConfig:        LinkConfig{LatencyMin: time.Millisecond, LatencyMax: 20 * time.Millisecond, LossProbability: 0.5, DuplicateProbability: 0.5, ReorderProbability: 0.5},
				StreamWindowBytes: 16 << 10,
			}))
			defer n.Close()
			c, s := streamPair(rt, n)
			wg := rt.NewWaitGroup()
			wg.Go("reader", func() { got = must1(io.ReadAll(s)) })
			wg.Go("partition", func() {
				rt.Sleep(5 * time.Millisecond)
				must(n.Partition("a", "b"))
				rt.Sleep(500 * time.Millisecond)
				must(n.Heal("a", "b"))
			})
			must1(c.Write(want))
			must(c.(interface{ CloseWrite() error }).CloseWrite())
			wg.Wait()
			must(c.Close())
			must(s.Close())
			rt.Sleep(time.Second) // the fins land
			stats = n.StreamStats()
		})
		require.True(t, bytes.Equal(want, got), "seed %d: %d bytes read, want %d in order", seed, len(got), len(want))
		require.Positive(t, stats.Retransmits, "seed %d: the partition cost no retransmission", seed)
		ns := notes(res)
		require.Equal(t, int(stats.Segments), countPrefix(ns, "seg "), "seed %d: every segment sent is traced", seed)
		require.Equal(t, int(stats.Segments), countPrefix(ns, "recv "), "seed %d: every segment arrives once", seed)
		require.Equal(t, int(stats.Retransmits), countPrefix(ns, "retransmit "), "seed %d", seed)
	}
}

// The faults of a stream, each where a service sees it.
func TestStreamFaults(t *testing.T) {
	cfg := Config{LinkConfig: LinkConfig{LatencyMin: time.Millisecond}, StreamWindowBytes: 8 << 10, StreamBacklog: 2,
		StreamRetransmit: 100 * time.Millisecond, StreamRetriesMax: 3}

	t.Run("refused", func(t *testing.T) {
		var err error
		world(t, 1, func(rt sim.Runtime) {
			n := must1(New(rt, cfg))
			defer n.Close()
			must1(n.Host("b"))
			_, err = must1(n.Host("a")).DialStream(bg, "b:80")
		})
		require.ErrorIs(t, err, syscall.ECONNREFUSED)
	})

	t.Run("reset on crash", func(t *testing.T) {
		var writeErr, readErr, crashedErr error
		world(t, 1, func(rt sim.Runtime) {
			n := must1(New(rt, cfg))
			defer n.Close()
			c, s := streamPair(rt, n)
			must(n.Crash("b"))
			_, crashedErr = s.Read(make([]byte, 1))
			_, writeErr = c.Write([]byte("anyone?")) // leaves: the reset comes when it lands
			rt.Sleep(10 * time.Millisecond)
			_, readErr = c.Read(make([]byte, 1))
			c.Close()
			s.Close()
		})
		require.NoError(t, writeErr)
		require.ErrorIs(t, readErr, syscall.ECONNRESET)
		require.ErrorIs(t, crashedErr, net.ErrClosed)
	})

	t.Run("timeouts under partition", func(t *testing.T) {
		var deadlineErr, retriesErr error
		var stats StreamStats
		world(t, 1, func(rt sim.Runtime) {
			n := must1(New(rt, cfg))
			defer n.Close()
			c, s := streamPair(rt, n)
			must(n.Partition("a", "b"))
			must1(c.Write([]byte("into the void")))
			must(s.SetReadDeadline(rt.Now().Add(50 * time.Millisecond)))
			_, deadlineErr = s.Read(make([]byte, 8))
			must(s.SetReadDeadline(time.Time{}))
			_, retriesErr = s.Read(make([]byte, 8)) // 3 retransmissions, then ETIMEDOUT
			stats = n.StreamStats()
			c.Close()
			s.Close()
		})
		require.ErrorIs(t, deadlineErr, os.ErrDeadlineExceeded)
		var ne net.Error
		require.True(t, errors.As(deadlineErr, &ne) && ne.Timeout(), "a deadline is a net.Error with Timeout")
		require.ErrorIs(t, retriesErr, syscall.ETIMEDOUT)
		require.Equal(t, int64(1), stats.Timeouts)
		require.Equal(t, int64(3), stats.Retransmits)
	})

	t.Run("backpressure", func(t *testing.T) {
		var blocked, afterRead int
		var blockedErr error
		world(t, 1, func(rt sim.Runtime) {
			n := must1(New(rt, cfg))
			defer n.Close()
			c, s := streamPair(rt, n)
			must(c.SetWriteDeadline(rt.Now().Add(time.Second)))
			blocked, blockedErr = c.Write(make([]byte, 32<<10)) // nobody reads
			must(c.SetWriteDeadline(time.Time{}))
			wg := rt.NewWaitGroup()
			wg.Go("writer", func() { afterRead = must1(c.Write(make([]byte, 32<<10))) })
			must1(io.ReadFull(s, make([]byte, blocked+32<<10)))
			wg.Wait()
			c.Close()
			s.Close()
		})
		require.Equal(t, 8<<10, blocked, "a writer gets one window ahead of its reader")
		require.ErrorIs(t, blockedErr, os.ErrDeadlineExceeded)
		require.Equal(t, 32<<10, afterRead, "reading opens the window")
	})

	t.Run("accept backlog", func(t *testing.T) {
		var third, fourth error
		var early bool
		world(t, 1, func(rt sim.Runtime) {
			n := must1(New(rt, cfg))
			defer n.Close()
			a, b := must1(n.Host("a")), must1(n.Host("b"))
			l := must1(b.ListenStream(":80"))
			var conns []net.Conn
			for range 2 {
				conns = append(conns, must1(a.DialStream(bg, "b:80")))
			}
			wg := rt.NewWaitGroup()
			wg.Go("third", func() {
				var c net.Conn
				c, third = a.DialStream(bg, "b:80") // the backlog is full: retried
				if third == nil {
					conns = append(conns, c)
				}
			})
			rt.Sleep(50 * time.Millisecond)
			early = len(conns) > 2
			for range 3 {
				s := must1(l.Accept())
				s.Close()
			}
			wg.Wait()
			// With nobody accepting, a connect times out.
			for range 2 {
				conns = append(conns, must1(a.DialStream(bg, "b:80")))
			}
			_, fourth = a.DialStream(bg, "b:80")
			for _, c := range conns {
				c.Close()
			}
			l.Close()
		})
		require.False(t, early, "a connect beyond the backlog was answered before Accept made room")
		require.NoError(t, third, "the retried connect gets in once Accept makes room")
		require.ErrorIs(t, fourth, syscall.ETIMEDOUT)
	})

	t.Run("closed end resets the writer", func(t *testing.T) {
		var readErr, eof error
		var stats StreamStats
		world(t, 1, func(rt sim.Runtime) {
			n := must1(New(rt, cfg))
			defer n.Close()
			c, s := streamPair(rt, n)
			must1(c.Write([]byte("unread")))
			rt.Sleep(10 * time.Millisecond)
			must(s.Close()) // 6 bytes discarded, and a fin to c
			_, eof = c.Read(make([]byte, 1))
			must1(c.Write([]byte("more"))) // lands on a closed end
			rt.Sleep(10 * time.Millisecond)
			_, readErr = c.Write([]byte("x"))
			stats = n.StreamStats()
			c.Close()
		})
		require.ErrorIs(t, eof, io.EOF)
		require.ErrorIs(t, readErr, syscall.ECONNRESET)
		require.Equal(t, int64(6+4), stats.DiscardedBytes)
	})
}
