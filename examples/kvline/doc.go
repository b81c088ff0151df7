// Package kvline is a worked example of a service written against
// net.Conn and tested with execsim: a key-value server speaking a line
// protocol, and its client. The same code runs over fakenet's streams in
// a world (kvline_sim_test.go: partitions and crashes drawn per seed,
// with simtest) and over real TCP on loopback (kvline_real_test.go),
// because it reaches the network only through transport.Streams and
// concurrency only through sim.Runtime.
//
// # Protocol
//
// One request per line, one answer per line:
//
//	SET key value   ->  OK
//	GET key         ->  VALUE value | NOTFOUND
//	anything else   ->  ERR reason
//
// Keys are one word; a value is the rest of the line.
//
// # Lifecycle
//
// Server.Start listens and runs an accept loop; each connection gets a
// handler. Shutdown closes the listener and every open connection, which
// ends the handlers' reads, and waits for all of them through the
// server's sim.Group, so that once Shutdown returns, Group().Joined()
// holds: nothing of the server is still running. The lifecycle test checks
// exactly that after every Shutdown, and finds the planted bug of
// export_test.go (Shutdown that leaves a connection's handler running).
package kvline
