package executor

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// CoordinatorConfig configures the coordinator side, RemoteExecutorClient.
type CoordinatorConfig struct {
	// SelfAddr is where the coordinator listens for results and
	// state-value requests.
	SelfAddr string
	// ShardAddrs is every shard's address, by shard id (1..MaxShards).
	ShardAddrs []string
	// Timeout is the controller's timeout (DefaultTimeout if zero).
	Timeout time.Duration
	// Logf, if set, receives the client's log lines.
	Logf func(format string, args ...any)
}

// RemoteExecutorClient is the coordinator's side of remote shards, the
// original's RemoteExecutorClient: ExecuteBlock sends each shard its
// sub-blocks on execute_command_{shard} and gathers the results from
// execute_result_{shard} in shard order, while a RemoteStateViewService
// answers the shards' state-value requests. One block executes at a time.
type RemoteExecutorClient struct {
	rt         sim.Runtime
	cfg        CoordinatorConfig
	controller *NetworkController
	commandTx  []*Outbound
	resultRx   []sim.Chan[transport.Message]
	stateView  *RemoteStateViewService
	g          *sim.Group
	busy       sim.Chan[struct{}] // holds a token while a block executes
	stop       sim.Chan[struct{}] // closed at Shutdown: blocks in flight end with ErrShutdown

	mu        *sim.Mutex
	state     lifecycle
	cancel    context.CancelFunc
	nextBlock uint64
	done      sim.Chan[struct{}]
}

// NewRemoteExecutorClient builds the coordinator side; nothing runs until
// Start.
func NewRemoteExecutorClient(rt sim.Runtime, tr transport.Transport, cfg CoordinatorConfig) (*RemoteExecutorClient, error) {
	if n := len(cfg.ShardAddrs); n < 1 || n > MaxShards {
		return nil, fmt.Errorf("executor: coordinator: %d shard addresses, want 1..%d", n, MaxShards)
	}
	if cfg.SelfAddr == "" {
		return nil, errors.New("executor: coordinator: empty self address")
	}
	g := sim.NewGroup(rt, "coordinator")
	c := newNetworkController(rt, tr, ControllerConfig{Service: "coordinator", ListenAddr: cfg.SelfAddr, Timeout: cfg.Timeout, Logf: cfg.Logf}, g, 0)
	cl := &RemoteExecutorClient{
		rt: rt, cfg: cfg, controller: c, g: g, mu: rt.NewMutex(),
		busy: sim.NewChan[struct{}](rt, 1), stop: sim.NewChan[struct{}](rt, 0), done: sim.NewChan[struct{}](rt, 0),
	}
	for i, a := range cfg.ShardAddrs {
		tx, err := c.CreateOutboundChannel(a, executeCommandType(i))
		if err != nil {
			return nil, err
		}
		rx, err := c.CreateInboundChannel(executeResultType(i))
		if err != nil {
			return nil, err
		}
		cl.commandTx = append(cl.commandTx, tx)
		cl.resultRx = append(cl.resultRx, rx)
	}
	var err error
	if cl.stateView, err = newRemoteStateViewService(rt, c, cfg.ShardAddrs); err != nil {
		return nil, err
	}
	return cl, nil
}

// NumShards is the number of shards the client drives.
func (c *RemoteExecutorClient) NumShards() int { return len(c.commandTx) }

// Addr is the coordinator's listen address (the real port once started).
func (c *RemoteExecutorClient) Addr() string { return c.controller.Addr() }

// Controller is the client's network controller, for its Stats.
func (c *RemoteExecutorClient) Controller() *NetworkController { return c.controller }

// Joined reports nil if nothing the coordinator started (its state-view
// service, its controller's loops) is still running, and otherwise an
// error naming each (see sim.Group.Joined). After Shutdown it is nil.
func (c *RemoteExecutorClient) Joined() error { return c.g.Joined() }

// Start starts the controller and the state-view service.
func (c *RemoteExecutorClient) Start() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch c.state {
	case lifeStarted:
		return errors.New("executor: coordinator: already started")
	case lifeStopping, lifeStopped:
		return fmt.Errorf("executor: coordinator: start after shutdown: %w", ErrShutdown)
	}
	if err := c.controller.Start(); err != nil {
		return err
	}
	ctx, cancel := c.rt.WithCancel(context.Background())
	c.cancel = cancel
	c.state = lifeStarted
	c.nextBlock = blockIDBase(c.rt)
	c.g.Go("RemoteStateViewService", func() { c.stateView.run(ctx) })
	return nil
}

