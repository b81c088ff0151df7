package scenarios

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/execsim/execsim/executor"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

func bg() context.Context { return context.Background() }

// Cluster is a coordinator and its shards, built on an Env, with a client
// goroutine that executes submitted blocks one after another and checks
// every outcome. Its lifecycle methods check the properties as they go:
// a goroutine still running after a Shutdown returns is a leak, a
// Shutdown slower than its bound is a hang, a service that cannot start
// again on its address is a restart failure.
type Cluster struct {
	env        *Env
	mu         *sim.Mutex // guards Coord, which RestartCoordinator replaces under the client's feet
	Coord      *executor.RemoteExecutorClient
	Shards     []*executor.ExecutorService
	coordAddr  string
	shardAddrs []string
	coordDown  bool
	shardDown  []bool

	state   executor.State // committed by the blocks that succeeded
	queue   sim.Chan[*Ticket]
	client  sim.Chan[struct{}] // closed when the client goroutine returns
	tickets []*Ticket
	closed  bool
	ops     clusterOps // what the lifecycle operations keep (cluster_ops.go)

	// The executions every shard service reported, to find a block
	// executed twice by one service (a new service on the same address
	// starts a new ledger: it cannot know what its predecessor did).
	ledgerMu    *sim.Mutex
	executed    map[execution]bool // looked up, never ranged over
	incarnation int                // shard services built so far
}

type execution struct {
	incarnation int
	block       uint64
}

// Ticket is one submitted block and its outcome.
type Ticket struct {
	ID       int
	Txns     []executor.Txn
	done     sim.Chan[struct{}]
	outcomes int
	// Err is the block's outcome when it is not a result: ErrShutdown, a
	// deadline, a network error.
	Err error
}

// accounts is the size of the workload's account space: small, so that
// transactions conflict and cross shards.
const accounts = 6

// NewCluster builds (without starting) a coordinator and shards shard
// services on hosts "coordinator" and "shard-i".
func (e *Env) NewCluster(shards int) (*Cluster, error) {
	c := &Cluster{env: e, mu: e.RT.NewMutex(), state: executor.State{}, shardDown: make([]bool, shards), ledgerMu: e.RT.NewMutex(), executed: map[execution]bool{}}
	for i := range accounts {
		c.state["acct-"+strconv.Itoa(i)] = 100
	}
	var err error
	if c.coordAddr, err = e.Addr("coordinator"); err != nil {
		return nil, err
	}
	for i := range shards {
		a, err := e.Addr("shard-" + strconv.Itoa(i))
		if err != nil {
			return nil, err
		}
		c.shardAddrs = append(c.shardAddrs, a)
	}
	if c.Coord, err = c.newCoordinator(); err != nil {
		return nil, err
	}
	for i := range shards {
		s, err := c.newShard(i)
		if err != nil {
			return nil, err
		}
		c.Shards = append(c.Shards, s)
	}
	c.queue = sim.NewChan[*Ticket](e.RT, 64)
	c.client = sim.NewChan[struct{}](e.RT, 0)
	e.clusters = append(e.clusters, c)
	e.RT.Go("client", c.runClient)
	return c, nil
}

func (c *Cluster) newCoordinator() (*executor.RemoteExecutorClient, error) {
	tr, err := c.env.Transport("coordinator")
	if err != nil {
		return nil, err
	}
	return executor.NewRemoteExecutorClient(c.env.RT, tr, executor.CoordinatorConfig{SelfAddr: c.coordAddr, ShardAddrs: c.shardAddrs, Timeout: c.env.Timeout})
}

func (c *Cluster) newShard(i int) (*executor.ExecutorService, error) {
	tr, err := c.env.Transport("shard-" + strconv.Itoa(i))
	if err != nil {
		return nil, err
	}
	c.ledgerMu.Lock()
	c.incarnation++
	inc := c.incarnation
	c.ledgerMu.Unlock()
	observe := func(shard int, block uint64) {
		c.ledgerMu.Lock()
		twice := c.executed[execution{inc, block}]
		c.executed[execution{inc, block}] = true
		c.ledgerMu.Unlock()
		c.env.check(executedTwice(twice, shard, block))
	}
	return executor.NewExecutorService(c.env.RT, tr, executor.ServiceConfig{
		ShardID: i, NumShards: len(c.shardAddrs), SelfAddr: c.shardAddrs[i],
		CoordinatorAddr: c.coordAddr, ShardAddrs: c.shardAddrs, Timeout: c.env.Timeout,
	}, executor.WithDefect(c.env.defects...), executor.WithExecutionObserver(observe))
}

