package executor

import (
	"context"
	"fmt"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// RemoteStateViewService is the coordinator's side of the shards' state
// views, the original's RemoteStateViewService: it answers each
// remote_kv_request from the state view of the block being executed.
type RemoteStateViewService struct {
	rt   sim.Runtime
	kvRx sim.Chan[transport.Message]
	kvTx []*Outbound // per shard
	logf func(string, ...any)

	mu    *sim.Mutex
	block uint64
	view  StateView
}

func newRemoteStateViewService(rt sim.Runtime, c *NetworkController, shardAddrs []string) (*RemoteStateViewService, error) {
	rx, err := c.CreateInboundChannel(kvRequestType)
	if err != nil {
		return nil, err
	}
	s := &RemoteStateViewService{rt: rt, kvRx: rx, logf: c.logf, mu: rt.NewMutex()}
	for i, a := range shardAddrs {
		tx, err := c.CreateOutboundChannel(a, kvResponseType(i))
		if err != nil {
			return nil, err
		}
		s.kvTx = append(s.kvTx, tx)
	}
	return s, nil
}

// SetStateView makes view the one that answers requests for block.
func (s *RemoteStateViewService) SetStateView(block uint64, view StateView) {
	s.mu.Lock()
	s.block, s.view = block, view
	s.mu.Unlock()
}

// run answers requests until the request channel closes or ctx ends.
// Each answer's send is bounded by ctx.
func (s *RemoteStateViewService) run(ctx context.Context) {
	for {
		var msg transport.Message
		var ok bool
		if sim.Select(s.rt, s.kvRx.RecvCase(&msg, &ok), sim.DoneCase(ctx)) == 1 || !ok {
			return
		}
		if err := s.answer(ctx, msg); err != nil {
			s.logf("state view service: %v", err)
		}
	}
}

func (s *RemoteStateViewService) answer(ctx context.Context, msg transport.Message) error {
	var req kvRequestMsg
	if err := decode(msg, &req); err != nil {
		return err
	}
	if req.Shard < 0 || req.Shard >= len(s.kvTx) {
		return fmt.Errorf("executor: state-value request from unknown shard %d", req.Shard)
	}
	s.mu.Lock()
	block, view := s.block, s.view
	s.mu.Unlock()
	if view == nil || req.BlockID != block {
		// Say so: a shard still executing a block this coordinator is not
		// (it gave up on it, or restarted) would otherwise wait for the
		// answer until its own deadline, and every later block with it.
		if err := s.kvTx[req.Shard].SendValue(ctx, kvResponseMsg{BlockID: req.BlockID, Unknown: true}); err != nil {
			return err
		}
		return fmt.Errorf("executor: state-value request for block %d from shard %d: current block is %d: answered unknown", req.BlockID, req.Shard, block)
	}
	resp := kvResponseMsg{BlockID: req.BlockID, Values: make([]KV, 0, len(req.Keys))}
	for _, k := range req.Keys {
		v, exists, err := view.Get(ctx, k)
		if err != nil {
			return fmt.Errorf("executor: state view: get %q: %w", k, err)
		}
		resp.Values = append(resp.Values, KV{Key: k, Value: v, Exists: exists})
	}
	return s.kvTx[req.Shard].SendValue(ctx, resp)
}
