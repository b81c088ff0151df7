package tcp_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/transport"
	"github.com/execsim/execsim/transport/tcp"
)

// TCP carries bytes only: a message with a Go value is refused before
// anything is written, and the transport does not claim to carry values.
func TestFrameRefusesValue(t *testing.T) {
	_, err := tcp.EncodeFrame(transport.Message{Type: "v", Value: 1}, 0)
	require.ErrorIs(t, err, tcp.ErrMalformedFrame)
	tr := tcp.New(tcp.Config{})
	require.False(t, transport.CarriesValues(tr))
}
