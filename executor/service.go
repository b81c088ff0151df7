package executor

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// ServiceConfig configures a remote shard, ExecutorService.
type ServiceConfig struct {
	ShardID   int
	NumShards int // 1..MaxShards
	// SelfAddr is where the shard listens.
	SelfAddr string
	// CoordinatorAddr is where results and state-value requests go.
	CoordinatorAddr string
	// ShardAddrs is every shard's address by shard id, for cross-shard
	// messages; it may be empty with one shard.
	ShardAddrs []string
	// Timeout is the controller's timeout (DefaultTimeout if zero): it
	// bounds each send and each step of Shutdown.
	Timeout time.Duration
	// Logf, if set, receives the service's log lines (dropped and failed
	// messages, lost results, slow shutdowns).
	Logf func(format string, args ...any)
}

type lifecycle uint8

const (
	lifeNew lifecycle = iota
	lifeStarted
	lifeStopping
	lifeStopped
)

// ExecutorService is a shard as a network service, the audited type of
// remote_executor_service.rs: NewExecutorService builds its controller and
// clients, Start starts the controller and the loop
// ExecutorService-{shard}, Shutdown stops them.
//
// By default Shutdown does what the audit recommends: stop the inbound
// side and close its channels, send the stop signal, join the loop (which
// answers every command that came in, with ErrShutdown if it had to cut
// one short), then flush and stop the outbound side and join everything.
// The audited defects (WithDefect) undo parts of that, one by one.
type ExecutorService struct {
	rt   sim.Runtime
	cfg  ServiceConfig
	opts options

	controller  *NetworkController
	coordinator *RemoteCoordinatorClient
	stateView   *RemoteStateViewClient
	crossShard  *RemoteCrossShardClient
	loop        *ShardedExecutorService
	g           *sim.Group

	mu     *sim.Mutex
	state  lifecycle
	cancel context.CancelFunc // the stop signal
	done   sim.Chan[struct{}] // closed when Shutdown has finished
	err    error              // Shutdown's result
}

// NewExecutorService builds a shard service; nothing runs until Start.
func NewExecutorService(rt sim.Runtime, tr transport.Transport, cfg ServiceConfig, opts ...Option) (*ExecutorService, error) {
	o, err := buildOptions(opts)
	if err != nil {
		return nil, err
	}
	if cfg.NumShards < 1 || cfg.NumShards > MaxShards {
		return nil, fmt.Errorf("executor: service: %d shards, want 1..%d", cfg.NumShards, MaxShards)
	}
	if cfg.ShardID < 0 || cfg.ShardID >= cfg.NumShards {
		return nil, fmt.Errorf("executor: service: shard id %d out of 0..%d", cfg.ShardID, cfg.NumShards-1)
	}
	if cfg.SelfAddr == "" || cfg.CoordinatorAddr == "" {
		return nil, fmt.Errorf("executor: service: shard %d: empty self or coordinator address", cfg.ShardID)
	}
	if len(cfg.ShardAddrs) != cfg.NumShards && !(cfg.NumShards == 1 && len(cfg.ShardAddrs) == 0) {
		return nil, fmt.Errorf("executor: service: shard %d: %d shard addresses for %d shards", cfg.ShardID, len(cfg.ShardAddrs), cfg.NumShards)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	name := "ExecutorService-" + strconv.Itoa(cfg.ShardID)
	g := sim.NewGroup(rt, name)
	c := newNetworkController(rt, tr, ControllerConfig{Service: name, ListenAddr: cfg.SelfAddr, Timeout: cfg.Timeout, Logf: cfg.Logf}, g, o.defects)
	s := &ExecutorService{rt: rt, cfg: cfg, opts: o, controller: c, g: g, mu: rt.NewMutex(), done: sim.NewChan[struct{}](rt, 0)}
	if s.stateView, err = newRemoteStateViewClient(rt, c, cfg.ShardID, cfg.CoordinatorAddr); err != nil {
		return nil, err
	}
	if s.coordinator, err = newRemoteCoordinatorClient(rt, c, cfg.ShardID, cfg.CoordinatorAddr, s.stateView, o.defects); err != nil {
		return nil, err
	}
	addrs := cfg.ShardAddrs
	if len(addrs) == 0 {
		addrs = []string{cfg.SelfAddr}
	}
	if s.crossShard, err = newRemoteCrossShardClient(rt, c, cfg.ShardID, addrs); err != nil {
		return nil, err
	}
	s.loop = newShardLoop(rt, cfg.ShardID, cfg.NumShards, s.coordinator, s.crossShard, cfg.Timeout, g.Sub("loop"))
	s.loop.logf = c.logf
	s.loop.observe = o.observe
	s.loop.defects = o.defects
	s.stateView.waitForever = o.defects.Has(DefectStateReadsWaitForever)
	return s, nil
}

// Defects is the set of audited defects the service reproduces.
func (s *ExecutorService) Defects() DefectSet { return s.opts.defects }

// Addr is the address the shard listens on (the real port once started
// on port 0).
func (s *ExecutorService) Addr() string { return s.controller.Addr() }

// Controller is the service's network controller, for its Stats.
func (s *ExecutorService) Controller() *NetworkController { return s.controller }

// LoopStats are the executor loop's counters.
func (s *ExecutorService) LoopStats() LoopStats { return s.loop.Stats() }

// Running is the number of the service's own goroutines (the loop
// ExecutorService-{shard} and the state-value receiver) still running.
// After a correct Shutdown it is 0.
func (s *ExecutorService) Running() int { return s.g.Running() }

// RunningNames names the service's goroutines still running, in the order
// they started: what a report of a leak after Shutdown shows.
func (s *ExecutorService) RunningNames() []string { return s.g.RunningNames() }

// Joined reports nil if nothing the service started is still running —
// its loop and receiver, its controller's inbound and outbound loops, the
// loop's cross-shard receivers — and otherwise an error naming each (in a
// world a *sim.Failure of kind not-joined, with stacks; see
// sim.Group.Joined). After Shutdown has returned it must be nil: that is
// the guarantee the audit found broken.
func (s *ExecutorService) Joined() error { return s.g.Joined() }

// WaitStopped waits until the service's own goroutines have all returned
// (nil) or ctx ends (ctx's error): how a harness observes a goroutine that
// a defect left behind.
func (s *ExecutorService) WaitStopped(ctx context.Context) error { return s.g.Wait(ctx) }

// Start starts the controller, then the state-value receiver and the
// executor loop ExecutorService-{shard}. It fails if the address is in
// use or the service was started or shut down before.
func (s *ExecutorService) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.state {
	case lifeStarted:
		return fmt.Errorf("executor: shard %d: already started", s.cfg.ShardID)
	case lifeStopping, lifeStopped:
		return fmt.Errorf("executor: shard %d: start after shutdown: %w", s.cfg.ShardID, ErrShutdown)
	}
	if err := s.controller.Start(); err != nil {
		return err
	}
	ctx, cancel := s.rt.WithCancel(context.Background())
	s.cancel = cancel
	s.state = lifeStarted
	id := strconv.Itoa(s.cfg.ShardID)
	s.g.Go("RemoteStateValueReceiver-"+id, s.stateView.run)
	s.g.Go("ExecutorService-"+id, func() { s.loop.Start(ctx) })
	return nil
}

