package tcp

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/execsim/execsim/transport"
	"github.com/stretchr/testify/require"
)

// waitFor polls cond until it holds, for at most 20 seconds: the
// listener's goroutines end on their own deadlines, and the test watches
// the counters rather than sleeping for them.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for range 4000 {
		if cond() {
			return
		}
		<-tick.C
	}
	t.Fatalf("still not %s after 20s", what)
}

func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// A hostile peer on loopback: many half-open connections declaring 4 MiB
// frames, frames bigger than the byte budget, silent connections, a slow
// drip and absurd lengths. The listener's heap stays bounded, every
// connection ends by itself and is counted, and a legitimate message is
// served afterwards.
func TestTCPAbuse(t *testing.T) {
	const maxConns = 32
	tr := New(Config{MaxConns: maxConns, BufferBytesMax: 8 << 20,
		IdleTimeout: 300 * time.Millisecond, ReadTimeout: time.Second})
	l, err := tr.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	base := heapAfterGC()

	var mu sync.Mutex
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	dial := func(b []byte) net.Conn {
		c, err := net.DialTimeout("tcp", l.Addr(), 5*time.Second)
		require.NoError(t, err)
		mu.Lock()
		conns = append(conns, c)
		mu.Unlock()
		if len(b) > 0 {
			c.Write(b) // a refused connection may fail here: that is the point
		}
		return c
	}
	header := binary.BigEndian.AppendUint32(nil, DefaultMaxFrameSize-frameLenSize)

	// Half-open: 4 bytes that declare a 4 MiB frame, then nothing. The
	// cap admits maxConns; the others are closed at once.
	const halfOpen = 3 * maxConns
	for range halfOpen {
		dial(header)
	}
	waitFor(t, "every half-open connection accepted or refused", func() bool {
		s := tr.Stats()
		return s.Accepted+s.ConnsRefused == halfOpen
	})
	s := tr.Stats()
	require.Positive(t, s.ConnsRefused)
	require.LessOrEqual(t, s.Open, int64(maxConns))
	// Before, each header made the listener allocate the 4 MiB it
	// declared: 32 connections pinned 128 MiB.
	heap := heapAfterGC()
	require.Less(t, heap, base+32<<20, "heap %d MiB with %d half-open connections", heap>>20, s.Open)
	waitFor(t, "the half-open connections timed out", func() bool { return tr.Stats().Open == 0 })
	require.Positive(t, tr.Stats().ReadTimeouts)

	// Frames bigger than the budget: 1 MiB of a declared 4 MiB on each of
	// 16 connections is twice BufferBytesMax.
	chunk := append(append([]byte(nil), header...), make([]byte, 1<<20)...)
	for range 16 {
		dial(chunk)
	}
	waitFor(t, "a connection dropped for the byte budget", func() bool { return tr.Stats().BudgetDrops > 0 })
	heap = heapAfterGC()
	require.Less(t, heap, base+32<<20, "heap %d MiB past the byte budget", heap>>20)
	waitFor(t, "the over-budget connections ended", func() bool { return tr.Stats().Open == 0 })

	// Silent connections and absurd lengths.
	for range 10 {
		dial(nil)
	}
	for range 5 {
		dial([]byte{0xff, 0xff, 0xff, 0xff})
	}
	waitFor(t, "the silent connections idled out", func() bool {
		s := tr.Stats()
		return s.Open == 0 && s.IdleTimeouts >= 10 && s.Rejected >= 5
	})

	// A slow drip: a valid frame, one byte every 20ms, outlasts
	// ReadTimeout and is dropped however steadily it comes.
	frame, err := EncodeFrame(transport.Message{Type: "t", Data: make([]byte, 100)}, 0)
	require.NoError(t, err)
	before := tr.Stats()
	drip := dial(nil)
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for _, b := range frame {
			if _, err := drip.Write([]byte{b}); err != nil {
				return // dropped, as it should be
			}
			<-tick.C
		}
	})
	waitFor(t, "the drip timed out", func() bool {
		s := tr.Stats()
		return s.ReadTimeouts == before.ReadTimeouts+1 && s.Accepted == before.Accepted+1 && s.Open == 0
	})
	drip.Close()
	wg.Wait()

	s = tr.Stats()
	require.Zero(t, s.Buffered, "every byte reserved was given back")
	require.Zero(t, s.Frames, "no abusive frame was served")
	t.Logf("stats after the abuse: %+v", s)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, tr.Send(ctx, l.Addr(), transport.Message{Type: "execute_command_0", Data: []byte(`{"BlockID":1}`)}))
	m, err := l.Recv(ctx)
	require.NoError(t, err)
	require.Equal(t, `{"BlockID":1}`, string(m.Data))
	require.Zero(t, tr.Stats().Buffered, "Recv gave the message's bytes back")
}

// ReadFrame's memory follows the bytes that arrive: a header declaring
// 4 MiB over a stream of 10 bytes allocates a small buffer, not 4 MiB.
func TestReadFrameAllocatesWhatArrives(t *testing.T) {
	in := append(binary.BigEndian.AppendUint32(nil, DefaultMaxFrameSize-frameLenSize), make([]byte, 10)...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadFrame(bytes.NewReader(in), 0)
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(256<<10))

	// A whole large frame still reads, through every doubling.
	m := transport.Message{Type: "t", Data: bytes.Repeat([]byte{7}, 3<<20)}
	b, err := EncodeFrame(m, 0)
	require.NoError(t, err)
	got, err := ReadFrame(bytes.NewReader(b), 0)
	require.NoError(t, err)
	require.Equal(t, m.Data, got.Data)
}
