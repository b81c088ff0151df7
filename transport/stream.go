package transport

import (
	"context"
	"net"
)

// Streams is what a service written against net.Conn needs of a network:
// fakenet's hosts in a world, tcp.Streams over the real one. A service
// that takes a Streams runs unchanged on both.
type Streams interface {
	// ListenStream binds addr ("host:port"; port 0 picks a free one).
	ListenStream(addr string) (net.Listener, error)
	// DialStream connects to the listener at addr, or fails: refused
	// (syscall.ECONNREFUSED), timed out, or ctx's error.
	DialStream(ctx context.Context, addr string) (net.Conn, error)
}
