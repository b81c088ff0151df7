package executor

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/execsim/execsim/sim"
)

// ShardedExecutorService is one shard's executor loop, the original's
// ShardedExecutorService: it takes commands from its coordinator client
// until Stop, executes each block round by round, exchanging cross-shard
// values between rounds, and sends one result per command.
type ShardedExecutorService struct {
	rt          sim.Runtime
	shard       int
	numShards   int
	coordinator CoordinatorClient
	crossShard  CrossShardClient
	sendTimeout time.Duration
	logf        func(string, ...any)
	g           *sim.Group // the per-round cross-shard receivers
	// blockTimeout bounds one block's execution on the shard, so that no
	// message (or missing message) from the network can hold the loop:
	// the block fails and the loop takes the next command.
	blockTimeout time.Duration
	observe      func(shard int, block uint64) // WithExecutionObserver
	defects      DefectSet

	mu     *sim.Mutex
	stash  []CrossShardMsg // messages for a later block that arrived early
	recent [recentBlocks]uint64
	nrec   int // commands recorded in recent, all time
	stats  LoopStats
}

// recentBlocks is how many of the last block ids a shard remembers to
// tell a duplicated command (a network that delivers a message twice)
// from a new one. One coordinator has at most one block in flight, so a
// duplicate arrives close behind its original.
const recentBlocks = 64

// stashMax bounds the cross-shard messages kept for later blocks: one
// block needs at most MaxShards*MaxRounds, and messages for blocks far
// ahead can only be forged or stale.
const stashMax = 4 * MaxShards * MaxRounds

// LoopStats counts what the loop did with commands. Once the loop has
// stopped, Commands == ResultsSent + ResultsLost: every command got its
// one result, and a lost one was counted and logged, never silent.
type LoopStats struct {
	Commands    int64 // execute commands received (duplicates not included)
	ResultsSent int64 // results handed to the coordinator client
	ResultsLost int64 // results whose send failed (the outbound side was gone)
	Duplicates  int64 // commands for a block the shard had already received, dropped
	StashDrops  int64 // early cross-shard messages dropped because the stash was full
}

// Idle reports whether every command received has had its result handed
// on or counted lost: the loop is between blocks.
func (st LoopStats) Idle() bool { return st.Commands == st.ResultsSent+st.ResultsLost }

// Stats returns a snapshot of the counters.
func (s *ShardedExecutorService) Stats() LoopStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

func (s *ShardedExecutorService) count(f func(*LoopStats)) {
	s.mu.Lock()
	f(&s.stats)
	s.mu.Unlock()
}

// NewShardedExecutorService makes the loop of shard shard out of
// numShards; sendTimeout bounds the send of each result.
func NewShardedExecutorService(rt sim.Runtime, shard, numShards int, coordinator CoordinatorClient, crossShard CrossShardClient, sendTimeout time.Duration) *ShardedExecutorService {
	return newShardLoop(rt, shard, numShards, coordinator, crossShard, sendTimeout, nil)
}

// newShardLoop makes a loop whose cross-shard receivers parent owns (a
// root group of their own if parent is nil).
func newShardLoop(rt sim.Runtime, shard, numShards int, coordinator CoordinatorClient, crossShard CrossShardClient, sendTimeout time.Duration, parent *sim.Group) *ShardedExecutorService {
	if sendTimeout <= 0 {
		sendTimeout = DefaultTimeout
	}
	if parent == nil {
		parent = sim.NewGroup(rt, "ShardedExecutorService-"+strconv.Itoa(shard))
	} else {
		parent = parent.Sub("cross-shard")
	}
	return &ShardedExecutorService{
		rt: rt, shard: shard, numShards: numShards, coordinator: coordinator, crossShard: crossShard,
		sendTimeout: sendTimeout, logf: func(string, ...any) {}, g: parent, mu: rt.NewMutex(),
		blockTimeout: BlockTimeoutFactor * sendTimeout,
	}
}

// blockAborter is a StateView that can cut a block short: its coordinator
// said it is not executing the block, so no answer, and no result, is
// wanted any more.
type blockAborter interface {
	abortOnUnknown(block uint64, cancel context.CancelFunc)
	// probe asks the coordinator whether it still executes block.
	probe(ctx context.Context, block uint64)
}

// BlockTimeoutFactor is how many controller timeouts a shard gives one
// block before it fails it: every wait of a block (state reads,
// cross-shard values, sends) lies inside that deadline.
const BlockTimeoutFactor = 3

// duplicate records block as received and reports whether it was
// already.
func (s *ShardedExecutorService) duplicate(block uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range min(s.nrec, recentBlocks) {
		if s.recent[i] == block {
			s.stats.Duplicates++
			return true
		}
	}
	s.recent[s.nrec%recentBlocks] = block
	s.nrec++
	return false
}