// StartCluster builds a cluster of shards shards and starts it.
func (e *Env) StartCluster(shards int) (*Cluster, error) {
	c, err := e.NewCluster(shards)
	if err != nil {
		return nil, err
	}
	return c, c.Start()
}

// ShutdownShards shuts every shard down, in an order drawn from the
// schedule.
func (c *Cluster) ShutdownShards() {
	for _, i := range drawOrder(c.env, len(c.Shards)) {
		if !c.shardDown[i] {
			c.ShutdownShard(i)
		}
	}
}

// Start starts the coordinator, then the shards. An error is the
// harness's: nothing has shut down yet, so every address is free.
func (c *Cluster) Start() error {
	if err := c.Coord.Start(); err != nil {
		return fmt.Errorf("scenarios: starting the coordinator: %w", err)
	}
	for i, s := range c.Shards {
		if err := s.Start(); err != nil {
			return fmt.Errorf("scenarios: starting shard %d: %w", i, err)
		}
	}
	return nil
}

// Submit draws a block of n transactions and queues it for the client.
func (c *Cluster) Submit(n int) *Ticket {
	t := &Ticket{ID: len(c.tickets), done: sim.NewChan[struct{}](c.env.RT, 0), Txns: c.drawTxns(n)}
	c.tickets = append(c.tickets, t)
	c.queue.Send(t)
	return t
}

// Await waits for t's outcome; none within d is a lost block.
func (c *Cluster) Await(t *Ticket, d time.Duration) {
	ctx, cancel := c.env.RT.WithTimeout(bg(), d)
	defer cancel()
	if sim.Select(c.env.RT, t.done.RecvCase(nil, nil), sim.DoneCase(ctx)) == 1 {
		c.env.Fail(Lost, "block %d got no outcome within %v", t.ID, d)
	}
}

// AwaitSuccess is Await for a block on a healthy cluster: it must also
// succeed (with the sequential result, which execute checks). A failure
// is no-recovery: the cluster did not come back from what went before.
func (c *Cluster) AwaitSuccess(t *Ticket, d time.Duration) {
	c.Await(t, d)
	c.env.check(notRecovered(t, "a healthy cluster"))
}

// blockDeadline bounds one block's execution: generous next to the
// controller timeout, so that reaching it means a hang.
func (c *Cluster) blockDeadline() time.Duration { return 4 * c.env.Timeout }

// runClient executes the queued blocks in order against the coordinator.
func (c *Cluster) runClient() {
	defer c.client.Close()
	for {
		t, ok := c.queue.Recv()
		if !ok {
			return
		}
		c.execute(t)
		t.outcomes++
		c.outcome(t)
		t.done.Close()
	}
}

func (c *Cluster) execute(t *Ticket) {
	want, wantState, err := executor.ExecuteSequential(c.state, t.Txns)
	if err != nil {
		t.Err = err
		c.env.Fail(Harness, "block %d: sequential execution: %v", t.ID, err)
		return
	}
	pb, err := executor.Partition(t.Txns, len(c.Shards))
	if err != nil {
		t.Err = err
		c.env.Fail(Harness, "block %d: partition: %v", t.ID, err)
		return
	}
	ctx, cancel := c.env.RT.WithTimeout(bg(), c.blockDeadline())
	defer cancel()
	c.mu.Lock()
	coord := c.Coord
	c.mu.Unlock()
	out, err := coord.ExecuteBlock(ctx, c.state.Clone(), pb)
	if err != nil {
		t.Err = err
		return
	}
	if f := wrongResult(t.ID, out.Ordered(), want); f != nil {
		c.env.check(f)
		return
	}
	c.state = wantState
}

// ShutdownShard shuts shard i down and checks that it stopped.
func (c *Cluster) ShutdownShard(i int) {
	c.checkShutdown("shard "+strconv.Itoa(i), c.Shards[i])
	c.shardDown[i] = true
}

// ShutdownCoordinator shuts the coordinator down.
func (c *Cluster) ShutdownCoordinator() {
	start := c.env.RT.Now()
	c.mu.Lock()
	coord := c.Coord
	c.mu.Unlock()
	coord.Shutdown()
	c.coordDown = true
	if f := notJoined("coordinator", coord.Joined()); f != nil {
		c.env.check(f)
	} else {
		c.env.check(messagesUnaccounted("the coordinator", coord.Controller().Stats()))
	}
	c.env.check(shutdownTooSlow("coordinator", c.env.RT.Now().Sub(start), c.shutdownBound()))
}

