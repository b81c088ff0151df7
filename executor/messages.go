package executor

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"

	"github.com/execsim/execsim/transport"
)

// Message type names, as in the original.
const kvRequestType = "remote_kv_request"

func executeCommandType(shard int) string { return "execute_command_" + strconv.Itoa(shard) }
func executeResultType(shard int) string  { return "execute_result_" + strconv.Itoa(shard) }
func kvResponseType(shard int) string     { return "remote_kv_response_" + strconv.Itoa(shard) }

// crossShardType names a round's cross-shard channel. Every shard makes
// one per round per peer, so the usual rounds' names are built once: their
// concatenation was 2% of a run's allocations (issue 19).
func crossShardType(round int) string {
	if round >= 0 && round < len(crossShardTypes) {
		return crossShardTypes[round]
	}
	return "cross_shard_" + strconv.Itoa(round)
}

// crossShardTypes is read-only after package initialization.
var crossShardTypes = func() (t [64]string) {
	for i := range t {
		t[i] = "cross_shard_" + strconv.Itoa(i)
	}
	return t
}()

// KVBatchSize is how many keys one state-value request carries, as in the
// original.
const KVBatchSize = 200

// executeCommandMsg is RemoteExecutionRequest::ExecuteBlock: one shard's
// sub-blocks of a block.
type executeCommandMsg struct {
	BlockID   uint64
	NumShards int
	Rounds    []SubBlock
}

// Result codes of a ShardResult that failed.
const (
	codeShutdown  = "shutdown"
	codeExecution = "execution"
)

// ShardResult is one shard's answer to an execute command: its outputs
// per round, or the reason it has none. A shard answers every command it
// received with exactly one ShardResult.
type ShardResult struct {
	BlockID uint64
	Shard   int
	Rounds  [][]TxnOutput `json:",omitempty"`
	// Code is empty on success, "shutdown" when the shard shut down during
	// the block, "execution" for any other failure; Err says more.
	Code string `json:",omitempty"`
	Err  string `json:",omitempty"`
}

// err is the result's failure as an error, nil on success.
func (r ShardResult) err() error {
	switch r.Code {
	case "":
		return nil
	case codeShutdown:
		return fmt.Errorf("executor: shard %d: block %d: %s: %w", r.Shard, r.BlockID, r.Err, ErrShutdown)
	}
	return fmt.Errorf("executor: shard %d: block %d: %s", r.Shard, r.BlockID, r.Err)
}

type kvRequestMsg struct {
	BlockID uint64
	Shard   int
	Keys    []string
}

type kvResponseMsg struct {
	BlockID uint64
	Values  []KV
	// Unknown says the coordinator is not executing BlockID (it moved on,
	// or it is a new coordinator that never sent it): the shard's reads
	// for that block fail at once instead of waiting for an answer that
	// will never come.
	Unknown bool `json:",omitempty"`
}

// CrossShardMsg carries the values a shard has after a round to the shard
// that needs them in a later round.
type CrossShardMsg struct {
	BlockID   uint64
	FromShard int
	FromRound int
	ToRound   int
	Values    []KV
}

func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Only our own plain structs are encoded: this is a bug, not input.
		panic(fmt.Sprintf("executor: encode %T: %v", v, err))
	}
	return b
}

// decode reads msg into v, a pointer to the type its sender sent: a Go
// value as it travelled (SendValue over a transport that carries values),
// or JSON.
func decode(msg transport.Message, v any) error {
	if msg.Value != nil {
		dst := reflect.ValueOf(v).Elem()
		src := reflect.ValueOf(msg.Value)
		if src.Type() != dst.Type() {
			return fmt.Errorf("executor: decode %s: carries a %s, want a %s", msg.Type, src.Type(), dst.Type())
		}
		dst.Set(src)
		return nil
	}
	if err := json.Unmarshal(msg.Data, v); err != nil {
		return fmt.Errorf("executor: decode %s (%d bytes): %w", msg.Type, len(msg.Data), err)
	}
	return nil
}
