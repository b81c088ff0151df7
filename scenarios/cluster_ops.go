package scenarios

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"time"

	"github.com/execsim/execsim/executor"
	"github.com/execsim/execsim/fakenet"
	"github.com/execsim/execsim/transport"
)

// clusterOps is what the lifecycle operations (ops.go) keep on a Cluster
// beyond what its own methods track.
type clusterOps struct {
	// stale marks a host that crashed while its service ran: the service
	// still runs, but listens no more until it is restarted. Looked up,
	// never ranged over.
	stale       map[string]bool
	partitioned bool // a partition was made and not healed since

	local       *executor.LocalExecutorClient // made by the first local-execute
	localClosed bool
	localBlocks int

	burstTr   transport.Transport // the burst op's own host
	onOutcome func(*Ticket)
}

// Ticket accessors for harnesses outside the package (the rapid model).

// Outcomes is how many outcomes the block has had so far: 1 once it is
// done, ever more is a lost-block failure.
func (t *Ticket) Outcomes() int { return t.outcomes }

// Tickets returns the blocks submitted so far, in submission order.
func (c *Cluster) Tickets() []*Ticket { return append([]*Ticket(nil), c.tickets...) }

// OnOutcome makes f run in the client goroutine after every block's
// outcome, before Await sees it: how a model checks each outcome against
// what it expected when the block was submitted.
func (c *Cluster) OnOutcome(f func(*Ticket)) { c.ops.onOutcome = f }

func (c *Cluster) outcome(t *Ticket) {
	if c.ops.onOutcome != nil {
		c.ops.onOutcome(t)
	}
}

// CoordinatorUp and ShardUp say whether the coordinator and shard i are
// started and not shut down since.
func (c *Cluster) CoordinatorUp() bool { return !c.coordDown }
func (c *Cluster) ShardUp(i int) bool  { return !c.shardDown[i] }

// Healthy says that every service runs and listens, every host is up and
// no partition stands: a block submitted now, and left alone, must
// succeed.
func (c *Cluster) Healthy() bool {
	if c.coordDown || c.ops.partitioned {
		return false
	}
	for _, down := range c.shardDown {
		if down {
			return false
		}
	}
	for _, h := range c.hosts() {
		if c.ops.stale[h] || (c.env.Net != nil && !c.env.Net.Up(h)) {
			return false
		}
	}
	return true
}

// hosts are the cluster's hosts: the coordinator, then the shards.
func (c *Cluster) hosts() []string {
	hosts := []string{"coordinator"}
	for i := range c.Shards {
		hosts = append(hosts, "shard-"+strconv.Itoa(i))
	}
	return hosts
}

// pickHost draws one of the hosts that are up (or down): "" if none.
func (c *Cluster) pickHost(up bool) string {
	var cands []string
	for _, h := range c.hosts() {
		if c.env.Net.Up(h) == up {
			cands = append(cands, h)
		}
	}
	if len(cands) == 0 {
		return ""
	}
	return cands[c.env.Choose("host", len(cands))]
}

// hostUp is true on the real engine, which has no crashes.
func (c *Cluster) hostUp(h string) bool { return c.env.Net == nil || c.env.Net.Up(h) }

// callers draws how many goroutines make a call at once: one or two.
func (c *Cluster) callers() int { return 1 + c.env.Choose("callers", 2) }

// concurrently runs f from n goroutines at once (n == 1: in this one)
// and returns when all have returned.
func (c *Cluster) concurrently(name string, n int, f func()) {
	if n == 1 {
		f()
		return
	}
	wg := c.env.RT.NewWaitGroup()
	for k := range n {
		wg.Go(name+"-"+strconv.Itoa(k), f)
	}
	wg.Wait()
}

func calls(n int) string {
	if n == 1 {
		return ""
	}
	return fmt.Sprintf(" (%d callers at once)", n)
}

