package executor

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simrapid"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func genTxns(t *rapid.T, accounts int) []Txn {
	acct := rapid.IntRange(0, accounts-1)
	n := rapid.IntRange(0, 40).Draw(t, "txns")
	txns := make([]Txn, n)
	for i := range txns {
		from := "acct-" + strconv.Itoa(acct.Draw(t, "from"))
		if rapid.IntRange(0, 3).Draw(t, "kind") == 0 {
			txns[i] = Txn{Kind: Read, From: from}
			continue
		}
		txns[i] = Txn{Kind: Transfer, From: from, To: "acct-" + strconv.Itoa(acct.Draw(t, "to")), Amount: rapid.Uint64Range(0, 150).Draw(t, "amount")}
	}
	return txns
}

// Partition's invariant: within a round no two shards touch an account,
// and every transaction is placed exactly once.
func TestPartitionRoundsAreConflictFree(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		shards := rapid.IntRange(1, MaxShards).Draw(t, "shards")
		txns := genTxns(t, rapid.IntRange(1, 10).Draw(t, "accounts"))
		pb, err := Partition(txns, shards)
		if err != nil {
			t.Fatal(err)
		}
		seen := make([]bool, len(txns))
		for r := 0; r < pb.NumRounds; r++ {
			owner := map[string]int{}
			for s := 0; s < shards; s++ {
				for _, it := range pb.Shards[s][r].Txns {
					if seen[it.Index] {
						t.Fatalf("txn %d placed twice", it.Index)
					}
					seen[it.Index] = true
					for _, k := range it.Txn.Keys() {
						if o, ok := owner[k]; ok && o != s {
							t.Fatalf("round %d: %q on shards %d and %d", r, k, o, s)
						}
						owner[k] = s
					}
				}
			}
		}
		for i, ok := range seen {
			if !ok {
				t.Fatalf("txn %d not placed", i)
			}
		}
	})
}

// The workload's property: sharded execution equals sequential execution,
// for any block and shard count.
func TestShardedEqualsSequential(t *testing.T) {
	rt := sim.NewReal(1)
	clients := map[int]*LocalExecutorClient{}
	for n := 1; n <= 4; n++ {
		c, err := NewLocalExecutorClient(rt, n)
		require.NoError(t, err)
		defer c.Close()
		clients[n] = c
	}
	rapid.Check(t, func(t *rapid.T) {
		shards := rapid.IntRange(1, 4).Draw(t, "shards")
		accounts := rapid.IntRange(1, 8).Draw(t, "accounts")
		st := State{}
		for i := 0; i < accounts; i++ {
			if b := rapid.Uint64Range(0, 200).Draw(t, "balance"); b > 0 {
				st["acct-"+strconv.Itoa(i)] = b
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		for b := rapid.IntRange(1, 3).Draw(t, "blocks"); b > 0; b-- {
			if err := runBlock(ctx, clients[shards], shards, st, genTxns(t, accounts)); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// The same property over the remote path, inside worlds: real message
// flow, cross-shard rounds and state-value requests, all scheduled by the
// world.
func TestWorldShardedEqualsSequential(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		shards := rapid.IntRange(1, 4).Draw(t, "shards")
		blocks := make([][]Txn, rapid.IntRange(1, 3).Draw(t, "blocks"))
		for i := range blocks {
			blocks[i] = genTxns(t, 6)
		}
		var runErr error
		res := sim.Run(sim.Options{Chooser: simrapid.NewChooser(t)}, func(rt sim.Runtime) {
			coordAddr, shardAddrs := simAddrs(shards)
			net := newSimNet(rt, 1)
			defer net.Close()
			c, err := newCluster(rt, net, coordAddr, shardAddrs, simTimeout)
			if err == nil {
				err = c.start()
			}
			if err != nil {
				runErr = err
				return
			}
			st := genesis(6)
			ctx, cancel := rt.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			for _, txns := range blocks {
				if runErr = runBlock(ctx, c.coord, shards, st, txns); runErr != nil {
					break
				}
			}
			if _, err := c.shutdown(); err != nil && runErr == nil {
				runErr = err
			}
		})
		if res.Failure != nil {
			t.Fatal(res.Failure.Report())
		}
		if runErr != nil {
			t.Fatal(runErr)
		}
	})
}

func TestPartitionOverflowGoesToLastRoundOnShardZero(t *testing.T) {
	// A chain of transfers bouncing between accounts of different shards
	// needs a new round per link; past MaxRounds-1 the rest runs on shard 0.
	var a, b string
	for i := 0; a == "" || b == ""; i++ {
		k := "acct-" + strconv.Itoa(i)
		if HomeShard(k, 2) == 0 && a == "" {
			a = k
		} else if HomeShard(k, 2) == 1 && b == "" {
			b = k
		}
	}
	var txns []Txn
	for i := 0; i < 3*MaxRounds; i++ {
		txns = append(txns, Txn{Kind: Transfer, From: a, To: b, Amount: 1}, Txn{Kind: Transfer, From: b, To: a, Amount: 1})
	}
	pb, err := Partition(txns, 2)
	require.NoError(t, err)
	require.Equal(t, MaxRounds, pb.NumRounds)
	require.Empty(t, pb.Shards[1][MaxRounds-1].Txns)
	require.NotEmpty(t, pb.Shards[0][MaxRounds-1].Txns)

	c, err := NewLocalExecutorClient(sim.NewReal(2), 2)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, runBlock(context.Background(), c, 2, State{a: 5, b: 5}, txns))
}

func TestWorkloadBadInput(t *testing.T) {
	_, err := Partition([]Txn{{Kind: 9, From: "a"}}, 2)
	require.ErrorContains(t, err, "unknown transaction kind")
	_, err = Partition(nil, 0)
	require.ErrorContains(t, err, "0 shards")
	_, _, err = ExecuteSequential(State{}, []Txn{{Kind: Transfer, From: "a"}})
	require.ErrorContains(t, err, "empty account")
	_, _, err = ExecuteSequential(State{"a": 1, "b": ^uint64(0)}, []Txn{{Kind: Transfer, From: "a", To: "b", Amount: 1}})
	require.ErrorContains(t, err, "overflows")
}

func TestLocalClientClose(t *testing.T) {
	rt := sim.NewReal(3)
	c, err := NewLocalExecutorClient(rt, 3)
	require.NoError(t, err)
	st := genesis(5)
	ctx := context.Background()
	require.NoError(t, runBlock(ctx, c, 3, st, []Txn{{Kind: Transfer, From: "acct-1", To: "acct-2", Amount: 10}}))
	done := make(chan struct{})
	go func() { c.Close(); close(done) }()
	c.Close()
	<-done
	pb, err := Partition(nil, 3)
	require.NoError(t, err)
	_, err = c.ExecuteBlock(ctx, st, pb)
	require.ErrorIs(t, err, ErrShutdown)
	_, err = NewLocalExecutorClient(rt, MaxShards+1)
	require.Error(t, err)
}

// Clone is an independent copy, and never nil: ExecuteBlock writes into
// the state it is given.
func TestStateClone(t *testing.T) {
	s := State{"a": 1, "b": 2}
	c := s.Clone()
	require.Equal(t, s, c)
	c["a"] = 9
	delete(c, "b")
	require.Equal(t, State{"a": 1, "b": 2}, s)
	var none State
	empty := none.Clone()
	require.NotNil(t, empty)
	empty["x"] = 1 // a nil map would panic
}