// Shutdown stops the service and returns when it has stopped, within
// about twice the timeout. It is idempotent and safe to call from several
// goroutines (all return when the first call's work is done); before
// Start it only closes the controller's channels. It returns an error if
// a goroutine of the service was still running when the timeout ran out
// (only a defect can cause that).
func (s *ExecutorService) Shutdown() error {
	s.mu.Lock()
	switch s.state {
	case lifeStopping, lifeStopped:
		done := s.done
		s.mu.Unlock()
		done.Recv()
		return s.err
	}
	prev := s.state
	s.state = lifeStopping
	s.mu.Unlock()

	var err error
	if prev == lifeNew {
		s.controller.Shutdown()
	} else {
		err = s.shutdown()
	}
	s.mu.Lock()
	s.state, s.err = lifeStopped, err
	s.done.Close()
	s.mu.Unlock()
	return err
}

func (s *ExecutorService) shutdown() error {
	d := s.opts.defects
	// No command arrives after this, and (unless senders-never-closed) the
	// loop's channels report closed once drained.
	s.controller.stopInbound()
	if !d.Has(DefectNoStopSignal) {
		s.cancel()
	}
	var err error
	if d.Has(DefectPanicOnSendAfterShutdown) {
		// The original's order: the controller, outbound side included,
		// stops at once, before the loop has finished its block; the
		// result the loop then sends finds it gone.
		s.controller.stopOutbound()
	}
	if !d.Has(DefectNoJoin) {
		// Join before the outbound side goes, so that the loop's last
		// results still leave.
		err = s.join()
	}
	s.controller.stopOutbound()
	if !d.Has(DefectNoJoin) && err == nil {
		err = s.join()
	}
	if err != nil {
		err = fmt.Errorf("executor: shard %d: shutdown: %d goroutine(s) still running after %v: %w", s.cfg.ShardID, s.g.Running(), s.cfg.Timeout, err)
		if s.cfg.Logf != nil {
			s.cfg.Logf("%v", err)
		}
	}
	return err
}

// join waits for the service's goroutines, within the timeout.
func (s *ExecutorService) join() error {
	ctx, cancel := s.rt.WithTimeout(context.Background(), s.cfg.Timeout)
	defer cancel()
	return s.g.Wait(ctx)
}

// Reap releases what a defect left running: it closes the controller's
// inbound channels and sends the stop signal whatever the defects say,
// then waits (within ctx) for the service's goroutines. It is not part of
// the original: a harness that has shown a leak calls it so that the
// process itself leaks nothing.
func (s *ExecutorService) Reap(ctx context.Context) error {
	s.mu.Lock()
	cancel := s.cancel
	s.mu.Unlock()
	s.controller.closeInboundNow()
	if cancel != nil {
		cancel()
	}
	return s.g.Wait(ctx)
}