// drawTxns draws a block of n transactions over the accounts.
func (c *Cluster) drawTxns(n int) []executor.Txn {
	var txns []executor.Txn
	acct := func() string { return "acct-" + strconv.Itoa(c.env.Choose("account", accounts)) }
	for range n {
		if c.env.Choose("read-only", 4) == 0 {
			txns = append(txns, executor.Txn{Kind: executor.Read, From: acct()})
			continue
		}
		txns = append(txns, executor.Txn{Kind: executor.Transfer, From: acct(), To: acct(), Amount: uint64(c.env.Choose("amount", 60))})
	}
	return txns
}

func (c *Cluster) opAdvanceTime() string {
	d := time.Duration(c.env.Choose("wait", 10)) * time.Millisecond
	c.env.Sleep(d)
	return "advance-time " + d.String()
}

func (c *Cluster) opSubmit() string {
	t := c.Submit(1 + c.env.Choose("txns", 5))
	return fmt.Sprintf("submit block %d, %d txn(s)", t.ID, len(t.Txns))
}

// opAwait waits for one of the blocks still without an outcome. The
// client executes blocks one after another, each within blockDeadline,
// so the bound grows with the blocks ahead of it.
func (c *Cluster) opAwait() string {
	var pending []*Ticket
	for _, t := range c.tickets {
		if _, _, ready := t.done.TryRecv(); !ready {
			pending = append(pending, t)
		}
	}
	if len(pending) == 0 {
		return ""
	}
	k := c.env.Choose("ticket", len(pending))
	t := pending[k]
	c.Await(t, time.Duration(k+1)*c.blockDeadline()+c.env.Timeout)
	return fmt.Sprintf("await block %d", t.ID)
}

// opBurst sends a shard more messages at once than its channel holds,
// from a host of its own: state-value responses that decode to nothing,
// which the shard's receiver must drop while its inbound handler waits
// for room (executor/doc.go, "Channels are bounded"). The burst must
// cost a block in flight nothing but time. remote_kv_response_{shard} is
// the wire protocol's name for the shard's state-value channel.
func (c *Cluster) opBurst() string {
	if c.env.Net == nil {
		return ""
	}
	if c.ops.burstTr == nil {
		tr, err := c.env.Transport("burst")
		if err != nil {
			c.env.Fail(Harness, "the burst host: %v", err)
			return ""
		}
		c.ops.burstTr = tr
	}
	i := c.env.Choose("shard", len(c.Shards))
	// One fixed latency: the whole burst lands at one instant, so that a
	// schedule that favours the shard's inbound handler over its receiver
	// (PCT's priorities) fills the channel.
	if err := c.env.Net.SetLink("burst", "shard-"+strconv.Itoa(i), fakenet.LinkConfig{LatencyMin: time.Millisecond}); err != nil {
		c.env.Fail(Harness, "the burst link: %v", err)
		return ""
	}
	n := executor.ChannelCapacity + 1 + c.env.Choose("burst", 16)
	tr, addr := c.ops.burstTr, c.shardAddrs[i]
	msg := transport.Message{Type: "remote_kv_response_" + strconv.Itoa(i), Data: []byte("burst")}
	c.env.Go("burst", func() {
		ctx, cancel := c.env.RT.WithTimeout(bg(), c.env.Timeout)
		defer cancel()
		for range n {
			_ = tr.Send(ctx, addr, msg) // a shard down or cut off refuses or loses it: both fine
		}
	})
	return fmt.Sprintf("burst %d messages to shard %d", n, i)
}

func (c *Cluster) opCrash() string {
	if c.env.Net == nil {
		return ""
	}
	h := c.pickHost(true)
	if h == "" {
		return ""
	}
	if err := c.env.Net.Crash(h); err != nil {
		c.env.Fail(Harness, "crashing %s: %v", h, err)
		return ""
	}
	if c.ops.stale == nil {
		c.ops.stale = map[string]bool{}
	}
	c.ops.stale[h] = true
	return "crash " + h
}