// shutdownBound is how long a Shutdown may take: each of its steps is
// bounded by the timeout.
func (c *Cluster) shutdownBound() time.Duration { return 3 * c.env.Timeout }

func (c *Cluster) checkShutdown(what string, s *executor.ExecutorService) {
	start := c.env.RT.Now()
	err := s.Shutdown()
	took := c.env.RT.Now().Sub(start)
	if f := notJoined(what, s.Joined()); f != nil {
		c.env.check(f)
	} else if err != nil {
		c.env.Fail(Hang, "%s: shutdown: %v", what, err)
	} else if f := commandsUnaccounted(what, s.LoopStats()); f != nil {
		c.env.check(f)
	} else {
		c.env.check(messagesUnaccounted(what, s.Controller().Stats()))
	}
	c.env.check(shutdownTooSlow(what, took, c.shutdownBound()))
}

// RestartShard replaces shard i, which must be shut down, by a new service
// on the same address, and starts it. Failing to start is a restart
// failure; an address still held (a crashed host's port) is retried for
// up to the timeout.
func (c *Cluster) RestartShard(i int) bool {
	if !c.shardDown[i] {
		c.ShutdownShard(i)
	}
	s, err := c.newShard(i)
	if err != nil {
		c.env.Fail(Harness, "rebuilding shard %d: %v", i, err)
		return false
	}
	err = c.startOnHeldAddress(s.Start)
	c.Shards[i] = s
	if err != nil {
		c.env.Fail(Restart, "shard %d cannot start again on %s: %v", i, c.shardAddrs[i], err)
		return false
	}
	c.shardDown[i] = false
	return true
}

// startOnHeldAddress starts a service on an address that a crashed
// host's old socket may still hold: ErrAddrInUse is retried for up to the
// timeout, any other error returned at once.
func (c *Cluster) startOnHeldAddress(start func() error) error {
	deadline := c.env.RT.Now().Add(c.env.Timeout)
	for {
		err := start()
		if err == nil || !errors.Is(err, transport.ErrAddrInUse) || c.env.RT.Now().After(deadline) {
			return err
		}
		c.env.Sleep(c.env.Timeout / 10)
	}
}

// RestartCoordinator shuts the coordinator down (if it is up) and starts
// a new one on the same address; the blocks submitted from then on go to
// the new one. Failing to start is a restart failure.
func (c *Cluster) RestartCoordinator() bool {
	if !c.coordDown {
		c.ShutdownCoordinator()
	}
	coord, err := c.newCoordinator()
	if err != nil {
		c.env.Fail(Harness, "rebuilding the coordinator: %v", err)
		return false
	}
	err = c.startOnHeldAddress(coord.Start)
	if err != nil {
		c.env.Fail(Restart, "the coordinator cannot start again on %s: %v", c.coordAddr, err)
		return false
	}
	c.mu.Lock()
	c.Coord = coord
	c.mu.Unlock()
	c.coordDown = false
	return true
}

// Close runs the liveness phase (see liveness), then shuts down whatever
// is still running (shards first), stops the client, and checks that every
// submitted block got exactly one outcome. It is idempotent.
func (c *Cluster) Close() {
	if c.closed {
		return
	}
	c.liveness()
	c.closed = true
	c.closeLocal()
	for i, s := range c.Shards {
		if !c.shardDown[i] {
			c.checkShutdown("shard "+strconv.Itoa(i), s)
			c.shardDown[i] = true
		}
	}
	if !c.coordDown {
		c.ShutdownCoordinator()
	}
	c.queue.Close()
	ctx, cancel := c.env.RT.WithTimeout(bg(), 2*c.blockDeadline())
	defer cancel()
	if sim.Select(c.env.RT, c.client.RecvCase(nil, nil), sim.DoneCase(ctx)) == 1 {
		c.env.Fail(Hang, "the client is still executing a block %v after shutdown", 2*c.blockDeadline())
		return
	}
	for _, t := range c.tickets {
		c.env.check(outcomesNotOne(t))
	}
}

// reap releases what a defect left running, after the properties have
// been checked: on the real engine the process itself must stay clean.
func (c *Cluster) reap() {
	for _, s := range c.Shards {
		ctx, cancel := c.env.RT.WithTimeout(bg(), c.env.Timeout)
		s.Reap(ctx)
		cancel()
	}
}
