package fuzz

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/execsim/execsim/executor"
	"github.com/execsim/execsim/fakenet"
	"github.com/execsim/execsim/sim"
)

// The lifecycle model: a rapid state machine over a coordinator and its
// shards on a fakenet network, run inside one world.
//
// Why not rapid's own T.Repeat: it runs actions in the goroutine that
// calls it, and a rapid failure inside an action unwinds through rapid's
// bookkeeping (open draw groups). Inside a world that goroutine is a
// coroutine the world may end at any step (a panic elsewhere, a leak), so
// the model draws its actions itself, through the world's chooser
// (Runtime.Choose, which simrapid.NewChooser turns into rapid draws): every
// draw, action or schedule, is one rapid value, rapid sees its data
// overrun in the test goroutine (sim.Run re-raises a chooser's panic), and
// rapid shrinks operations and interleaving together. Violations are
// collected, never raised inside the world; the property reports them
// after sim.Run returns.

// modelActions are the state machine's actions, sorted so no map order decides a draw,
// answer 0 first: shrinking towards 0 turns actions into short waits.
var modelActions = [...]string{
	"advance-time",
	"crash",
	"heal",
	"partition",
	"restart-host",
	"shutdown-coordinator",
	"shutdown-shard",
	"start-coordinator",
	"start-shard",
	"submit",
}

// modelTimeout is every service's controller timeout.
const modelTimeout = time.Second

// modelAccounts is the size of the workload's account space: small, so
// that transactions conflict and cross shards.
const modelAccounts = 6

// violation is one expectation of the model that did not hold. Its kind
// is a scenarios.Kind name (leak, panic, hang, lost, wrong-result,
// restart) or "unavailable": a block that met a healthy cluster and was
// left alone did not succeed.
type violation struct {
	kind string
	msg  string
}

// modelRun is the outcome of one run of the model.
type modelRun struct {
	violations []violation
	actions    []string // the effective actions, in order
	result     *sim.Result
}

func (r *modelRun) failed() bool { return len(r.violations) > 0 }

// size is the counterexample's size: effective actions, decisions, and
// non-zero answers (preemptions and unusual draws).
func (r *modelRun) size() (actions, decisions, nonZero int) {
	ch := r.result.Schedule()
	for _, c := range ch {
		if c.Pick != 0 {
			nonZero++
		}
	}
	return len(r.actions), len(ch), nonZero
}

func (r *modelRun) String() string {
	var b strings.Builder
	a, d, nz := r.size()
	fmt.Fprintf(&b, "%d action(s): %s\n", a, strings.Join(r.actions, ", "))
	fmt.Fprintf(&b, "%d decision(s), %d non-zero\n", d, nz)
	for _, v := range r.violations {
		fmt.Fprintf(&b, "%s: %s\n", v.kind, v.msg)
	}
	return strings.TrimRight(b.String(), "\n")
}

// modelOptions are the model's switches.
type modelOptions struct {
	defects []string
}

// runModel runs the model once with chooser making every decision.
func runModel(chooser sim.Chooser, opts modelOptions) *modelRun {
	r := &modelRun{}
	var m *model
	r.result = sim.Run(sim.Options{Chooser: chooser, StepsMax: 200_000}, func(w sim.Runtime) {
		var err error
		m, err = newModel(w, opts)
		if err != nil {
			r.violations = append(r.violations, violation{"harness", err.Error()})
			return
		}
		m.run()
	})
	if m != nil {
		r.violations = append(r.violations, m.violations...)
		r.actions = m.done
	}
	if f := r.result.Failure; f != nil && f.Kind != sim.KindChooser {
		r.violations = append(r.violations, violation{worldKind(f.Kind), f.Error()})
	}
	return r
}

// worldKind maps a world's failure to the property it breaks, as
// scenarios does.
func worldKind(k sim.Kind) string {
	switch k {
	case sim.KindLeak:
		return "leak"
	case sim.KindPanic:
		return "panic"
	case sim.KindDeadlock, sim.KindSteps, sim.KindTime, sim.KindBlocked:
		return "hang"
	}
	return "harness"
}

