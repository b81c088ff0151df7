package fakenet_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/fakenet"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

type payload struct{ N int }

// A Go value crosses the simulated network as it was sent, unless the
// network is WireOnly: then a message with a Value is unsendable, as over
// TCP, and the transport says it does not carry values.
func TestValuesCarriedUnlessWireOnly(t *testing.T) {
	for _, wireOnly := range []bool{false, true} {
		res := sim.Run(sim.Options{Seed: 1}, func(rt sim.Runtime) {
			n, err := fakenet.New(rt, fakenet.Config{WireOnly: wireOnly})
			require.NoError(t, err)
			defer n.Close()
			a, _ := n.Host("a")
			b, _ := n.Host("b")
			l, err := b.Listen("b:1")
			require.NoError(t, err)
			require.Equal(t, !wireOnly, transport.CarriesValues(a))
			ctx := context.Background()
			err = a.Send(ctx, "b:1", transport.Message{Type: "v", Value: payload{N: 7}})
			if wireOnly {
				require.ErrorIs(t, err, transport.ErrUnsendable)
				return
			}
			require.NoError(t, err)
			m, err := l.Recv(ctx)
			require.NoError(t, err)
			require.Equal(t, payload{N: 7}, m.Value)
		})
		require.NoError(t, res.Err(), "wireOnly=%v", wireOnly)
	}
}
