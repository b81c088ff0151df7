package tcp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/execsim/execsim/transport"
)

// The wire format of one transport.Message, used by the TCP transport:
//
//	length  uint32, big-endian: the number of bytes after this field
//	version uint8:  FrameVersion
//	typeLen uint8:  length of the message type, 1..255
//	type    [typeLen]byte: printable ASCII, no spaces
//	data    the rest: the message's opaque payload
//
// The length comes first so that a reader can refuse an oversized frame
// before reading (or allocating) it.
const (
	FrameVersion        = 1
	frameLenSize        = 4
	frameFixedSize      = frameLenSize + 2
	DefaultMaxFrameSize = 4 << 20
)

// Frame errors. A decoder returns them wrapped with the evidence; a TCP
// listener that meets one drops the connection.
var (
	ErrFrameTooLarge  = errors.New("frame too large")
	ErrFrameVersion   = errors.New("unknown frame version")
	ErrMalformedFrame = errors.New("malformed frame")
)

// EncodeFrame encodes msg as one frame of at most maxSize bytes (0 means
// DefaultMaxFrameSize).
func EncodeFrame(msg transport.Message, maxSize int) ([]byte, error) {
	maxSize = frameMax(maxSize)
	if err := checkType(msg.Type); err != nil {
		return nil, err
	}
	if msg.Value != nil {
		return nil, fmt.Errorf("tcp: encode %q: %w: the message carries a Go value (%T); a network carries bytes only", msg.Type, ErrMalformedFrame, msg.Value)
	}
	total := frameFixedSize + len(msg.Type) + len(msg.Data)
	if total > maxSize {
		return nil, fmt.Errorf("tcp: encode %q: %w: %d bytes, max %d", msg.Type, ErrFrameTooLarge, total, maxSize)
	}
	b := make([]byte, total)
	binary.BigEndian.PutUint32(b, uint32(total-frameLenSize))
	b[4] = FrameVersion
	b[5] = byte(len(msg.Type))
	n := copy(b[frameFixedSize:], msg.Type)
	copy(b[frameFixedSize+n:], msg.Data)
	return b, nil
}

// DecodeFrame decodes the frame at the start of b, which may hold more
// after it, and returns the message and the number of bytes the frame
// took. An incomplete frame is io.ErrUnexpectedEOF (wrapped); anything
// else that is not a valid frame of at most maxSize bytes (0 means
// DefaultMaxFrameSize) is ErrFrameTooLarge, ErrFrameVersion or
// ErrMalformedFrame. It never panics, whatever b holds.
func DecodeFrame(b []byte, maxSize int) (transport.Message, int, error) {
	if len(b) < frameLenSize {
		return transport.Message{}, 0, fmt.Errorf("tcp: decode frame: %w: %d header bytes", io.ErrUnexpectedEOF, len(b))
	}
	body, err := frameBodyLen(b[:frameLenSize], maxSize)
	if err != nil {
		return transport.Message{}, 0, err
	}
	if len(b)-frameLenSize < body {
		return transport.Message{}, 0, fmt.Errorf("tcp: decode frame: %w: have %d of %d bytes", io.ErrUnexpectedEOF, len(b)-frameLenSize, body)
	}
	msg, err := decodeBody(b[frameLenSize : frameLenSize+body])
	if err != nil {
		return transport.Message{}, 0, err
	}
	return msg, frameLenSize + body, nil
}

// WriteFrame encodes msg and writes it to w.
func WriteFrame(w io.Writer, msg transport.Message, maxSize int) error {
	b, err := EncodeFrame(msg, maxSize)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// ReadFrame reads one frame from r. A clean end of the stream before the
// frame starts is io.EOF; the other errors are DecodeFrame's, or r's.
// Memory follows the bytes that arrive, not the length the header
// declares (see readBody).
func ReadFrame(r io.Reader, maxSize int) (transport.Message, error) {
	var hdr [frameLenSize]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return transport.Message{}, err
	}
	body, err := frameBodyLen(hdr[:], maxSize)
	if err != nil {
		return transport.Message{}, err
	}
	b, err := readBody(r, body, nil)
	if err != nil {
		return transport.Message{}, err
	}
	return decodeBody(b)
}

// bodyChunk is the first buffer of a frame body; it doubles as bytes
// arrive, up to the declared length.
const bodyChunk = 16 << 10

// readBody reads a frame body of the declared length n. Its buffer starts
// at bodyChunk bytes and doubles only when full, so a peer that declares
// 4 MiB and sends 4 bytes costs bodyChunk bytes, not 4 MiB. grow, if not
// nil, is asked for each increase of the buffer's size in bytes before it
// is allocated; its error aborts the read (a byte budget).
func readBody(r io.Reader, n int, grow func(bytes int) error) ([]byte, error) {
	size := min(n, bodyChunk)
	if grow != nil {
		if err := grow(size); err != nil {
			return nil, err
		}
	}
	b := make([]byte, 0, size)
	for len(b) < n {
		if len(b) == cap(b) {
			next := min(n, 2*cap(b))
			if grow != nil {
				if err := grow(next - cap(b)); err != nil {
					return nil, err
				}
			}
			b = append(make([]byte, 0, next), b...)
		}
		m, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if err != nil && len(b) < n {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("tcp: read frame: %w: have %d of %d bytes", err, len(b), n)
		}
	}
	return b, nil
}

func frameMax(maxSize int) int {
	if maxSize <= 0 {
		return DefaultMaxFrameSize
	}
	return maxSize
}

func frameBodyLen(hdr []byte, maxSize int) (int, error) {
	n := binary.BigEndian.Uint32(hdr)
	if uint64(n)+frameLenSize > uint64(frameMax(maxSize)) {
		return 0, fmt.Errorf("tcp: decode frame: %w: %d bytes, max %d", ErrFrameTooLarge, uint64(n)+frameLenSize, frameMax(maxSize))
	}
	if n < 2 {
		return 0, fmt.Errorf("tcp: decode frame: %w: length %d is shorter than the header", ErrMalformedFrame, n)
	}
	return int(n), nil
}

func decodeBody(b []byte) (transport.Message, error) {
	if b[0] != FrameVersion {
		return transport.Message{}, fmt.Errorf("tcp: decode frame: %w %d (want %d)", ErrFrameVersion, b[0], FrameVersion)
	}
	tl := int(b[1])
	if tl > len(b)-2 {
		return transport.Message{}, fmt.Errorf("tcp: decode frame: %w: type length %d exceeds the frame's %d bytes", ErrMalformedFrame, tl, len(b)-2)
	}
	typ := string(b[2 : 2+tl])
	if err := checkType(typ); err != nil {
		return transport.Message{}, err
	}
	data := append([]byte(nil), b[2+tl:]...)
	return transport.Message{Type: typ, Data: data}, nil
}

// checkType is transport.CheckType, as a frame error: a type that cannot
// be sent is also a malformed frame when it is read.
func checkType(t string) error {
	if err := transport.CheckType(t); err != nil {
		return fmt.Errorf("tcp: %w: %w", ErrMalformedFrame, err)
	}
	return nil
}