// model is the system and what the model expects of it.
type model struct {
	w    sim.Runtime
	net  *fakenet.Network
	opts modelOptions

	hosts      []string // "coordinator", "shard-0", ...
	coordAddr  string
	shardAddrs []string
	coord      *executor.RemoteExecutorClient
	coordUp    bool
	shards     []*executor.ExecutorService
	shardUp    []bool
	// stale marks a host whose service has not listened since the host
	// crashed: the service runs, but nothing reaches it.
	stale       map[string]bool
	partitioned bool

	state   executor.State // committed by the blocks that succeeded
	queue   sim.Chan[*ticket]
	client  sim.Chan[struct{}] // closed when the client goroutine returns
	tickets []*ticket
	// epoch counts the actions that may disturb a block in flight: a
	// ticket whose epoch is unchanged at its outcome was left alone.
	epoch int

	done       []string
	violations []violation
}

// ticket is one submitted block and what the model expects of it.
type ticket struct {
	id       int
	txns     []executor.Txn
	healthy  bool // the cluster was healthy when it was submitted
	epoch    int
	outcomes int
	err      error
}

func newModel(w sim.Runtime, opts modelOptions) (*model, error) {
	n, err := fakenet.New(w, fakenet.Config{LinkConfig: fakenet.LinkConfig{LatencyMin: 100 * time.Microsecond, LatencyMax: 2 * time.Millisecond}})
	if err != nil {
		return nil, err
	}
	m := &model{w: w, net: n, opts: opts, stale: map[string]bool{}, state: executor.State{}}
	for i := range modelAccounts {
		m.state["acct-"+strconv.Itoa(i)] = 100
	}
	shards := 1 + w.Choose("shards", 3)
	m.hosts = []string{"coordinator"}
	m.coordAddr = "coordinator:7000"
	for i := range shards {
		h := "shard-" + strconv.Itoa(i)
		m.hosts = append(m.hosts, h)
		m.shardAddrs = append(m.shardAddrs, h+":7000")
	}
	m.shards = make([]*executor.ExecutorService, shards)
	m.shardUp = make([]bool, shards)
	m.queue = sim.NewChan[*ticket](w, 64)
	m.client = sim.NewChan[struct{}](w, 0)
	if !m.startCoordinator() {
		return m, nil
	}
	for i := range shards {
		if !m.startShard(i) {
			return m, nil
		}
	}
	w.Go("client", m.runClient)
	return m, nil
}

func (m *model) fail(kind, format string, args ...any) {
	m.violations = append(m.violations, violation{kind, fmt.Sprintf(format, args...)})
}

// run draws and applies the actions, then shuts everything down and
// checks what is left.
func (m *model) run() {
	if len(m.violations) > 0 {
		m.net.Close()
		return
	}
	steps := 1 + m.w.Choose("actions", 24)
	for range steps {
		if len(m.violations) > 0 {
			break
		}
		m.step(modelActions[m.w.Choose("action", len(modelActions))])
		m.check()
	}
	m.finish()
	m.net.Close()
}

// healthy: every service up and listening, every host up, no partition.
func (m *model) healthy() bool {
	if !m.coordUp || m.partitioned {
		return false
	}
	for i, up := range m.shardUp {
		if !up || m.stale["shard-"+strconv.Itoa(i)] {
			return false
		}
	}
	for _, h := range m.hosts {
		if !m.net.Up(h) || m.stale[h] {
			return false
		}
	}
	return true
}

// pick draws one of the candidates, or reports there is none.
func (m *model) pick(label string, cands []int) (int, bool) {
	if len(cands) == 0 {
		return 0, false
	}
	return cands[m.w.Choose(label, len(cands))], true
}

