package executor

import (
	"context"
	"fmt"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// CrossShardClient carries values between shards between rounds, the
// original's CrossShardClient.
type CrossShardClient interface {
	// SendCrossShardMsg sends msg to shard toShard, for its round
	// msg.ToRound.
	SendCrossShardMsg(ctx context.Context, toShard int, msg CrossShardMsg) error
	// ReceiveCrossShardMsg blocks until a message for round arrives. It
	// fails with ctx's error, or one wrapping ErrShutdown once no message
	// can arrive any more.
	ReceiveCrossShardMsg(ctx context.Context, round int) (CrossShardMsg, error)
}

// RemoteCrossShardClient is the CrossShardClient of a remote shard: per
// round, an outbound cross_shard_{round} to every other shard and one
// inbound channel.
type RemoteCrossShardClient struct {
	rt    sim.Runtime
	shard int
	tx    [][]*Outbound // [shard][round]; nil for this shard
	rx    []sim.Chan[transport.Message]
	logf  func(string, ...any)
}

func newRemoteCrossShardClient(rt sim.Runtime, c *NetworkController, shard int, shardAddrs []string) (*RemoteCrossShardClient, error) {
	cs := &RemoteCrossShardClient{rt: rt, shard: shard, tx: make([][]*Outbound, len(shardAddrs)), rx: make([]sim.Chan[transport.Message], 0, MaxRounds), logf: c.logf}
	for r := 0; r < MaxRounds; r++ {
		rx, err := c.CreateInboundChannel(crossShardType(r))
		if err != nil {
			return nil, err
		}
		cs.rx = append(cs.rx, rx)
	}
	for s, addr := range shardAddrs {
		if s == shard {
			continue
		}
		cs.tx[s] = make([]*Outbound, 0, MaxRounds)
		for r := 0; r < MaxRounds; r++ {
			tx, err := c.CreateOutboundChannel(addr, crossShardType(r))
			if err != nil {
				return nil, err
			}
			cs.tx[s] = append(cs.tx[s], tx)
		}
	}
	return cs, nil
}

// SendCrossShardMsg implements CrossShardClient.
func (c *RemoteCrossShardClient) SendCrossShardMsg(ctx context.Context, toShard int, msg CrossShardMsg) error {
	if toShard < 0 || toShard >= len(c.tx) || toShard == c.shard || msg.ToRound < 0 || msg.ToRound >= MaxRounds {
		return fmt.Errorf("executor: shard %d: cross-shard message to shard %d round %d: out of range", c.shard, toShard, msg.ToRound)
	}
	return c.tx[toShard][msg.ToRound].SendValue(ctx, msg)
}

// ReceiveCrossShardMsg implements CrossShardClient. A message that cannot
// be decoded is logged and skipped.
func (c *RemoteCrossShardClient) ReceiveCrossShardMsg(ctx context.Context, round int) (CrossShardMsg, error) {
	if round < 0 || round >= len(c.rx) {
		return CrossShardMsg{}, fmt.Errorf("executor: shard %d: cross-shard receive for round %d: out of range", c.shard, round)
	}
	for {
		var msg transport.Message
		var ok bool
		if sim.Select(c.rt, c.rx[round].RecvCase(&msg, &ok), sim.DoneCase(ctx)) == 1 {
			return CrossShardMsg{}, ctx.Err()
		}
		if !ok {
			return CrossShardMsg{}, fmt.Errorf("executor: shard %d: cross-shard channel of round %d closed: %w", c.shard, round, ErrShutdown)
		}
		var m CrossShardMsg
		if err := decode(msg, &m); err != nil {
			c.logf("shard %d: dropping cross-shard message: %v", c.shard, err)
			continue
		}
		return m, nil
	}
}

// localCrossShard is the CrossShardClient of in-process shards: one
// channel per shard and round, shared by all of them.
type localCrossShard struct {
	rt      sim.Runtime
	shard   int
	chans   [][]sim.Chan[CrossShardMsg] // [shard][round]
	closing sim.Chan[struct{}]
}

func (c *localCrossShard) SendCrossShardMsg(ctx context.Context, toShard int, msg CrossShardMsg) error {
	if toShard < 0 || toShard >= len(c.chans) || msg.ToRound < 0 || msg.ToRound >= MaxRounds {
		return fmt.Errorf("executor: shard %d: cross-shard message to shard %d round %d: out of range", c.shard, toShard, msg.ToRound)
	}
	switch sim.Select(c.rt, c.chans[toShard][msg.ToRound].SendCase(msg), c.closing.RecvCase(nil, nil), sim.DoneCase(ctx)) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("executor: shard %d: cross-shard send: %w", c.shard, ErrShutdown)
	}
	return ctx.Err()
}

func (c *localCrossShard) ReceiveCrossShardMsg(ctx context.Context, round int) (CrossShardMsg, error) {
	if round < 0 || round >= MaxRounds {
		return CrossShardMsg{}, fmt.Errorf("executor: shard %d: cross-shard receive for round %d: out of range", c.shard, round)
	}
	var m CrossShardMsg
	switch sim.Select(c.rt, c.chans[c.shard][round].RecvCase(&m, nil), c.closing.RecvCase(nil, nil), sim.DoneCase(ctx)) {
	case 0:
		return m, nil
	case 1:
		return CrossShardMsg{}, fmt.Errorf("executor: shard %d: cross-shard receive: %w", c.shard, ErrShutdown)
	}
	return CrossShardMsg{}, ctx.Err()
}
