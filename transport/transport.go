package transport

import (
	"context"
	"errors"
	"fmt"
)

// Message is one message between two services: opaque bytes tagged with a
// message type (see CheckType), as in the original's Message and
// MessageType.
//
// A transport whose senders and receivers share a process may also carry
// the content as a Go value (Value), unencoded: it says so with
// CarriesValues. Encoding every message inside a simulated network only to
// decode it again was a tenth of a simulated run's time (issue 19); a
// transport that crosses a process boundary carries bytes only and refuses
// a Value. A receiver treats a Value as read-only: a duplicated message
// shares it with its copy.
type Message struct {
	Type  string // e.g. "execute_command_0"
	Data  []byte
	Value any
}

// ValueCarrier is implemented by a Transport that can carry Message.Value.
type ValueCarrier interface {
	// CarriesValues reports whether Send accepts messages with a Value
	// and delivers the Value as it was sent.
	CarriesValues() bool
}

// CarriesValues reports whether t carries Message.Value (see ValueCarrier).
func CarriesValues(t Transport) bool {
	vc, ok := t.(ValueCarrier)
	return ok && vc.CarriesValues()
}

// Transport moves Messages between addresses ("host:port"). The package
// doc states the contract both implementations keep: tcp.Transport over
// the real network and fakenet's hosts in a world.
//
// It is message-oriented, like the original's one unary RPC per message:
// Send hands one message to the listener at an address; the listener's
// Recv yields the messages that arrive, from any sender, in arrival order.
type Transport interface {
	// Listen binds addr. It fails with an error wrapping ErrAddrInUse if a
	// listener already holds the address.
	Listen(addr string) (Listener, error)
	// Send returns nil once the listener at addr has accepted msg: it is
	// in that listener's queue, and a Recv returns it unless the listener
	// closes first (then it is counted as discarded, never lost silently).
	// It fails with an error wrapping ErrRefused when msg was certainly not
	// accepted, with one wrapping ErrUnsendable when it never can be, with
	// one wrapping ErrClosed when the sending side is closed, and returns
	// ctx's error when ctx ends first: then msg may or may not have been
	// accepted. The package doc says more.
	Send(ctx context.Context, addr string, msg Message) error
}

// Listener receives the messages sent to one address.
type Listener interface {
	// Addr is the bound address (with the real port when ":0" was asked).
	Addr() string
	// Recv blocks until a message arrives, the listener is closed
	// (ErrClosed), or ctx ends (ctx's error).
	Recv(ctx context.Context) (Message, error)
	// Close unbinds the address and wakes every Recv with ErrClosed.
	// Messages accepted and not yet received are discarded, and counted
	// by the implementation. It is idempotent.
	Close() error
}

// Errors a Transport returns, wrapped with the address and the evidence.
var (
	// ErrAddrInUse: Listen found the address bound.
	ErrAddrInUse = errors.New("address already in use")
	// ErrRefused: the message was not accepted, and nothing of it reached
	// a Recv. Nobody listened at the address, or the host was down, or
	// the listener closed (or its host crashed) while the message was on
	// its way. Retrying may succeed once a listener is back.
	ErrRefused = errors.New("connection refused")
	// ErrClosed: the listener (or the whole network, or the sending host)
	// is closed.
	ErrClosed = errors.New("listener closed")
	// ErrUnsendable: the message itself can never be sent (too large for
	// the transport, a type CheckType refuses). Retrying cannot help.
	ErrUnsendable = errors.New("message cannot be sent")
)

// TypeLenMax is the longest message type.
const TypeLenMax = 255

// CheckType reports whether t is a valid message type: 1 to TypeLenMax
// bytes of printable ASCII without spaces, so that a type reads as one
// word in logs and traces. The error wraps ErrUnsendable.
func CheckType(t string) error {
	if len(t) == 0 || len(t) > TypeLenMax {
		return fmt.Errorf("transport: message type: %w: length %d, want 1..%d", ErrUnsendable, len(t), TypeLenMax)
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; c <= ' ' || c > '~' {
			return fmt.Errorf("transport: message type %q: %w: byte %#x at %d is not printable ASCII", t, ErrUnsendable, c, i)
		}
	}
	return nil
}