func (c *Cluster) opRestartHost() string {
	if c.env.Net == nil {
		return ""
	}
	h := c.pickHost(false)
	if h == "" {
		return ""
	}
	if err := c.env.Net.Restart(h); err != nil {
		c.env.Fail(Harness, "restarting host %s: %v", h, err)
		return ""
	}
	return "restart-host " + h
}

func (c *Cluster) opPartition() string {
	if c.env.Net == nil {
		return ""
	}
	hosts := c.hosts()
	a, b := hosts[c.env.Choose("from", len(hosts))], hosts[c.env.Choose("to", len(hosts))]
	if a == b {
		return ""
	}
	if err := c.env.Net.PartitionOneWay(a, b); err != nil {
		c.env.Fail(Harness, "partitioning %s->%s: %v", a, b, err)
		return ""
	}
	c.ops.partitioned = true
	return "partition " + a + "->" + b
}

func (c *Cluster) opHeal() string {
	if c.env.Net == nil || !c.ops.partitioned {
		return ""
	}
	c.env.Net.HealAll()
	c.ops.partitioned = false
	return "heal"
}

func (c *Cluster) opRestartShard() string {
	i := c.env.Choose("shard", len(c.Shards))
	h := "shard-" + strconv.Itoa(i)
	if !c.hostUp(h) {
		return ""
	}
	if c.RestartShard(i) {
		delete(c.ops.stale, h)
	}
	return "restart-shard " + strconv.Itoa(i)
}

func (c *Cluster) opRestartCoordinator() string {
	if !c.hostUp("coordinator") {
		return ""
	}
	if c.RestartCoordinator() {
		delete(c.ops.stale, "coordinator")
	}
	return "restart-coordinator"
}

// opShutdownShard shuts a shard down from one or two goroutines at once;
// the shard may be down already (Shutdown is idempotent).
func (c *Cluster) opShutdownShard() string {
	i := c.env.Choose("shard", len(c.Shards))
	n := c.callers()
	s := c.Shards[i]
	c.concurrently("shutdown-shard", n, func() { c.checkShutdown("shard "+strconv.Itoa(i), s) })
	c.shardDown[i] = true
	return "shutdown-shard " + strconv.Itoa(i) + calls(n)
}

// opShutdownCoordinator shuts the coordinator down from one or two
// goroutines at once, up or not.
func (c *Cluster) opShutdownCoordinator() string {
	n := c.callers()
	c.concurrently("shutdown-coordinator", n, c.ShutdownCoordinator)
	return "shutdown-coordinator" + calls(n)
}