// blockIDBase is where a coordinator's block ids start. Shards, the
// state-view service and cross-shard messages match work by block id
// alone, so ids must not repeat across coordinator restarts: a shard still
// busy with the old coordinator's block 1 would otherwise answer the new
// coordinator's block 1, with the wrong state (found by the rapid model in
// fuzz/, pinned by the coordinator-restart scenario). The base is the start
// time, after a nanosecond's sleep so that two coordinators started one
// after the other never share it, mixed so that the 2^20 ids above one
// base do not run into the next; in a world the time is virtual, so the
// ids stay deterministic.
func blockIDBase(rt sim.Runtime) uint64 {
	rt.Sleep(time.Nanosecond)
	x := uint64(rt.Now().UnixNano())
	x ^= x >> 30 // splitmix64's finalizer
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x &^ (1<<20 - 1)
}

// ExecuteBlock executes block on the shards against view and returns the
// outputs, per shard in shard order. Its outcome is exactly one of: the
// outputs; an error wrapping ErrShutdown (the coordinator or a shard shut
// down during the block); ctx's error; another shard or transport error.
func (c *RemoteExecutorClient) ExecuteBlock(ctx context.Context, view StateView, block *PartitionedBlock) (*BlockOutput, error) {
	if block == nil || view == nil {
		return nil, errors.New("executor: execute block: nil block or state view")
	}
	if block.NumShards != len(c.commandTx) || len(block.Shards) != block.NumShards {
		return nil, fmt.Errorf("executor: execute block: partitioned for %d shards, the coordinator has %d", block.NumShards, len(c.commandTx))
	}
	if block.NumRounds > MaxRounds {
		return nil, fmt.Errorf("executor: execute block: %d rounds, max %d", block.NumRounds, MaxRounds)
	}
	c.mu.Lock()
	state := c.state
	c.mu.Unlock()
	if state != lifeStarted {
		return nil, fmt.Errorf("executor: execute block: coordinator not running: %w", ErrShutdown)
	}
	switch sim.Select(c.rt, c.busy.SendCase(struct{}{}), c.stop.RecvCase(nil, nil), sim.DoneCase(ctx)) {
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
	c.stateView.SetStateView(id, view)
	for i, tx := range c.commandTx {
		cmd := executeCommandMsg{BlockID: id, NumShards: block.NumShards, Rounds: block.Shards[i]}
		if err := tx.SendValue(ctx, cmd); err != nil {
			return nil, fmt.Errorf("executor: block %d: command to shard %d: %w", id, i, err)
		}
	}
	out := &BlockOutput{Shards: make([][][]TxnOutput, len(c.resultRx))}
	for i := range c.resultRx {
		res, err := c.result(ctx, id, i)
		if err != nil {
			return nil, err
		}
		out.Shards[i] = res.Rounds
	}
	return out, nil
}

// result waits for shard i's result of block id, skipping results of
// earlier blocks that a cancelled ExecuteBlock left behind.
func (c *RemoteExecutorClient) result(ctx context.Context, id uint64, i int) (ShardResult, error) {
	for {
		var msg transport.Message
		var ok bool
		switch sim.Select(c.rt, c.resultRx[i].RecvCase(&msg, &ok), c.stop.RecvCase(nil, nil), sim.DoneCase(ctx)) {
		case 1:
			return ShardResult{}, fmt.Errorf("executor: block %d: waiting for shard %d: %w", id, i, ErrShutdown)
		case 2:
			return ShardResult{}, fmt.Errorf("executor: block %d: waiting for shard %d: %w", id, i, ctx.Err())
		}
		if !ok {
			return ShardResult{}, fmt.Errorf("executor: block %d: waiting for shard %d: result channel closed: %w", id, i, ErrShutdown)
		}
		var res ShardResult
		if err := decode(msg, &res); err != nil {
			c.controller.logf("block %d: dropping a result from shard %d: %v", id, i, err)
			continue
		}
		if res.BlockID != id || res.Shard != i {
			continue
		}
		if err := res.err(); err != nil {
			return ShardResult{}, err
		}
		if len(res.Rounds) > MaxRounds {
			return ShardResult{}, fmt.Errorf("executor: block %d: shard %d sent %d rounds", id, i, len(res.Rounds))
		}
		return res, nil
	}
}

// Shutdown ends the block in flight with ErrShutdown, stops the
// state-view service and the controller, and joins them. It is idempotent
// and safe from several goroutines; before Start it only closes the
// controller's channels.
func (c *RemoteExecutorClient) Shutdown() {
	c.mu.Lock()
	switch c.state {
	case lifeStopping, lifeStopped:
		done := c.done
		c.mu.Unlock()
		done.Recv()
		return
	}
	prev := c.state
	c.state = lifeStopping
	c.stop.Close()
	cancel := c.cancel
	c.mu.Unlock()
	if prev == lifeStarted {
		cancel()
	}
	c.controller.Shutdown()
	c.g.Wait(context.Background()) // the service returns at once: its ctx ended
	c.mu.Lock()
	c.state = lifeStopped
	c.done.Close()
	c.mu.Unlock()
}
