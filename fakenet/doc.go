// Package fakenet is a simulated network for execsim: hosts that listen
// and send by "host:port" through transport.Transport, on a
// sim.Runtime, so that inside a world (sim.Run) the network is as
// deterministic as the goroutine schedule. A seed fixes which messages
// arrive, when, in what order, twice or not at all; the faults that break
// shutdown in real deployments (a peer that is gone, a port still bound
// after a fast restart, a partition during shutdown) happen on demand.
//
// # Model
//
// A Network holds hosts, made on first use by Network.Host. A *Host is
// that host's transport.Transport: Listen binds one of its own addresses,
// Send sends from it. Transport is message-oriented: Send hands one
// message to the network and, as on transport/tcp, waits until the
// listener has accepted it (it is in the listener's queue, from which Recv
// takes it), or until the sender learns it was not (a reset), or until
// ctx ends. Host.Send lists the outcomes; package transport states the
// contract both networks keep.
//
// Between every ordered pair of hosts there is a link, one per direction,
// each with a LinkConfig: a latency range and the probabilities of loss,
// duplication and reordering. Config.LinkConfig is the default;
// Network.SetLink overrides one direction. Every random outcome is a draw
// of sim.Runtime.Choose, labelled with the link ("fakenet.loss a->b"), so
// it is recorded, replayed and shrunk with the schedule, and answer 0 is
// always the calm outcome (no loss, the shortest latency), so shrinking
// also calms the network.
//
// One goroutine, the courier, moves every message: in flight, a message is
// an entry in a heap ordered by arrival time, and one timer wakes the
// courier for the earliest. Network.Close stops and joins it. Because that
// timer is an ordinary world timer, a world with sim.Options.TimerHorizon
// set lets deliveries race running code: a message whose arrival is due
// within the horizon (a zero-latency link's at once) can land between any
// two steps of a goroutine that never blocks, such as a Shutdown between
// "stop inbound" and "close".
//
// # Streams
//
// Hosts also carry TCP-like connections: Host.ListenStream and
// Host.DialStream return a net.Listener and net.Conns (Read, Write, Close,
// CloseWrite, addresses, deadlines on the runtime's clock), so that a
// service written against net.Conn (bufio, encoding/json, a line
// protocol) runs here unchanged, and over real TCP through tcp.Streams;
// both satisfy transport.Streams. A connection is ordered and never
// duplicates; loss, duplication and reordering of the link are hidden, as
// TCP hides them; partitions, crashes, a full receive window
// (Config.StreamWindowBytes) and a full accept backlog
// (Config.StreamBacklog) show as TCP shows them: timeouts, resets, a
// blocked Write, a retried connect. stream.go has the details, and every
// segment's fate is a trace event; Network.StreamStats counts them.
//
// # Terms
//
//   - Address: "host:port"; ":port" in Listen means this host, and port 0
//     asks for a free port from the ephemeral range.
//   - In flight: sent, and neither delivered nor dropped yet.
//   - Delivered: put in the destination listener's queue (accepted: its
//     Send returns nil); Recv then returns it. A copy is what is in
//     flight: a duplicated message is two copies, and only the first has
//     a Send waiting for it.
//   - Discarded: delivered, and then never received because the listener
//     closed or its host crashed first (LinkStats.Discarded, a trace
//     event "discard"): accepted messages are never lost silently.
//   - Lost: dropped at send time by LossProbability.
//   - Dropped: thrown away in flight by the network for a reason: a
//     partition, a crash, a closed listener, a closed network. Each reason
//     has its counter in LinkStats. A crash, a closed listener and a
//     closed network reset the connection, so to speak: the waiting Send
//     fails (ErrRefused, or ErrClosed for the sender's own crash or the
//     network's close). A partition gives no answer: the Send waits for
//     its ctx.
//   - Held: arrived at a listener whose queue is full
//     (Config.ListenerQueueMax) and waiting for a Recv to make room, its
//     Send waiting with it: backpressure, as from a TCP peer that stops
//     reading.
//   - FIFO: on a link with ReorderProbability zero, copies arrive in the
//     order they were sent, whatever latencies were drawn: a copy never
//     arrives before one sent earlier on the same link.
//   - Reordered: a copy held back by an extra delay, which later copies on
//     the link may overtake.
//   - Refused: Send fails with an error wrapping transport.ErrRefused, at
//     once, because nobody listens at the address (or its host does not
//     exist or is down), or after the latency, because the listener went
//     away while the message was on its way.
//   - Partition: a cut link. Two-way (Partition) cuts both directions,
//     one-way (PartitionOneWay) one. A message sent over a cut link, or
//     in flight on it when it would arrive, is dropped, counted and
//     traced, but the sender hears nothing: a partition gives no answer,
//     so Send returns ctx's error when ctx ends, not ErrRefused.
//     Heal restores both directions.
//   - Crash: a host goes down. Its listeners close, what is in flight to
//     or from it is dropped at once, sends to it are refused and its own
//     sends fail. Its ports stay bound for Config.PortHoldAfterCrash, so a
//     fast restart that listens again gets ErrAddrInUse until then.
//   - Restart: the host comes back up with no listeners.
//   - Fault plan: a Plan, a list of timed Faults that Network.Start
//     applies from a goroutine of the network's; a scenario writes one or
//     draws one with DrawPlan.
//
// # Observing it
//
// In a world, every listen, send outcome, delivery, hold, discard, drop,
// duplicate, reorder, refusal and fault is a trace event (sim.Runtime.Trace, object
// id the link's) and so part of the trace hash; on the real kit tracing
// costs nothing. Network.Stats, LinkStats and Totals return counters per
// link; once nothing is in flight or held,
//
//	Sent + Duplicated == Delivered + Lost + Dropped()
//
// (a held copy ends up delivered or dropped) and, of the Delivered, Discarded were never received.
//
// # Rules
//
// Like executor/, this package reaches concurrency and time only through
// the sim kit: no go statement, no raw channel, no time.Now or timers of
// package time, no sync or math/rand, and no behaviour that depends on map
// order. A test parses the source to hold it to that.
package fakenet
