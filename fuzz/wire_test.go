package fuzz

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"runtime"
	"testing"

	"github.com/execsim/execsim/transport"
	"github.com/execsim/execsim/transport/tcp"
)

// wireLimit is the frame limit the wire target decodes under: small, so
// that the fuzzer easily builds frames on both sides of it, and so that
// "allocates beyond the limit" stands out against the measurement's
// noise.
const wireLimit = 64 << 10

// allocSlack is what a decode may allocate beyond its buffers: the error
// values with their formatted evidence, the Message, the type string.
const allocSlack = 16 << 10

// allocatedBy returns the bytes of heap f allocated. It reads the
// cumulative allocation counter, which counts every goroutine: other
// allocations in the process can only make the figure larger, so a
// bound that holds is a true bound (the check is conservative, never
// lenient).
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// FuzzWireDecode checks the TCP transport's frame codec on arbitrary
// bytes:
//   - DecodeFrame and ReadFrame never panic, and fail only with the
//     codec's errors (ErrFrameTooLarge, ErrFrameVersion,
//     ErrMalformedFrame, io.ErrUnexpectedEOF or io.EOF);
//   - they agree: both accept the same frames, with the same message;
//   - a decoded frame re-encodes to exactly its bytes, and an encoded
//     message decodes to itself (the fuzz input's tail is used as a
//     payload);
//   - they never allocate beyond the frame limit, whatever length a
//     header declares: ReadFrame, which allocates the declared body
//     before reading it, is measured against 2 x the limit (the body and
//     the payload's copy) plus the errors' slack, and DecodeFrame, which
//     allocates only the payload's copy, against 1 x the limit. A header
//     declaring up to 4 GiB is in reach of every input's first 4 bytes.
func FuzzWireDecode(f *testing.F) {
	good, err := tcp.EncodeFrame(transport.Message{Type: "remote_kv_request", Data: []byte(`{"Keys":["a"]}`)}, wireLimit)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(append(good, good...))          // two frames back to back
	f.Add([]byte{0, 0, 0, 2, 1, 0})       // empty type
	f.Add([]byte{0xff, 0xff, 0xff, 0xff}) // declares 4 GiB
	huge := make([]byte, 4, 64)
	binary.BigEndian.PutUint32(huge, wireLimit-4) // exactly the limit, then a short body
	f.Add(append(huge, 1, 1, 'x'))
	f.Add([]byte{0, 0, 0, 4, 2, 1, 'x', 'y'}) // unknown version
	f.Fuzz(func(t *testing.T, b []byte) {
		var msg transport.Message
		var n int
		var derr error
		if a := allocatedBy(func() { msg, n, derr = tcp.DecodeFrame(b, wireLimit) }); a > wireLimit+allocSlack {
			t.Fatalf("DecodeFrame of %d bytes (header %x) allocated %d bytes, limit %d", len(b), head(b), a, wireLimit)
		}
		if derr != nil && !codecError(derr) {
			t.Fatalf("DecodeFrame: unexpected error kind: %v", derr)
		}

		var rmsg transport.Message
		var rerr error
		if a := allocatedBy(func() { rmsg, rerr = tcp.ReadFrame(bytes.NewReader(b), wireLimit) }); a > 2*wireLimit+allocSlack {
			t.Fatalf("ReadFrame of %d bytes (header %x) allocated %d bytes, limit %d", len(b), head(b), a, wireLimit)
		}
		if rerr != nil && !codecError(rerr) {
			t.Fatalf("ReadFrame: unexpected error kind: %v", rerr)
		}
		if (derr == nil) != (rerr == nil) {
			t.Fatalf("DecodeFrame and ReadFrame disagree on %x: %v vs %v", b, derr, rerr)
		}

		if derr == nil {
			if n > wireLimit || len(msg.Data) > wireLimit {
				t.Fatalf("decoded a frame of %d bytes beyond the limit %d", n, wireLimit)
			}
			if rmsg.Type != msg.Type || !bytes.Equal(rmsg.Data, msg.Data) {
				t.Fatalf("DecodeFrame gave %q %x, ReadFrame %q %x", msg.Type, msg.Data, rmsg.Type, rmsg.Data)
			}
			again, err := tcp.EncodeFrame(msg, wireLimit)
			if err != nil {
				t.Fatalf("decoded %q but cannot encode it: %v", msg.Type, err)
			}
			if !bytes.Equal(again, b[:n]) {
				t.Fatalf("re-encoding differs: %x vs %x", again, b[:n])
			}
		}

		// Round trip the other way: a valid message built from the input.
		m := transport.Message{Type: "fuzz_frame", Data: b}
		enc, err := tcp.EncodeFrame(m, wireLimit)
		if errors.Is(err, tcp.ErrFrameTooLarge) && len(b) > wireLimit-16 {
			return
		}
		if err != nil {
			t.Fatalf("EncodeFrame of a %d-byte payload: %v", len(b), err)
		}
		var w bytes.Buffer
		if err := tcp.WriteFrame(&w, m, wireLimit); err != nil || !bytes.Equal(w.Bytes(), enc) {
			t.Fatalf("WriteFrame differs from EncodeFrame (err %v)", err)
		}
		got, k, err := tcp.DecodeFrame(enc, wireLimit)
		if err != nil || k != len(enc) || got.Type != m.Type || !bytes.Equal(got.Data, m.Data) {
			t.Fatalf("round trip of a %d-byte payload: got %q (%d bytes of %d), err %v", len(b), got.Type, k, len(enc), err)
		}
		got, err = tcp.ReadFrame(&w, wireLimit)
		if err != nil || got.Type != m.Type || !bytes.Equal(got.Data, m.Data) {
			t.Fatalf("ReadFrame round trip of a %d-byte payload: got %q, err %v", len(b), got.Type, err)
		}
	})
}

// codecError reports whether err is one the codec documents.
func codecError(err error) bool {
	for _, e := range []error{tcp.ErrFrameTooLarge, tcp.ErrFrameVersion, tcp.ErrMalformedFrame, io.ErrUnexpectedEOF, io.EOF} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func head(b []byte) []byte { return b[:min(len(b), 4)] }

// TestWireHugeDeclaredLength is the allocation bound's sharpest case, run
// on every go test: headers that declare every length from just over the
// limit to 4 GiB, each followed by nothing, must be refused before any
// body is allocated.
func TestWireHugeDeclaredLength(t *testing.T) {
	for _, declared := range []uint32{wireLimit - 3, wireLimit, 1 << 20, 1 << 31, 1<<32 - 1} {
		hdr := binary.BigEndian.AppendUint32(nil, declared)
		var err error
		a := allocatedBy(func() { _, err = tcp.ReadFrame(bytes.NewReader(hdr), wireLimit) })
		if !errors.Is(err, tcp.ErrFrameTooLarge) {
			t.Errorf("declared %d: got %v, want ErrFrameTooLarge", declared, err)
		}
		if a > allocSlack {
			t.Errorf("declared %d: ReadFrame allocated %d bytes before refusing it", declared, a)
		}
	}
}
