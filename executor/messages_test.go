package executor

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/transport"
)

// A message reads the same whether it travelled as a Go value or as
// JSON, and a value of the wrong type is an error that names both types.
func TestDecodeValueOrBytes(t *testing.T) {
	sent := CrossShardMsg{BlockID: 3, FromShard: 1, ToRound: 2, Values: []KV{{Key: "k", Value: 9, Exists: true}}}
	var fromValue, fromBytes CrossShardMsg
	require.NoError(t, decode(transport.Message{Type: "m", Value: sent}, &fromValue))
	require.NoError(t, decode(transport.Message{Type: "m", Data: encode(sent)}, &fromBytes))
	require.Equal(t, sent, fromValue)
	require.Equal(t, sent, fromBytes)

	var wrong kvRequestMsg
	err := decode(transport.Message{Type: "m", Value: sent}, &wrong)
	require.ErrorContains(t, err, "carries a executor.CrossShardMsg, want a executor.kvRequestMsg")
}
