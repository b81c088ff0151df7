package tcp

import (
	"context"
	"net"

	"github.com/execsim/execsim/transport"
)

// Streams is transport.Streams over real TCP: net.Listen and net.Dialer,
// nothing added, so that what a test of a service sees on fakenet's
// streams is checked against the real thing.
type Streams struct{}

var _ transport.Streams = Streams{}

// ListenStream is net.Listen("tcp", addr).
func (Streams) ListenStream(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }

// DialStream is net.Dialer.DialContext(ctx, "tcp", addr).
func (Streams) DialStream(ctx context.Context, addr string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, "tcp", addr)
}
