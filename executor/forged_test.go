package executor

import (
	"context"
	"testing"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
	"github.com/stretchr/testify/require"
)

// forgedCommand runs a cluster of two shards, sends shard 0 one
// well-formed execute command that no coordinator sent (a block id the
// coordinator never used, whose second round waits for cross-shard values
// that will never come and whose first reads keys), then executes a real
// block, which must succeed within the coordinator's usual deadline: no
// message from the network may wedge a shard.
func forgedCommand(opts ...Option) (func(rt sim.Runtime), *outcome) {
	out := &outcome{}
	return func(rt sim.Runtime) {
		tr := newSimNet(rt, 2)
		defer tr.Close()
		c, err := startSimCluster(rt, tr, 2, opts...)
		if err != nil {
			out.err = err
			return
		}
		_, shardAddrs := simAddrs(2)
		forged := executeCommandMsg{BlockID: 42, NumShards: 2, Rounds: []SubBlock{
			{Txns: []IndexedTxn{{Index: 0, Txn: Txn{Kind: Read, From: "acct-1"}}}},
			{Recv: []CrossShardDep{{Shard: 1, Round: 0, Keys: []string{"acct-2"}}}},
		}}
		ctx, cancel := rt.WithTimeout(context.Background(), simTimeout)
		out.err = tr.Send(ctx, shardAddrs[0], transport.Message{Type: executeCommandType(0), Data: encode(forged)})
		cancel()
		if out.err != nil {
			return
		}
		rt.Sleep(time.Duration(rt.Choose("gap", 5)) * time.Millisecond)
		bctx, bcancel := rt.WithTimeout(context.Background(), 4*simTimeout)
		txns := genBlock(func(n int) int { return rt.Choose("txn", n) }, 6, 6)
		out.blockErr = runBlock(bctx, c.coord, 2, genesis(6), txns)
		bcancel()
		c.coord.Shutdown()
		_, out.err = c.shutdown()
	}, out
}

func TestForgedCommandDoesNotWedgeAShard(t *testing.T) {
	for seed := uint64(1); seed <= 100; seed++ {
		body, out := forgedCommand()
		res := sim.Run(worldOptions(seed), body)
		require.NoError(t, res.Err(), "seed %d", seed)
		require.NoError(t, out.err, "seed %d", seed)
		require.NoError(t, out.blockErr, "seed %d: the block after a forged command", seed)
	}
}

// The twin: with state reads that wait for ever (the shard as it was),
// the forged command holds shard 0 and the real block times out.
func TestForgedCommandWedgedTheShardBeforeTheFix(t *testing.T) {
	wedged := 0
	for seed := uint64(1); seed <= 20; seed++ {
		body, out := forgedCommand(WithDefect(DefectStateReadsWaitForever))
		sim.Run(worldOptions(seed), body)
		if out.blockErr != nil {
			wedged++
		}
	}
	require.Equal(t, 20, wedged, "every real block behind the forged one times out")
}
