package executor

import (
	"context"
	"errors"
)

// Message is one message between network controllers: opaque bytes tagged
// with a message type, as in the original's Message and MessageType.
type Message struct {
	Type string // e.g. "execute_command_0"
	Data []byte
}

// Transport moves Messages between addresses ("host:port"). Two
// implementations exist: TCP over the real network (NewTCPTransport) and
// fakenet's simulated network, whose every delivery a world schedules.
//
// It is message-oriented, like the original's one unary RPC per message:
// Send hands one message to the listener at an address; the listener's
// Recv yields the messages that arrive, from any sender, in arrival order.
type Transport interface {
	// Listen binds addr. It fails with an error wrapping ErrAddrInUse if a
	// listener already holds the address.
	Listen(addr string) (Listener, error)
	// Send delivers msg to the listener at addr. It fails with an error
	// wrapping ErrRefused when nobody listens there, and returns ctx's error
	// when ctx ends first. A nil error means the message left; it may still
	// be lost on the way (a lossy link, a partition, a crash).
	Send(ctx context.Context, addr string, msg Message) error
}

// Listener receives the messages sent to one address.
type Listener interface {
	// Addr is the bound address (with the real port when ":0" was asked).
	Addr() string
	// Recv blocks until a message arrives, the listener is closed
	// (ErrClosed), or ctx ends (ctx's error).
	Recv(ctx context.Context) (Message, error)
	// Close unbinds the address and wakes every Recv with ErrClosed. It is
	// idempotent.
	Close() error
}

// Errors a Transport returns (wrapped, with the address).
var (
	ErrAddrInUse = errors.New("address already in use")
	ErrRefused   = errors.New("connection refused")
	ErrClosed    = errors.New("listener closed")
)
