package executor

import (
	"context"
	"fmt"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport"
)

// ShardCommand is the original's ExecutorShardCommand: execute one
// block's sub-blocks for this shard against a state view, or stop.
type ShardCommand struct {
	Stop      bool
	BlockID   uint64
	NumShards int
	Rounds    []SubBlock // this shard's sub-block for every round
	StateView StateView
}

// CoordinatorClient is how a shard's executor loop talks to its
// coordinator.
type CoordinatorClient interface {
	// ReceiveExecuteCommand blocks until the next command. It returns a
	// Stop command when there will be no more: the client was told to stop
	// (for the remote client: ctx ended, after the commands that had
	// already arrived) or its channel closed.
	ReceiveExecuteCommand(ctx context.Context) ShardCommand
	// SendExecutionResult sends the result of a command, within ctx.
	SendExecutionResult(ctx context.Context, r ShardResult) error
}

// RemoteCoordinatorClient is the shard side of the coordinator link, the
// original's RemoteCoordinatorClient: commands arrive on
// execute_command_{shard}, results leave on execute_result_{shard}, and
// receiving a command prefetches its keys through the state-view client.
type RemoteCoordinatorClient struct {
	rt          sim.Runtime
	shard       int
	commandRx   sim.Chan[transport.Message]
	resultTx    *Outbound
	stateView   *RemoteStateViewClient
	panicOnSend bool
	logf        func(string, ...any)
}

func newRemoteCoordinatorClient(rt sim.Runtime, c *NetworkController, shard int, coordinatorAddr string, sv *RemoteStateViewClient, defects DefectSet) (*RemoteCoordinatorClient, error) {
	rx, err := c.CreateInboundChannel(executeCommandType(shard))
	if err != nil {
		return nil, err
	}
	tx, err := c.CreateOutboundChannel(coordinatorAddr, executeResultType(shard))
	if err != nil {
		return nil, err
	}
	return &RemoteCoordinatorClient{
		rt: rt, shard: shard, commandRx: rx, resultTx: tx, stateView: sv,
		panicOnSend: defects.Has(DefectPanicOnSendAfterShutdown), logf: c.logf,
	}, nil
}

// ReceiveExecuteCommand implements CoordinatorClient. ctx is the
// service's stop signal: once it ends, the commands already on the
// channel are still returned, one per call, so that each gets its answer
// (ErrShutdown); then Stop. A closed channel (the controller shut down) is
// Stop too, as in the original. A command that cannot be decoded is
// logged and skipped: with no block id there is nobody to answer.
func (c *RemoteCoordinatorClient) ReceiveExecuteCommand(ctx context.Context) ShardCommand {
	for {
		var msg transport.Message
		var ok bool
		if sim.Select(c.rt, c.commandRx.RecvCase(&msg, &ok), sim.DoneCase(ctx)) == 1 {
			var ready bool
			msg, ok, ready = c.commandRx.TryRecv()
			if !ready {
				return ShardCommand{Stop: true}
			}
		}
		if !ok {
			return ShardCommand{Stop: true}
		}
		var cmd executeCommandMsg
		if err := decode(msg, &cmd); err != nil {
			c.logf("shard %d: dropping execute command: %v", c.shard, err)
			continue
		}
		block := &PartitionedBlock{NumShards: cmd.NumShards, Shards: [][]SubBlock{cmd.Rounds}}
		if err := c.stateView.InitForBlock(ctx, cmd.BlockID, block.Keys(0)); err != nil {
			// Get reports it again, with the key, when execution needs it.
			c.logf("shard %d: block %d: prefetch: %v", c.shard, cmd.BlockID, err)
		}
		return ShardCommand{BlockID: cmd.BlockID, NumShards: cmd.NumShards, Rounds: cmd.Rounds, StateView: c.stateView}
	}
}

// SendExecutionResult implements CoordinatorClient. Once the controller's
// outbound side is gone it returns an error wrapping ErrShutdown, or,
// with the panic-on-send-after-shutdown defect, panics as the original's
// unwrap does.
func (c *RemoteCoordinatorClient) SendExecutionResult(ctx context.Context, r ShardResult) error {
	err := c.resultTx.SendValue(ctx, r)
	if err != nil && c.panicOnSend && ctx.Err() == nil {
		panic(fmt.Sprintf("executor: shard %d: send_execution_result: called `Result::unwrap()` on an `Err` value: %v", c.shard, err))
	}
	return err
}