// Start runs the loop until the coordinator client returns Stop. ctx
// ending is the stop signal: the block in flight is cut short (its result
// is ErrShutdown) and the client's receive returns Stop once the commands
// already received are answered.
func (s *ShardedExecutorService) Start(ctx context.Context) {
	for {
		cmd := s.coordinator.ReceiveExecuteCommand(ctx)
		if cmd.Stop {
			return
		}
		if !s.defects.Has(DefectDuplicateExecution) && s.duplicate(cmd.BlockID) {
			s.logf("shard %d: dropping a duplicate command for block %d", s.shard, cmd.BlockID)
			continue
		}
		s.count(func(st *LoopStats) { st.Commands++ })
		if s.observe != nil {
			s.observe(s.shard, cmd.BlockID)
		}
		res := s.ExecuteBlock(ctx, cmd)
		if ctx.Err() != nil && s.defects.Has(DefectResultDroppedAtStop) {
			return
		}
		sendCtx, cancel := s.rt.WithTimeout(context.Background(), s.sendTimeout)
		err := s.coordinator.SendExecutionResult(sendCtx, res)
		cancel()
		if err != nil {
			s.count(func(st *LoopStats) { st.ResultsLost++ })
			s.logf("shard %d: block %d: result lost: %v", s.shard, res.BlockID, err)
			continue
		}
		s.count(func(st *LoopStats) { st.ResultsSent++ })
	}
}

// ExecuteBlock executes one command and returns its result: outputs per
// round, or why there are none. ctx is the stop signal; the block also
// fails once it has run for BlockTimeoutFactor controller timeouts.
func (s *ShardedExecutorService) ExecuteBlock(ctx context.Context, cmd ShardCommand) ShardResult {
	res := ShardResult{BlockID: cmd.BlockID, Shard: s.shard}
	bctx, cancel := ctx, context.CancelFunc(func() {})
	if !s.defects.Has(DefectStateReadsWaitForever) {
		bctx, cancel = s.rt.WithTimeout(ctx, s.blockTimeout)
		if b, ok := cmd.StateView.(blockAborter); ok {
			b.abortOnUnknown(cmd.BlockID, cancel)
		}
	}
	defer cancel()
	rounds, err := s.execute(bctx, cmd)
	switch {
	case err == nil:
		res.Rounds = rounds
	case errors.Is(err, ErrShutdown) || ctx.Err() != nil:
		res.Code, res.Err = codeShutdown, err.Error()
	default:
		res.Code, res.Err = codeExecution, err.Error()
	}
	return res
}

func (s *ShardedExecutorService) execute(ctx context.Context, cmd ShardCommand) ([][]TxnOutput, error) {
	if ctx.Err() != nil {
		return nil, fmt.Errorf("executor: shard %d: block %d not started: %w", s.shard, cmd.BlockID, ErrShutdown)
	}
	if cmd.NumShards != s.numShards || len(cmd.Rounds) > MaxRounds || cmd.StateView == nil {
		return nil, fmt.Errorf("executor: shard %d: block %d: bad command: %d shards (want %d), %d rounds (max %d)", s.shard, cmd.BlockID, cmd.NumShards, s.numShards, len(cmd.Rounds), MaxRounds)
	}
	overlay := map[string]KV{} // this block's writes and received values, looked up only
	read := func(key string) (uint64, error) {
		if kv, ok := overlay[key]; ok {
			return kv.Value, nil
		}
		v, _, err := cmd.StateView.Get(ctx, key)
		if err != nil {
			return 0, fmt.Errorf("executor: shard %d: block %d: read %q: %w", s.shard, cmd.BlockID, key, err)
		}
		return v, nil
	}
	out := make([][]TxnOutput, 0, len(cmd.Rounds))
	for r, sb := range cmd.Rounds {
		received, err := s.receiveRound(ctx, cmd, r, sb.Recv)
		if err != nil {
			return nil, err
		}
		for _, m := range received {
			for _, kv := range m.Values {
				overlay[kv.Key] = kv
			}
		}
		outs := make([]TxnOutput, 0, len(sb.Txns))
		for _, it := range sb.Txns {
			o, err := executeTxn(it.Index, it.Txn, read)
			if err != nil {
				return nil, err
			}
			for _, w := range o.Writes {
				overlay[w.Key] = w
			}
			outs = append(outs, o)
		}
		out = append(out, outs)
		for _, dep := range sb.Send {
			msg := CrossShardMsg{BlockID: cmd.BlockID, FromShard: s.shard, FromRound: r, ToRound: dep.Round}
			for _, k := range dep.Keys {
				v, err := read(k)
				if err != nil {
					return nil, err
				}
				msg.Values = append(msg.Values, KV{Key: k, Value: v, Exists: true})
			}
			if err := s.crossShard.SendCrossShardMsg(ctx, dep.Shard, msg); err != nil {
				return nil, fmt.Errorf("executor: shard %d: block %d round %d: cross-shard send to shard %d: %w", s.shard, cmd.BlockID, r, dep.Shard, err)
			}
		}
	}
	return out, nil
}

