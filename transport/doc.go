// Package transport is the vocabulary of execsim's message networks:
// Message, the Transport and Listener interfaces, and the errors they
// return. It depends on nothing, so a service, the executor, fakenet (the
// simulated network) and transport/tcp (the real one) all share it without
// depending on each other.
//
// # Contract
//
// Both implementations keep the same semantics, and conformance tests
// (conformance_test.go) run the same exchanges on each: transport/tcp over
// loopback with the real kit, fakenet in a world.
//
//   - Accepted: a Send returns nil only once the message is in the
//     destination listener's queue. On TCP the listener acks a frame after
//     queueing it; fakenet's Send waits for the courier to deliver the
//     copy. So a nil Send is never a message lost on the way, and a dead
//     or restarted peer is an error, not a silence.
//   - Refused: an error wrapping ErrRefused says the message was not
//     accepted: nobody listened at the address (at once), or the listener
//     closed or its host crashed while the message was on its way (the
//     connection was reset). One race remains on TCP, as with any
//     acknowledgement: a listener closing between queueing a message and
//     writing its ack loses the ack, and the message may have been taken
//     by a Recv in that instant. A receiver that must not act twice
//     deduplicates, as the executor does by block id.
//   - Unanswered: a partition, a lost message or a peer that stops
//     reading gives no answer. Send then waits until its ctx ends and
//     returns ctx's error; the message may still arrive. Pass a ctx with a
//     deadline.
//   - Discarded, never silent: a listener that closes (or whose host
//     crashes) with accepted messages still queued drops them and counts
//     each: tcp.Stats.Discarded, fakenet.LinkStats.Discarded (and a
//     "discard" trace event in a world).
//   - Order: a sender that waits for each Send before the next sees its
//     messages received in that order, on both. Concurrent Sends are
//     unordered with respect to each other.
package transport