// step applies one action if it applies in the current state; an action
// that does not (start a shard that runs) does nothing and is not
// counted.
func (m *model) step(action string) {
	did := ""
	switch action {
	case "advance-time":
		d := time.Duration(m.w.Choose("wait", 10)) * 10 * time.Millisecond
		m.w.Sleep(d)
		did = fmt.Sprintf("advance-time %v", d)
	case "crash":
		var up []int
		for i, h := range m.hosts {
			if m.net.Up(h) {
				up = append(up, i)
			}
		}
		if i, ok := m.pick("host", up); ok {
			m.epoch++
			m.net.Crash(m.hosts[i])
			m.stale[m.hosts[i]] = true
			did = "crash " + m.hosts[i]
		}
	case "heal":
		if m.partitioned {
			m.epoch++
			m.net.HealAll()
			m.partitioned = false
			did = "heal"
		}
	case "partition":
		a := m.w.Choose("from", len(m.hosts))
		b := m.w.Choose("to", len(m.hosts))
		if a != b {
			m.epoch++
			m.net.PartitionOneWay(m.hosts[a], m.hosts[b])
			m.partitioned = true
			did = "partition " + m.hosts[a] + "->" + m.hosts[b]
		}
	case "restart-host":
		var down []int
		for i, h := range m.hosts {
			if !m.net.Up(h) {
				down = append(down, i)
			}
		}
		if i, ok := m.pick("host", down); ok {
			m.epoch++
			m.net.Restart(m.hosts[i])
			did = "restart-host " + m.hosts[i]
		}
	case "shutdown-coordinator":
		if m.coordUp {
			m.epoch++
			m.shutdownCoordinator()
			did = "shutdown-coordinator"
		}
	case "shutdown-shard":
		var up []int
		for i, u := range m.shardUp {
			if u {
				up = append(up, i)
			}
		}
		if i, ok := m.pick("shard", up); ok {
			m.epoch++
			m.shutdownShard(i)
			did = "shutdown-shard " + strconv.Itoa(i)
		}
	case "start-coordinator":
		if !m.coordUp && m.net.Up("coordinator") {
			m.epoch++
			m.startCoordinator()
			did = "start-coordinator"
		}
	case "start-shard":
		var down []int
		for i, u := range m.shardUp {
			if !u && m.net.Up("shard-"+strconv.Itoa(i)) {
				down = append(down, i)
			}
		}
		if i, ok := m.pick("shard", down); ok {
			m.epoch++
			m.startShard(i)
			did = "start-shard " + strconv.Itoa(i)
		}
	case "submit":
		t := m.submit(1 + m.w.Choose("txns", 5))
		did = fmt.Sprintf("submit %d txn(s)", len(t.txns))
		if t.healthy {
			did += " (healthy)"
		}
	}
	if did != "" {
		m.done = append(m.done, did)
	}
}

// check is the state machine's invariant, after every action: a shard
// that is shut down runs nothing, and no block has two outcomes.
func (m *model) check() {
	for i, s := range m.shards {
		if !m.shardUp[i] && s != nil && s.Running() > 0 {
			m.fail("leak", "shard %d is shut down but runs %d goroutine(s)", i, s.Running())
		}
	}
	for _, t := range m.tickets {
		if t.outcomes > 1 {
			m.fail("lost", "block %d got %d outcomes", t.id, t.outcomes)
		}
	}
}

// shutdownBound is how long a Shutdown may take: each of its steps is
// bounded by the timeout.
const shutdownBound = 3 * modelTimeout

func (m *model) shutdownShard(i int) {
	start := m.w.Now()
	err := m.shards[i].Shutdown()
	took := m.w.Now().Sub(start)
	m.shardUp[i] = false
	if n := m.shards[i].Running(); n > 0 {
		m.fail("leak", "shard %d: %d goroutine(s) still running after Shutdown returned", i, n)
	} else if err != nil {
		m.fail("hang", "shard %d: shutdown: %v", i, err)
	}
	if took > shutdownBound {
		m.fail("hang", "shard %d: shutdown took %v, bound %v", i, took, shutdownBound)
	}
}

func (m *model) shutdownCoordinator() {
	start := m.w.Now()
	m.coord.Shutdown()
	m.coordUp = false
	if took := m.w.Now().Sub(start); took > shutdownBound {
		m.fail("hang", "coordinator: shutdown took %v, bound %v", took, shutdownBound)
	}
}

// listen starts a service on host, retrying while a crashed host still
// holds the port, for up to the timeout. Failing is a restart violation:
// the host is up and the previous service is shut down.
func (m *model) listen(host string, start func() error) bool {
	deadline := m.w.Now().Add(modelTimeout)
	for {
		err := start()
		if err == nil {
			delete(m.stale, host)
			return true
		}
		if !errors.Is(err, executor.ErrAddrInUse) || m.w.Now().After(deadline) {
			m.fail("restart", "%s cannot start: %v", host, err)
			return false
		}
		m.w.Sleep(modelTimeout / 10)
	}
}