// roundInbox collects the cross-shard batches one round waits for.
type roundInbox struct {
	want     []CrossShardDep
	got      []CrossShardMsg // by index in want
	have     []bool
	missing  int
	complete sim.Chan[struct{}] // closed when nothing is missing
	exited   sim.Chan[struct{}] // closed when the receiver returned
	err      error
}

// receiveRound runs round's cross-shard receiver, as the original does
// around each round: start it, wait for the batches the round needs, stop
// it, join it. It returns the batches in the order of want.
func (s *ShardedExecutorService) receiveRound(ctx context.Context, cmd ShardCommand, round int, want []CrossShardDep) ([]CrossShardMsg, error) {
	block := cmd.BlockID
	in := &roundInbox{
		want: want, got: make([]CrossShardMsg, len(want)), have: make([]bool, len(want)), missing: len(want),
		complete: sim.NewChan[struct{}](s.rt, 0), exited: sim.NewChan[struct{}](s.rt, 0),
	}
	s.mu.Lock()
	kept := s.stash[:0]
	for _, m := range s.stash {
		switch {
		case m.BlockID == block && m.ToRound == round:
			in.add(m)
		case m.BlockID != block || m.ToRound > round:
			// Block ids do not grow across coordinator restarts (see
			// blockIDBase), so a message for another block may be for the
			// next one: keep it, within stashMax.
			kept = append(kept, m)
		}
	}
	s.stash = kept
	if in.missing == 0 {
		in.complete.Close()
	}
	s.mu.Unlock()

	rctx, stop := s.rt.WithCancel(ctx)
	s.g.Go(fmt.Sprintf("cross-shard-receiver-%d-%d", s.shard, round), func() {
		defer in.exited.Close()
		s.receive(rctx, block, round, in)
	})
	// While it waits, the shard asks its coordinator every timeout whether
	// the block is still wanted: the other shards may have given it up
	// (their coordinator restarted), and then the values it waits for will
	// never come. An unknown block aborts ctx (see blockAborter).
	prober, _ := cmd.StateView.(blockAborter)
	var err error
wait:
	for {
		t := s.rt.NewTimer(s.sendTimeout)
		i := sim.Select(s.rt, in.complete.RecvCase(nil, nil), in.exited.RecvCase(nil, nil), sim.DoneCase(ctx), t.C.RecvCase(nil, nil))
		t.Stop()
		switch i {
		case 0:
			break wait
		case 1:
			s.mu.Lock()
			err = in.err
			s.mu.Unlock()
			break wait
		case 2:
			err = ctx.Err()
			break wait
		}
		if prober != nil && !s.defects.Has(DefectStateReadsWaitForever) {
			prober.probe(ctx, block)
		}
	}
	stop()
	if !s.defects.Has(DefectReceiversNotJoined) {
		s.g.Wait(context.Background()) // the receiver returns as soon as it sees rctx end
	}
	if err != nil {
		return nil, fmt.Errorf("executor: shard %d: block %d round %d: waiting for cross-shard values: %w", s.shard, block, round, err)
	}
	return in.got, nil
}

func (s *ShardedExecutorService) receive(ctx context.Context, block uint64, round int, in *roundInbox) {
	for {
		m, err := s.crossShard.ReceiveCrossShardMsg(ctx, round)
		s.mu.Lock()
		if err != nil {
			in.err = err
			s.mu.Unlock()
			return
		}
		switch {
		case m.BlockID == block && m.ToRound == round:
			if in.add(m) && in.missing == 0 {
				in.complete.Close()
			}
		case m.BlockID != block:
			// Maybe for the next block (ids do not grow across coordinator
			// restarts): keep it; past stashMax the oldest kept goes.
			if len(s.stash) >= stashMax {
				s.stats.StashDrops++
				s.logf("shard %d: stash full, dropping a cross-shard message of block %d (now %d)", s.shard, s.stash[0].BlockID, block)
				s.stash = append(s.stash[:0], s.stash[1:]...)
			}
			s.stash = append(s.stash, m)
		default:
			s.logf("shard %d: dropping a stale cross-shard message of block %d round %d (now round %d)", s.shard, m.BlockID, m.ToRound, round)
		}
		s.mu.Unlock()
	}
}

// add records m if the round waits for it, and reports whether it did.
func (in *roundInbox) add(m CrossShardMsg) bool {
	for i, w := range in.want {
		if w.Shard == m.FromShard && w.Round == m.FromRound && !in.have[i] {
			in.got[i], in.have[i] = m, true
			in.missing--
			return true
		}
	}
	return false
}
