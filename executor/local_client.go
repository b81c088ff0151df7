package executor

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/execsim/execsim/sim"
)

// LocalExecutorClient runs the shards in process, the original's
// LocalExecutorClient, and is the pattern the audit holds up: it keeps
// every shard goroutine it starts, and Close sends Stop on every command
// channel and joins them all.
type LocalExecutorClient struct {
	rt        sim.Runtime
	numShards int
	clients   []*localCoordinatorClient
	g         *sim.Group
	busy      sim.Chan[struct{}]
	closing   sim.Chan[struct{}]
	cancel    context.CancelFunc

	mu        *sim.Mutex
	closed    bool
	nextBlock uint64
	done      sim.Chan[struct{}]
}

// localCoordinatorClient is a shard's CoordinatorClient in process.
type localCoordinatorClient struct {
	rt      sim.Runtime
	cmd     sim.Chan[ShardCommand]
	result  sim.Chan[ShardResult]
	closing sim.Chan[struct{}]
}

func (c *localCoordinatorClient) ReceiveExecuteCommand(ctx context.Context) ShardCommand {
	var cmd ShardCommand
	var ok bool
	if sim.Select(c.rt, c.cmd.RecvCase(&cmd, &ok), sim.DoneCase(ctx)) == 1 || !ok {
		return ShardCommand{Stop: true}
	}
	return cmd
}

func (c *localCoordinatorClient) SendExecutionResult(ctx context.Context, r ShardResult) error {
	switch sim.Select(c.rt, c.result.SendCase(r), c.closing.RecvCase(nil, nil), sim.DoneCase(ctx)) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("executor: local shard %d: result: %w", r.Shard, ErrShutdown)
	}
	return ctx.Err()
}

// NewLocalExecutorClient starts numShards (1..MaxShards) shard goroutines,
// LocalExecutorShard-{i}.
func NewLocalExecutorClient(rt sim.Runtime, numShards int) (*LocalExecutorClient, error) {
	if numShards < 1 || numShards > MaxShards {
		return nil, fmt.Errorf("executor: local client: %d shards, want 1..%d", numShards, MaxShards)
	}
	c := &LocalExecutorClient{
		rt: rt, numShards: numShards, g: sim.NewGroup(rt, "LocalExecutorClient"), mu: rt.NewMutex(),
		busy: sim.NewChan[struct{}](rt, 1), closing: sim.NewChan[struct{}](rt, 0), done: sim.NewChan[struct{}](rt, 0),
	}
	cross := make([][]sim.Chan[CrossShardMsg], numShards)
	for s := range cross {
		for r := 0; r < MaxRounds; r++ {
			cross[s] = append(cross[s], sim.NewChan[CrossShardMsg](rt, MaxShards*MaxRounds))
		}
	}
	ctx, cancel := rt.WithCancel(context.Background())
	c.cancel = cancel
	for s := 0; s < numShards; s++ {
		cc := &localCoordinatorClient{rt: rt, cmd: sim.NewChan[ShardCommand](rt, 1), result: sim.NewChan[ShardResult](rt, 1), closing: c.closing}
		c.clients = append(c.clients, cc)
		loop := newShardLoop(rt, s, numShards, cc, &localCrossShard{rt: rt, shard: s, chans: cross, closing: c.closing}, DefaultTimeout, c.g)
		c.g.Go("LocalExecutorShard-"+strconv.Itoa(s), func() { loop.Start(ctx) })
	}
	return c, nil
}

// Joined reports nil if none of the client's shard goroutines (and their
// cross-shard receivers) is running, and otherwise an error naming each
// (see sim.Group.Joined). After Close it is nil.
func (c *LocalExecutorClient) Joined() error { return c.g.Joined() }

// NumShards is the number of shards.
func (c *LocalExecutorClient) NumShards() int { return c.numShards }

// ExecuteBlock executes block on the shards against view. One block runs
// at a time. After Close, or if Close comes during the block, it fails
// with an error wrapping ErrShutdown.
func (c *LocalExecutorClient) ExecuteBlock(ctx context.Context, view StateView, block *PartitionedBlock) (*BlockOutput, error) {
	if block == nil || view == nil {
		return nil, errors.New("executor: execute block: nil block or state view")
	}
	if block.NumShards != c.numShards || len(block.Shards) != c.numShards || block.NumRounds > MaxRounds {
		return nil, fmt.Errorf("executor: execute block: partitioned for %d shards and %d rounds; the client has %d shards, max %d rounds", block.NumShards, block.NumRounds, c.numShards, MaxRounds)
	}
	switch sim.Select(c.rt, c.busy.SendCase(struct{}{}), c.closing.RecvCase(nil, nil), sim.DoneCase(ctx)) {
	case 1:
		return nil, fmt.Errorf("executor: execute block: %w", ErrShutdown)
	case 2:
		return nil, ctx.Err()
	}
	defer c.busy.Recv()
	c.mu.Lock()
	c.nextBlock++
	id := c.nextBlock
	c.mu.Unlock()
	for i, cc := range c.clients {
		cmd := ShardCommand{BlockID: id, NumShards: c.numShards, Rounds: block.Shards[i], StateView: view}
		switch sim.Select(c.rt, cc.cmd.SendCase(cmd), c.closing.RecvCase(nil, nil), sim.DoneCase(ctx)) {
		case 1:
			return nil, fmt.Errorf("executor: block %d: %w", id, ErrShutdown)
		case 2:
			return nil, ctx.Err()
		}
	}
	out := &BlockOutput{Shards: make([][][]TxnOutput, c.numShards)}
	for i, cc := range c.clients {
		for {
			var r ShardResult
			switch sim.Select(c.rt, cc.result.RecvCase(&r, nil), c.closing.RecvCase(nil, nil), sim.DoneCase(ctx)) {
			case 1:
				return nil, fmt.Errorf("executor: block %d: waiting for shard %d: %w", id, i, ErrShutdown)
			case 2:
				return nil, fmt.Errorf("executor: block %d: waiting for shard %d: %w", id, i, ctx.Err())
			}
			if r.BlockID != id {
				continue // left by a cancelled block
			}
			if err := r.err(); err != nil {
				return nil, err
			}
			out.Shards[i] = r.Rounds
			break
		}
	}
	return out, nil
}

// Close stops every shard and joins it, as the original's Drop does: a
// block in flight ends (ErrShutdown), each shard gets Stop, Close waits
// for all. It is idempotent and safe from several goroutines.
func (c *LocalExecutorClient) Close() {
	c.mu.Lock()
	if c.closed {
		done := c.done
		c.mu.Unlock()
		done.Recv()
		return
	}
	c.closed = true
	c.closing.Close()
	c.mu.Unlock()
	for _, cc := range c.clients {
		// closing has woken every wait of the shards, so each is back in
		// ReceiveExecuteCommand soon and takes its Stop.
		cc.cmd.Send(ShardCommand{Stop: true})
	}
	c.cancel()
	c.g.Wait(context.Background())
	c.done.Close()
}