func (m *model) startCoordinator() bool {
	tr, err := m.net.Host("coordinator")
	if err != nil {
		m.fail("harness", "%v", err)
		return false
	}
	c, err := executor.NewRemoteExecutorClient(m.w, tr, executor.CoordinatorConfig{SelfAddr: m.coordAddr, ShardAddrs: m.shardAddrs, Timeout: modelTimeout})
	if err != nil {
		m.fail("harness", "%v", err)
		return false
	}
	if !m.listen("coordinator", c.Start) {
		return false
	}
	m.coord, m.coordUp = c, true
	return true
}

func (m *model) startShard(i int) bool {
	host := "shard-" + strconv.Itoa(i)
	tr, err := m.net.Host(host)
	if err != nil {
		m.fail("harness", "%v", err)
		return false
	}
	s, err := executor.NewExecutorService(m.w, tr, executor.ServiceConfig{
		ShardID: i, NumShards: len(m.shardAddrs), SelfAddr: m.shardAddrs[i],
		CoordinatorAddr: m.coordAddr, ShardAddrs: m.shardAddrs, Timeout: modelTimeout,
	}, executor.WithDefect(m.opts.defects...))
	if err != nil {
		m.fail("harness", "%v", err)
		return false
	}
	m.shards[i] = s
	if !m.listen(host, s.Start) {
		return false
	}
	m.shardUp[i] = true
	return true
}

// submit draws a block of n transactions and queues it for the client.
func (m *model) submit(n int) *ticket {
	t := &ticket{id: len(m.tickets), healthy: m.healthy(), epoch: m.epoch}
	acct := func() string { return "acct-" + strconv.Itoa(m.w.Choose("account", modelAccounts)) }
	for range n {
		if m.w.Choose("read-only", 4) == 0 {
			t.txns = append(t.txns, executor.Txn{Kind: executor.Read, From: acct()})
			continue
		}
		t.txns = append(t.txns, executor.Txn{Kind: executor.Transfer, From: acct(), To: acct(), Amount: uint64(m.w.Choose("amount", 60))})
	}
	m.tickets = append(m.tickets, t)
	m.queue.Send(t)
	return t
}

// blockDeadline bounds one block: generous next to the timeout, so that
// reaching it means a hang.
const blockDeadline = 4 * modelTimeout

// runClient executes the queued blocks one after another against the
// coordinator of the moment and checks each outcome against the model.
func (m *model) runClient() {
	defer m.client.Close()
	for {
		t, ok := m.queue.Recv()
		if !ok {
			return
		}
		m.execute(t)
		t.outcomes++
		if t.err != nil && t.healthy && t.epoch == m.epoch {
			m.fail("unavailable", "block %d was submitted to a healthy cluster and left alone, but failed: %v", t.id, t.err)
		}
	}
}

func (m *model) execute(t *ticket) {
	want, wantState, err := executor.ExecuteSequential(m.state, t.txns)
	if err != nil {
		t.err = err
		m.fail("harness", "block %d: sequential execution: %v", t.id, err)
		return
	}
	pb, err := executor.Partition(t.txns, len(m.shards))
	if err != nil {
		t.err = err
		m.fail("harness", "block %d: partition: %v", t.id, err)
		return
	}
	ctx, cancel := m.w.WithTimeout(context.Background(), blockDeadline)
	defer cancel()
	out, err := m.coord.ExecuteBlock(ctx, m.state.Clone(), pb)
	if err != nil {
		t.err = err
		return
	}
	if got := out.Ordered(); !reflect.DeepEqual(got, want) {
		m.fail("wrong-result", "block %d: sharded outputs %v, sequential %v", t.id, got, want)
		return
	}
	m.state = wantState
}

// finish shuts down whatever runs, stops the client, and checks that
// every block got exactly one outcome.
func (m *model) finish() {
	m.epoch++ // the shutdowns below disturb whatever is in flight
	m.net.HealAll()
	for i, up := range m.shardUp {
		if up {
			m.shutdownShard(i)
		}
	}
	if m.coordUp {
		m.shutdownCoordinator()
	}
	m.queue.Close()
	ctx, cancel := m.w.WithTimeout(context.Background(), 2*blockDeadline)
	defer cancel()
	if m.w.Select(m.client.RecvCase(nil, nil), sim.DoneCase(ctx)) == 1 {
		m.fail("hang", "the client is still executing a block %v after shutdown", 2*blockDeadline)
		return
	}
	for _, t := range m.tickets {
		if t.outcomes != 1 {
			m.fail("lost", "block %d got %d outcomes, want exactly 1", t.id, t.outcomes)
		}
	}
}
