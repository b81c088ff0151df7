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
// # In a world
//
// A native value is an identity: the world keeps the state of each channel,
// mutex, wait group, once, cond and timer a world goroutine touches, keyed
// by the value (sim.AdoptChan, sim.Local), made on first use and dropped
// when the world ends. A channel's buffered values and closed flag move
// into the world when it is adopted, and a close in the world closes the
// native channel too. A sync value starts in its zero state, except a
// sync.Once: a Once done natively or by an earlier world is done, unless
// its action started goroutines or timers, which died with their world
// (see once.go).
//
// Go's semantics hold exactly: values, ok flags and the runtime's panics
// ("send on closed channel", "close of nil channel", "sync: negative
// WaitGroup counter"); operations on a nil channel block for good; a
// select's nil cases never proceed; Timer and Ticker Stop and Reset have
// Go 1.23 semantics; time.AfterFunc and context.AfterFunc run their
// function as a new world goroutine; contexts are cancelled on the world's
// clock, and receiving from a world context's Done parks in the world.
// The clock starts at sim.Epoch (2000-01-01 UTC). It jumps to the next
// timer when every world goroutine is blocked, and it also moves while code
// runs: in a [Test] world each read of it takes [NowTick], and a timer due
// within [TimerHorizon] may fire between any two steps, as the seed
// decides. [Since] and [Until] count a time read from the real clock (at
// package init, say) as read at the world's start.
// The order of `range` over a map is drawn from the world's chooser (keys
// of an ordered kind; others follow Go's order, recorded in the trace as a
// determinism hazard), and math/rand's top-level functions draw from a
// generator seeded by the world, so a replay repeats both; crypto/rand's
// Read, Text and Reader read a stream of the world's (see cryptorand.go). A sync.Pool is
// the world's own, empty at the start of a run; its Get reuses the item
// put last or makes a new one, as the chooser draws (see [PoolGet]).
//
// A world runs no finalizers or cleanups ([SetFinalizer], [AddCleanup]):
// when the collector would run one is not the seed's.
//
// Three things reach outside the world. A channel that untouched code
// sends on or closes natively is polled when the world is quiescent, and a
// goroutine left waiting on one is reported with its line. [Foreign] fails
// the run at once (sim.KindUnreachable). A plain call from a goroutine no
// world started, on a value a world holds, fails that world, naming the
// call and its line.
//
// # Contract with the rewriter
//
// The rewriter relies on the signatures in this package and nothing else;
// the table of what it rewrites into what is in docs/architecture.md
// ("Plain Go in a world").
package plain
