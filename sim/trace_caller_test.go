package sim_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
)

// With CallerPCs every event made by a kit call names the line of that
// call; without it, none does.
func TestCallerPCs(t *testing.T) {
	body := func(rt sim.Runtime) {
		ch := sim.NewChan[int](rt, 1)
		ch.Send(1) // the send's line
		ch.Recv()
	}
	res := sim.Run(sim.Options{Seed: 1, KeepTrace: true, CallerPCs: true}, body)
	require.Nil(t, res.Failure)
	var send sim.Event
	for _, e := range res.Trace {
		if e.Op == sim.OpSend {
			send = e
		}
	}
	require.Regexp(t, `trace_caller_test\.go:\d+$`, send.Caller())
	require.True(t, strings.HasSuffix(send.Caller(), ":17"), "the send's own line, got %s", send.Caller())

	res = sim.Run(sim.Options{Seed: 1, KeepTrace: true}, body)
	for _, e := range res.Trace {
		require.Zero(t, e.PC)
		require.Empty(t, e.Caller())
	}
}
