// Package simrun is the engine of the simrun command: it sweeps seeds over
// a registry's scenarios, replays one run byte for byte, shrinks a failing
// run and exports its trace. cmd/simrun serves the executor's scenarios
// (scenarios.Default); a user's own binary serves its own:
//
//	func main() {
//		reg := scenarios.NewRegistry("go run ./cmd/mysim")
//		reg.Register(scenarios.Scenario{Name: "drain", Description: "...", Run: drain})
//		os.Exit(simrun.Main(os.Args[1:], os.Stdout, os.Stderr, reg))
//	}
//
// and gets sweep, replay, shrink, trace, shards and merge, with the
// contract below. A scenario reports a property that does not hold with
// env.Fail(kind, ...) (a standard kind, or one declared with
// Registry.AddKind); the world reports leaks, panics, deadlocks and hangs
// itself; an error returned from Run is the harness's own. -defect takes
// the names declared with Registry.AddDefect, which Env.Defect reads.
// examples/drain is such a binary.
//
// # Contract
//
// Scripts and CI rely on what follows; `simrun -h` says the same.
//
// With no flags simrun runs every scenario on seeds 0..999, no defects,
// on the sim engine, with one worker per core (runtime.GOMAXPROCS(0)). It
// shows a progress bar with seeds/s and ETA when standard output is a
// terminal, a plain line every 10 seconds otherwise, then a summary table
// (scenario, seeds, failures, median steps, seeds/s; the median comes from
// a fixed-size histogram, exact below 128 steps and within 1.6% above, so
// that a sweep's memory does not grow with its runs). It prints the
// configuration first and the verdict last.
//
// Every failing run that simrun reports prints the failure (kind,
// goroutine, message), the last trace events and the commands that replay
// it, and leaves a schedule file in the -o directory: a comment header
// with the failure and the commands, metadata (scenario, seed, strategy,
// depth, defects, engine) and the run's choices. A sweep reports the
// first failing seed of each failure kind in each scenario; -json lists
// them all. Before reporting, simrun runs the seed again and replays the
// schedule: a run that does not come out the same is reported as
// nondeterministic, its own verdict.
//
// -json writes one JSON object per run on standard output (version,
// scenario, seed, strategy, defects, engine, verdict, failure{kind,
// goroutine, message}, steps, virtual_ns, trace_hash, for a failure
// replay, and sweep{from, seeds, scenarios, shard, shards}), in seed order;
// everything else then goes to standard error. The lines follow
// docs/simrun-result.schema.json, whose version is the lines' "version".
//
// # Shards
//
// -shard K/N runs part K (0 <= K < N) of each scenario's seed range: with
// the range from..from+n-1 that is from+floor(n*K/N) up to
// from+floor(n*(K+1)/N)-1. The parts are contiguous, disjoint, and
// together exactly the range, whatever n and N. K may be the word
// "index": simrun then reads it from $JOB_COMPLETION_INDEX, which a
// Kubernetes Indexed Job sets. `simrun -merge FILE...` combines the -json
// output of all shards into one summary and verdict. A line that is not
// of the schema, or not of the first line's sweep, is an error that names
// its file and line; so are a shard missing or given twice, and a shard
// without all its runs (unless it stopped at a failure under
// -stop-on-fail, which is a note). It streams: its memory grows with
// shards and scenarios, not runs.
//
// # Exit status
//
// 0: every property held. 1: a property failed, or a run could not be
// reproduced. 2: bad usage or input (an unknown scenario or defect, a bad
// flag value, conflicting flags, an unreadable or malformed schedule or
// -merge file); the one-line message says what to do. 3: simrun itself
// panicked (a bug, not a verdict); the message and the stack follow.
//
// Main holds all the logic and is tested in-process; cmd/simrun is a thin
// shim over it.
package simrun
