// Package simtest runs a service's concurrent code in execsim worlds from
// plain go test: one world per seed, failures that name the goroutine and
// end with a command to paste, failing schedules saved and replayed first
// on the next run, and checks that every run really replays.
//
//	func TestShutdown(t *testing.T) {
//		simtest.Run(t, func(t *simtest.T) {
//			p := pool.New(t, 2)
//			ran := 0
//			p.Submit(func() { t.Sleep(10 * time.Millisecond); ran++ })
//			p.Shutdown()
//			require.Equal(t, 1, ran, "Shutdown waits for the submitted job")
//		})
//	}
//
// The body is code written against [sim.Runtime] (see package sim for the
// rules it must follow). [Run] runs it in [DefaultSeeds] worlds, seeds 0 to
// 99, each a random walk over the interleavings the seed fixes, and fails
// the test at the first run that fails.
//
// # The test handle
//
// The body receives a [*T], one per run. A T is both the world's
// sim.Runtime (t.Go, t.Sleep, sim.NewChan(t, 0); pass it to the code under
// test) and a testing.TB whose checks belong to the run: t.Errorf, t.Fatalf,
// t.FailNow, t.Skip, t.Cleanup, t.Log, and testify's assert and require on
// t, in the body and in any goroutine of the world. A failed check fails
// that seed, reported once with the seed, the saved schedule and the
// command; the replays simtest makes of a run print nothing of their own.
// FailNow and Fatal stop the world at once, with a panic of simtest's own
// (runtime.Goexit, which testing.T uses, would end only the goroutine
// that called it, as in Go, and the run would go on); Skip in every run
// skips the test.
//
// One value rather than a pair (t testing.TB, rt sim.Runtime): with a pair,
// the test's own *testing.T is in scope under its usual name, and a
// t.Errorf on it fails the test without a seed, or a t.FailNow ends the
// world's goroutine; a T named t shadows it, and is the only handle the
// body needs. Use the test's *testing.T only outside Run.
//
// # What fails a run
//
// A failed check of the body's T (kind check). The world's own checks, with
// nothing to write: a goroutine panicked; the body is deadlocked; a
// goroutine the body started is still running when the body returns
// (not-joined, see below) or still alive once the world settled
// ([sim.Options].Settle: a leak); a budget was used up (scheduling points,
// virtual time); a goroutine blocked outside the kit. And a passing run
// that a replay of its own schedule does not repeat (nondeterministic, see
// Determinism).
//
// # Join checks
//
// The body runs as the one member of a [sim.Group], so everything it
// starts, directly or through goroutines and groups of its own, is owned by
// that group. When the body returns (after its Cleanup functions), every
// such goroutine must have ended: one still running is a not-joined
// failure naming each goroutine, where it was started and what it is doing.
// This catches the worker a Shutdown forgot to wait for even when it ends on
// its own a moment later, which the leak check after Settle cannot see.
// [NoJoinCheck] turns it off for a body that leaves work running on purpose.
// [T.Joined] makes the same check of one group at a point the test chooses,
// such as right after a Shutdown returns:
//
//	s := service.Start(t)
//	s.Shutdown(ctx)
//	t.Joined(s.Group()) // nothing the service started may still run
//
// # Reports
//
// A failure is reported with t.Errorf, in this order: the configuration
// (seed, strategy), the verdict (kind), the [sim.Failure] report (the
// goroutine at fault and where it was started; for a leak, deadlock or
// join check, every goroutine left running, what it waits on and its
// stack; the last events of the trace), the body's failed checks and log
// lines, where the schedule was saved, and last a command to paste at the
// module root:
//
//	go test ./internal/pool -run '^TestShutdown$' -execsim.seed=17
//
// The test name is quoted as a regexp, a subtest level by level
// ('^TestA$/^leaky$'), and the command repeats the build tags of the test
// binary and the -execsim flags that changed the run. Under cmd/execsim,
// which runs plain Go tests rewritten and sets EXECSIM_COMMAND to its own
// command, the command is that one, with execsim's flag names:
//
//	go run ./cmd/execsim test ./internal/pool -run '^TestShutdown$' -seed=17
//
// Run returns after the first failure; it never calls t.FailNow.
//
// # Flags and environment
//
// Every setting is an environment variable and a flag. The variables are
// the form for go test ./... and CI: packages that do not import simtest
// ignore them, where they would reject an unknown -execsim flag. The flags
// are registered with the standard flag package by the packages that import
// simtest (go test ./pkg -execsim.seed=5, or go test ./... -args
// -execsim.seed=5 when every package imports it). A flag given wins over
// its variable, and both win over options.
//
//	-execsim.seeds N        EXECSIM_SEEDS        try N seeds (default 100, at most 1,000,000; see Seeds)
//	-execsim.seed S         EXECSIM_SEED         run seed S alone, without the saved schedules
//	-execsim.start S        EXECSIM_START        the first seed (default 0), or random: drawn and printed
//	-execsim.shard K/N      EXECSIM_SHARD        run every N-th seed from the K-th (N at most 65,536)
//	-execsim.for D          EXECSIM_FOR          run seeds until D of wall-clock time has passed (at most
//	                                             168h; bounded by -execsim.seeds if given, else by 1,000,000)
//	-execsim.strategy S     EXECSIM_STRATEGY     random (default) or pct (see PCT)
//	-execsim.depth D        EXECSIM_DEPTH        PCT's depth, 1 to 64 (default 3)
//	-execsim.pct-steps N    EXECSIM_PCT_STEPS    the run length PCT is sized for (default: learnt
//	                                             from the test's runs; a PCT failure's command gives it)
//	-execsim.determinism N  EXECSIM_DETERMINISM  replay every N-th passing run (default 10; 0 never)
//	-execsim.trace FILE     EXECSIM_TRACE        write the failing run's trace: Perfetto JSON for
//	                                             a .json name, text otherwise
//	-execsim.shrink         EXECSIM_SHRINK       shrink the failing schedule (sim.Shrink) before
//	                                             reporting and saving it
//	-execsim.persist=false  EXECSIM_PERSIST      do not save failing schedules
//	-execsim.steps N        EXECSIM_STEPS        each world's step budget (sim.Options.StepsMax, at most 10^9)
//	-execsim.horizon D      EXECSIM_HORIZON      let a timer due within D of now fire between two steps
//	                                             of running code (sim.Options.TimerHorizon; 0: off)
//	-execsim.now-tick D     EXECSIM_NOW_TICK     the virtual time each read of the clock takes
//	                                             (sim.Options.NowTick, at most 1ms; 0: none)
//
// The last three override [World]'s StepsMax, TimerHorizon and NowTick,
// and a failure's command repeats them; a saved schedule records the last
// two and replays under them, whatever the flags say.
//
// A CI job that explores new seeds every run and can replay any failure:
//
//	EXECSIM_START=random EXECSIM_FOR=5m go test ./...
//
// Run logs the start seed it drew; a failure's command names its own seed
// (-execsim.seed), which runs it alone. Shards split one range between
// jobs: EXECSIM_START=1000 EXECSIM_SEEDS=10000 EXECSIM_SHARD=3/8.
//
// # Saved schedules
//
// A failing run's schedule (every decision its Chooser made) is written
// atomically to testdata/execsim/<TestName>/seed-<N>.schedule in the
// package directory; a subtest's files go one directory per level of its
// name, each made path-safe. The file is a [sim.Schedule]: a comment header
// with the failure and the command, metadata (test, seed, strategy, depth,
// pct-steps, kind), the choices. Every later run of the test replays the
// files there first, in name order, before any seed: a file that still
// fails fails the test with its failure, before a new seed runs. A replay
// answers from the file's choices, so it does not depend on the run length
// PCT learnt (pct-steps only sizes the fallback, should the file stop
// fitting). Commit the files you want
// as regression tests. [Testdata] moves the root, [NoPersist] and
// -execsim.persist=false stop the saving (files already there are still
// replayed). A file of another format version ([sim.ErrScheduleVersion]) is
// skipped, with a log line.
//
// # Stale schedules
//
// When the code changes, a saved schedule may stop fitting: the run asks a
// question of another kind or with another number of answers than the
// schedule recorded (one more goroutine is runnable), or asks more questions
// than it holds, or fewer. The replay does not crash and does not silently
// go astray: from the first question that does not fit, a fallback Chooser
// seeded from the file's seed and strategy answers ([sim.NewReplay]), and
// Run says where the schedule stopped fitting (choice and step). A stale
// file is not a failure by itself, since code is meant to change: if the
// run passes, Run logs where the file stopped fitting and that it no longer
// reproduces what it recorded; if the run fails, the report carries the
// same note.
//
// # Determinism
//
// A run is replayed from the schedule it took, and the two traces must be
// the same: a failure always, before it is reported, and a passing run
// every [DefaultDeterminismEvery]-th (the first included; see
// [DeterminismEvery] and -execsim.determinism). If the replay takes
// another path, the verdict is nondeterministic: the body depends on
// something the seed does not fix (the wall clock, a global variable, map
// order, a raw goroutine or channel), and the seed would not find a
// failure again. Both runs are then made again with every event's kit call
// recorded ([sim.Options].CallerPCs, off otherwise: it costs a stack walk
// per event), and the report gives the first events at which they differ,
// with the file:line of each kit call (the Close inside a range over a map,
// say). No schedule is saved. [CheckDeterminism] makes the same check of
// any one run, for tools that sample seeds.
//
// # Parallel tests and subtests
//
// Every call of Run makes its own worlds, and a world's goroutines are
// coroutines that belong to that world alone, so a leak, deadlock or panic
// is reported by the test whose body caused it, also when tests and
// subtests run with t.Parallel.
package simtest
