package executor

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// cluster is a coordinator and its shards on one transport.
type cluster struct {
	coord  *RemoteExecutorClient
	shards []*ExecutorService
}

func newCluster(rt sim.Runtime, tr transport.Transport, coordAddr string, shardAddrs []string, timeout time.Duration, opts ...Option) (*cluster, error) {
	coord, err := NewRemoteExecutorClient(rt, tr, CoordinatorConfig{SelfAddr: coordAddr, ShardAddrs: shardAddrs, Timeout: timeout})
	if err != nil {
		return nil, err
	}
	c := &cluster{coord: coord}
	for i, a := range shardAddrs {
		s, err := NewExecutorService(rt, tr, ServiceConfig{ShardID: i, NumShards: len(shardAddrs), SelfAddr: a, CoordinatorAddr: coordAddr, ShardAddrs: shardAddrs, Timeout: timeout}, opts...)
		if err != nil {
			return nil, err
		}
		c.shards = append(c.shards, s)
	}
	return c, nil
}

func (c *cluster) start() error {
	if err := c.coord.Start(); err != nil {
		return err
	}
	for _, s := range c.shards {
		if err := s.Start(); err != nil {
			return err
		}
	}
	return nil
}

// shutdown shuts every shard down, then the coordinator. early counts the
// shards whose goroutines were still running when their Shutdown
// returned.
func (c *cluster) shutdown() (early int, err error) {
	var errs []error
	for _, s := range c.shards {
		errs = append(errs, s.Shutdown())
		if s.Running() > 0 {
			early++
		}
	}
	c.coord.Shutdown()
	return early, errors.Join(errs...)
}

func simAddrs(n int) (string, []string) {
	var shards []string
	for i := 0; i < n; i++ {
		shards = append(shards, "shard-"+strconv.Itoa(i)+":7000")
	}
	return "coordinator:7000", shards
}

// genBlock makes a block of n transactions over accounts acct-0..acct-(k-1),
// drawing from choose.
func genBlock(choose func(n int) int, n, k int) []Txn {
	txns := make([]Txn, n)
	for i := range txns {
		from := "acct-" + strconv.Itoa(choose(k))
		if choose(4) == 0 {
			txns[i] = Txn{Kind: Read, From: from}
			continue
		}
		txns[i] = Txn{Kind: Transfer, From: from, To: "acct-" + strconv.Itoa(choose(k)), Amount: uint64(choose(60))}
	}
	return txns
}

func genesis(k int) State {
	st := State{}
	for i := 0; i < k; i++ {
		st["acct-"+strconv.Itoa(i)] = 100
	}
	return st
}

// blockExecutor is what both clients offer.
type blockExecutor interface {
	ExecuteBlock(ctx context.Context, view StateView, block *PartitionedBlock) (*BlockOutput, error)
}

// runBlock partitions txns, executes them on ex against st, checks the
// outputs against the sequential reference and commits them to st.
func runBlock(ctx context.Context, ex blockExecutor, numShards int, st State, txns []Txn) error {
	want, wantState, err := ExecuteSequential(st, txns)
	if err != nil {
		return err
	}
	pb, err := Partition(txns, numShards)
	if err != nil {
		return err
	}
	out, err := ex.ExecuteBlock(ctx, st.Clone(), pb)
	if err != nil {
		return err
	}
	got := out.Ordered()
	if err := sameOutputs(got, want); err != nil {
		return err
	}
	st.Apply(got)
	if err := sameState(st, wantState); err != nil {
		return err
	}
	return nil
}

func sameOutputs(got, want []TxnOutput) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d outputs, want %d", len(got), len(want))
	}
	for i := range got {
		if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
			return fmt.Errorf("output %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	return nil
}

func sameState(got, want State) error {
	if fmt.Sprint(got) != fmt.Sprint(want) { // fmt sorts map keys
		return fmt.Errorf("state: got %v, want %v", got, want)
	}
	return nil
}