// opStartAfterShutdown calls Start on a service that was shut down: it
// must fail with ErrShutdown, and start nothing.
func (c *Cluster) opStartAfterShutdown() string {
	var cands []int // -1 is the coordinator
	if c.coordDown {
		cands = append(cands, -1)
	}
	for i, down := range c.shardDown {
		if down {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return ""
	}
	i := cands[c.env.Choose("service", len(cands))]
	what, start, stop := "the coordinator", c.Coord.Start, func() { c.Coord.Shutdown() }
	if i >= 0 {
		s := c.Shards[i]
		what, start, stop = "shard "+strconv.Itoa(i), s.Start, func() { c.checkShutdown("shard "+strconv.Itoa(i), s) }
	}
	if err := start(); !errors.Is(err, executor.ErrShutdown) {
		c.env.Fail(Restart, "%s: Start after Shutdown returned %v, want an error wrapping ErrShutdown", what, err)
		if err == nil {
			stop()
		}
	}
	return "start-after-shutdown " + what
}

// opStartRacingShutdown makes a new service for a shard that is down and
// calls its Start and its Shutdown from two goroutines at once. Either
// order is legal: Start then Shutdown stops it, Shutdown then Start fails
// with ErrShutdown. Either way the shard ends down, with nothing running
// and its address free again.
func (c *Cluster) opStartRacingShutdown() string {
	var cands []int
	for i, down := range c.shardDown {
		if down && c.hostUp("shard-"+strconv.Itoa(i)) {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return ""
	}
	i := cands[c.env.Choose("shard", len(cands))]
	s, err := c.newShard(i)
	if err != nil {
		c.env.Fail(Harness, "rebuilding shard %d: %v", i, err)
		return ""
	}
	c.Shards[i] = s
	var startErr error
	wg := c.env.RT.NewWaitGroup()
	wg.Go("start", func() { startErr = c.startOnHeldAddress(s.Start) })
	wg.Go("shutdown", func() { c.checkShutdown("shard "+strconv.Itoa(i)+" (racing Start)", s) })
	wg.Wait()
	if startErr != nil && !errors.Is(startErr, executor.ErrShutdown) {
		c.env.Fail(Restart, "shard %d: Start racing Shutdown returned %v, want nil or an error wrapping ErrShutdown", i, startErr)
	} else if err := s.Joined(); err != nil {
		c.env.check(notJoined("shard "+strconv.Itoa(i)+" (Start racing Shutdown)", err))
	}
	return "start-racing-shutdown " + strconv.Itoa(i)
}

// opLocalExecute executes a block on the cluster's local client (made by
// the first call, shards in process) from a goroutine of its own, so that
// it can race local-close: its outcome is the sequential result or, once
// the client is closing, ErrShutdown.
func (c *Cluster) opLocalExecute() string {
	if c.ops.local == nil {
		l, err := executor.NewLocalExecutorClient(c.env.RT, len(c.Shards))
		if err != nil {
			c.env.Fail(Harness, "the local client: %v", err)
			return ""
		}
		c.ops.local = l
	}
	id := c.ops.localBlocks
	c.ops.localBlocks++
	txns := c.drawTxns(1 + c.env.Choose("txns", 5))
	view := executor.State{}
	for i := range accounts {
		view["acct-"+strconv.Itoa(i)] = 100
	}
	l := c.ops.local
	c.env.Go("local-block", func() {
		want, _, err := executor.ExecuteSequential(view, txns)
		if err != nil {
			c.env.Fail(Harness, "local block %d: sequential execution: %v", id, err)
			return
		}
		pb, err := executor.Partition(txns, l.NumShards())
		if err != nil {
			c.env.Fail(Harness, "local block %d: partition: %v", id, err)
			return
		}
		ctx, cancel := c.env.RT.WithTimeout(bg(), c.blockDeadline())
		defer cancel()
		out, err := l.ExecuteBlock(ctx, view.Clone(), pb)
		switch {
		case err == nil:
			if got := out.Ordered(); !reflect.DeepEqual(got, want) {
				c.env.Fail(WrongResult, "local block %d: outputs %v, sequential %v", id, got, want)
			}
		case errors.Is(err, executor.ErrShutdown) && c.ops.localClosed:
		case errors.Is(err, context.DeadlineExceeded):
			c.env.Fail(Hang, "local block %d: no outcome within %v", id, c.blockDeadline())
		default:
			c.env.Fail(WrongResult, "local block %d: %v (local client closed: %v)", id, err, c.ops.localClosed)
		}
	})
	return fmt.Sprintf("local-execute block %d, %d txn(s)", id, len(txns))
}

// opLocalClose closes the local client from one or two goroutines at
// once, again if it is closed already (Close is idempotent).
func (c *Cluster) opLocalClose() string {
	if c.ops.local == nil {
		return ""
	}
	n := c.callers()
	c.closeLocalBy(n)
	return "local-close" + calls(n)
}

func (c *Cluster) closeLocalBy(n int) {
	l := c.ops.local
	c.ops.localClosed = true // before Close: a block it cuts short may then say ErrShutdown
	c.concurrently("local-close", n, func() {
		start := c.env.RT.Now()
		l.Close()
		if took := c.env.RT.Now().Sub(start); took > c.shutdownBound() {
			c.env.Fail(Hang, "local client: Close took %v, bound %v", took, c.shutdownBound())
		}
	})
}

// closeLocal closes the local client if one is open: part of Close.
func (c *Cluster) closeLocal() {
	if c.ops.local != nil && !c.ops.localClosed {
		c.closeLocalBy(1)
	}
}
