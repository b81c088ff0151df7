package tcp

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"testing"
	"time"

	"github.com/execsim/execsim/transport"
	"github.com/stretchr/testify/require"
)

func TestFrameRoundTrip(t *testing.T) {
	for _, m := range []transport.Message{
		{Type: "execute_command_0", Data: []byte(`{"BlockID":1}`)},
		{Type: "x", Data: nil},
		{Type: "cross_shard_7", Data: bytes.Repeat([]byte{0xff}, 1000)},
	} {
		b, err := EncodeFrame(m, 0)
		require.NoError(t, err)
		got, n, err := DecodeFrame(append(b, 1, 2, 3), 0)
		require.NoError(t, err)
		require.Equal(t, len(b), n)
		require.Equal(t, m.Type, got.Type)
		require.Equal(t, len(m.Data), len(got.Data))
		r, err := ReadFrame(bytes.NewReader(b), 0)
		require.NoError(t, err)
		require.Equal(t, m.Type, r.Type)
	}
}

func TestFrameErrors(t *testing.T) {
	good, err := EncodeFrame(transport.Message{Type: "t", Data: []byte("hello")}, 0)
	require.NoError(t, err)
	badVersion := append([]byte(nil), good...)
	badVersion[4] = 9
	badTypeLen := append([]byte(nil), good...)
	badTypeLen[5] = 200
	emptyType := append([]byte(nil), good...)
	emptyType[5] = 0
	huge := binary.BigEndian.AppendUint32(nil, 1<<30)
	for _, c := range []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, io.ErrUnexpectedEOF},
		{"short header", good[:3], io.ErrUnexpectedEOF},
		{"truncated", good[:len(good)-1], io.ErrUnexpectedEOF},
		{"version", badVersion, ErrFrameVersion},
		{"type length", badTypeLen, ErrMalformedFrame},
		{"empty type", emptyType, ErrMalformedFrame},
		{"oversized", huge, ErrFrameTooLarge},
		{"length below header", []byte{0, 0, 0, 1, 1}, ErrMalformedFrame},
	} {
		_, _, err := DecodeFrame(c.b, 0)
		require.ErrorIs(t, err, c.want, c.name)
	}
	_, err = EncodeFrame(transport.Message{Type: "a b"}, 0)
	require.ErrorIs(t, err, ErrMalformedFrame)
	_, err = EncodeFrame(transport.Message{Type: "t", Data: make([]byte, 100)}, 64)
	require.ErrorIs(t, err, ErrFrameTooLarge)
}

// Random and mutated bytes: DecodeFrame must answer, never panic.
func TestDecodeFrameArbitraryBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	good, _ := EncodeFrame(transport.Message{Type: "execute_result_3", Data: []byte("data")}, 0)
	for i := 0; i < 20000; i++ {
		var b []byte
		if i%2 == 0 {
			b = make([]byte, rng.IntN(40))
			for j := range b {
				b[j] = byte(rng.IntN(256))
			}
		} else {
			b = append([]byte(nil), good...)
			b[rng.IntN(len(b))] = byte(rng.IntN(256))
			b = b[:rng.IntN(len(b)+1)]
		}
		msg, n, err := DecodeFrame(b, 1024)
		if err == nil {
			require.LessOrEqual(t, n, len(b))
			require.NoError(t, checkType(msg.Type))
		}
	}
}

func FuzzDecodeFrame(f *testing.F) {
	good, _ := EncodeFrame(transport.Message{Type: "remote_kv_request", Data: []byte(`{"Keys":["a"]}`)}, 0)
	f.Add(good)
	f.Add([]byte{0, 0, 0, 2, 1, 0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		msg, n, err := DecodeFrame(b, 1<<16)
		if err != nil {
			return
		}
		again, err := EncodeFrame(msg, 1<<16)
		if err != nil {
			t.Fatalf("decoded %q but cannot encode it: %v", msg.Type, err)
		}
		if !bytes.Equal(again, b[:n]) {
			t.Fatalf("re-encoding differs: %x vs %x", again, b[:n])
		}
	})
}

func TestTCPSendRecv(t *testing.T) {
	tr := New(Config{})
	l, err := tr.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for i := 0; i < 3; i++ {
		require.NoError(t, tr.Send(ctx, l.Addr(), transport.Message{Type: "t", Data: []byte{byte(i)}}))
	}
	for i := 0; i < 3; i++ {
		m, err := l.Recv(ctx)
		require.NoError(t, err)
		require.Equal(t, []byte{byte(i)}, m.Data)
	}

	_, err = tr.Listen(l.Addr())
	require.ErrorIs(t, err, transport.ErrAddrInUse)

	require.NoError(t, l.Close())
	require.NoError(t, l.Close()) // idempotent
	_, err = l.Recv(ctx)
	require.ErrorIs(t, err, transport.ErrClosed)
	require.ErrorIs(t, tr.Send(ctx, l.Addr(), transport.Message{Type: "t"}), transport.ErrRefused)

	short, cancelShort := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancelShort()
	l2, err := tr.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer l2.Close()
	_, err = l2.Recv(short)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

// A peer that sends garbage loses its connection; the listener goes on.
func TestTCPRejectsBadFrames(t *testing.T) {
	tr := New(Config{MaxFrameSize: 1024})
	l, err := tr.Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	good, _ := EncodeFrame(transport.Message{Type: "t", Data: []byte("x")}, 0)
	badVersion := append([]byte(nil), good...)
	badVersion[4] = 2
	for i, frame := range [][]byte{
		badVersion,
		binary.BigEndian.AppendUint32(nil, 1<<20), // oversized
		{0, 0, 0, 3, 1, 9, 'a'},                   // type longer than the frame
	} {
		c, err := net.Dial("tcp", l.Addr())
		require.NoError(t, err)
		_, err = c.Write(frame)
		require.NoError(t, err)
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err = c.Read(make([]byte, 1))
		require.Error(t, err, "frame %d: the connection should be dropped, not acked", i)
		c.Close()
		require.EqualValues(t, i+1, tr.Rejected())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, tr.Send(ctx, l.Addr(), transport.Message{Type: "t", Data: []byte("ok")}))
	m, err := l.Recv(ctx)
	require.NoError(t, err)
	require.Equal(t, "ok", string(m.Data))
	require.False(t, errors.Is(err, transport.ErrClosed))
}
