// Package plain is what plain Go code calls once execsim's rewriter has
// turned its concurrency operations into function calls: `ch <- v` becomes
// [Send](ch, v), `mu.Lock()` becomes [Lock](&mu), `select` becomes
// [Select] over cases, `time.Sleep` becomes [Sleep], and so on. Users do
// not write these calls; the rewriter (package plain/rewrite, driven by
// cmd/execsim) does, and it leaves every type as it is: a `chan T` stays a
// `chan T`, a `sync.Mutex` a `sync.Mutex`.
//
// # Two behaviours, one call
//
// Called from a goroutine of a running world (package sim), each function
// performs its operation in that world: the native value is only an
// identity, the world keeps the state (a channel's buffer and waiters, a
// mutex's holder), schedules the operation as a decision, and measures
// time on its virtual clock. Called from any other goroutine, each function
// does exactly what the plain code did, natively; the cost of the check is
// one atomic load while no world runs in the process.
//
// # Contract with the rewriter
//
// The rewriter relies on the signatures in this package and nothing else;
// the table of what it rewrites into what is in docs/architecture.md
// ("Plain Go in a world").
package plain
