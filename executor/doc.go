// Package executor is the system under test: a Go re-implementation of
// Aptos's remote sharded block executor (crate executor-service, the
// NetworkController of secure/net, the sharded executor loop of aptos-vm),
// whose shutdown the seed audit found broken. It is written only against
// the sim kit, so it runs for real on native goroutines and TCP
// (sim.NewReal, transport/tcp) and, unchanged, inside a deterministic
// world that chooses every interleaving (sim.Run, fakenet).
//
// # Parts
//
// Names follow the original.
//
//   - NetworkController: an inbound handler (message type → channel,
//     CreateInboundChannel) fed by a Transport listener, and an outbound
//     handler (CreateOutboundChannel, Outbound.Send) whose loop sends to
//     the peers, retrying a dead one with bounded backoff within the
//     controller's Timeout. Both speak transport.Transport, whose Send
//     returns once the peer's listener has accepted the message; the
//     implementations are transport/tcp (length-prefixed frames acked one
//     by one, every limit a peer can push counted) and fakenet.
//   - ExecutorService: a shard as a service, the audited type. Inside it:
//     RemoteCoordinatorClient (commands in, results out),
//     RemoteStateViewClient (prefetch a block's keys, wait per key),
//     RemoteCrossShardClient (values between rounds), and the loop
//     ShardedExecutorService.
//   - RemoteExecutorClient: the coordinator; it sends each shard its
//     sub-blocks and gathers results in shard order, while a
//     RemoteStateViewService answers the shards' state reads.
//   - LocalExecutorClient: shards in process; Close sends Stop and joins,
//     the pattern the audit asks the remote service to follow.
//   - The workload: accounts and Transfer / Read transactions (Txn),
//     Partition into per-shard sub-blocks and rounds, ExecuteSequential as
//     the reference that sharded execution must equal.
//
// # Terms
//
// A goroutine is joined when whoever started it has waited for it to
// return. Every component starts its goroutines in a sim.Group nested in
// its service's, so Joined (ExecutorService, RemoteExecutorClient,
// NetworkController, LocalExecutorClient) checks, at the moment it is
// called, that nothing the component started, directly or not, is
// running. A shutdown is clean when it returns after every goroutine the
// component started is joined, and every command that reached a shard got
// exactly one result. A goroutine has leaked when it is still alive after
// the component that started it has shut down; a zombie is a leaked
// goroutine that nothing will ever wake.
//
// # Lifecycle
//
// Every component is made, started and shut down by its owner. Shutdown
// is idempotent, safe from several goroutines at once, works before
// Start, and is bounded by the controller's timeout. ExecutorService's
// Shutdown stops the inbound side (no command arrives after it) and
// closes the inbound channels, sends the stop signal (which also cuts a
// block in flight short: its result is ErrShutdown), joins the loop, then
// flushes and stops the outbound side. Any blocking call takes a
// context.Context or is bounded by a timeout.
//
// # Every wait is bounded
//
// No message from the network, and no message that fails to come, can
// hold a component past a bound. A send waits at most the controller's
// Timeout (retries included); each step of a shutdown too. A shard gives
// one block at most BlockTimeoutFactor timeouts; inside it a state read
// asks again every timeout, and a shard waiting for cross-shard values
// asks its coordinator every timeout whether the block is still wanted.
// A coordinator answers a state read for a block it is not executing with
// "unknown", which aborts that block at once: a forged command, or one
// left over from a coordinator that restarted, costs a shard one round
// trip, not every later block. A shard drops a command for a block it
// received recently (a network that duplicates); messages kept for later
// blocks are bounded (stashMax).
//
// # Channels are bounded
//
// The original's channels are unbounded; Go's are not. Every controller
// channel holds ChannelCapacity messages. A full inbound channel makes the
// inbound handler wait (backpressure to the senders, whose acks wait);
// a full outbound channel makes Outbound.Send wait within its context.
// Nothing is dropped silently: the only drops are of unknown message types
// and of messages caught by a shutdown, and both are counted
// (ControllerStats) and logged. Every message Outbound.Send accepts ends
// sent, failed or dropped: once Shutdown has returned,
// ControllerStats.InFlight is 0.
//
// # Defects
//
// Each audited defect is switched on by name with WithDefect and listed by
// Defects: no-stop-signal, no-join, senders-never-closed and
// panic-on-send-after-shutdown. Each switches back on one piece of the
// original, as a user meets it: alone, each breaks a shutdown in its own
// way (Defect.Alone says how, and scenarios/testdata/defects.txt shows
// each found). Together, no-stop-signal, no-join and senders-never-closed
// are the audit's proof of concept: Shutdown returns at once and
// ExecutorService-{shard} stays blocked on its command channel for ever.
//
// The other defects (Defect.Origin) are bugs the harness's properties
// found in this executor, fixed and switchable back on —
// duplicate-execution, state-reads-wait-forever, carried-message-replaced
// — and realistic shutdown
// bugs planted to show a property firing — receivers-not-joined,
// result-dropped-at-stop.
//
// # Determinism
//
// The package uses no go statement, no native channel, no
// clock, no sync primitive, no math/rand and no range over a map: only
// the kit, so that a world decides every interleaving and a seed replays
// a run exactly. A test parses the source to hold this.
package executor
