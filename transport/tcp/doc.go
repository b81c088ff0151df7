// Package tcp is the transport.Transport over real TCP: one connection per
// Send, one length-prefixed frame (EncodeFrame) and a one-byte ack that
// the listener writes once the message is in its queue, which is what
// makes a nil Send mean "accepted" (see package transport).
//
// A listener faces whoever can reach its port, so everything a peer can
// make it hold is bounded (Config): connections open at once, time to
// start and to finish a frame, and memory, per connection and across the
// transport. Each limit reached drops the connection and is counted in
// Stats.
//
// Unlike the rest of execsim this package uses native goroutines, net,
// sync and time: sockets cannot be driven by a world. It lives outside
// executor and fakenet so that neither needs an exemption from the
// determinism rules.
package tcp
