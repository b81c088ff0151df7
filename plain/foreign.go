package plain

// Foreign marks a call the world cannot schedule: network I/O of the
// standard library, a blocking system call, cgo. The rewriter turns
// net.Dial(a, b) into Foreign(net.Dial, "net.Dial")(a, b). Outside a world
// it returns f; in a world, the run fails at once with a report that names
// the call and its line, instead of stalling until a watchdog fires.
func Foreign[F any](f F, what string) F { return f }
