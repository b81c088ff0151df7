// Package simtest runs a service's concurrent code in execsim worlds from
// plain go test: one world per seed, failures that name the goroutine and
// end with a command to paste, failing schedules saved and replayed first
// on the next run, and a check that every failure really replays.
//
//	func TestShutdown(t *testing.T) {
//		simtest.Run(t, func(rt sim.Runtime) {
//			p := pool.New(rt, 2)
//			p.Submit(func() { rt.Sleep(10 * time.Millisecond) })
//			p.Shutdown()
//		})
//	}
//
// The body is code written against [sim.Runtime] (see package sim for the
// rules it must follow). [Run] runs it in [DefaultSeeds] worlds, seeds 0 to
// 99, each a random walk over the interleavings the seed fixes, and fails
// the test at the first run that fails.
//
// # What fails a run
//
// The world's own checks, with nothing to write: a goroutine panicked; the
// body is deadlocked; a goroutine leaked (still alive once the body
// returned and the world settled, [sim.Options].Settle); a budget was used
// up (scheduling points, virtual time); a goroutine blocked outside the kit.
// A property of the service's own is a panic in the body, or in a goroutine
// it starts. Do not call t.Fatal in the body: it ends the world's goroutine,
// which the world reports as a failure of its own kind (goexit).
//
// # Reports
//
// A failure is reported with t.Errorf, in this order: the configuration
// (seed, strategy), the verdict (kind), the [sim.Failure] report (the
// goroutine at fault and where it was started; for a leak or deadlock,
// every goroutine left waiting, what it waits on and its stack; the last
// events of the trace), where the schedule was saved, and last a command
// to paste at the module root:
//
//	go test ./internal/pool -run '^TestShutdown$' -execsim.seed=17
//
// The test name is quoted as a regexp, a subtest level by level
// ('^TestA$/^leaky$'), and the command repeats the build tags of the test
// binary and the -execsim flags that changed the run. Run returns after the
// first failure; it never calls t.FailNow.
//
// # Flags
//
// simtest registers flags with the standard flag package, so they follow
// the package on the go test command line. Flags given win over options.
//
//	-execsim.seeds N       try seeds 0..N-1 (default 100, at most 1,000,000; see Seeds)
//	-execsim.seed S        run seed S alone, without the saved schedules
//	-execsim.strategy S    random (default) or pct (see PCT)
//	-execsim.depth D       PCT's depth, 1 to 64 (default 3)
//	-execsim.pct-steps N   the run length PCT is sized for (default: learnt
//	                       from the test's runs; a PCT failure's command gives it)
//	-execsim.persist=false do not save failing schedules
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
// A failure is replayed once more, from the schedule it took, before it
// is reported. If the replay takes another path (another trace hash), the
// verdict is nondeterministic, not the failure: the body depends on
// something the seed does not fix (the wall clock, a global variable, map
// order, a raw goroutine or channel), and the seed would not find the
// failure again. The report gives the first event at which a run and the
// replay differ, with both events, and no schedule is saved.
// [CheckDeterminism] makes the same check of any one run, passing or not,
// for tools that sample seeds.
//
// # Parallel tests and subtests
//
// Every call of Run makes its own worlds, and a world's goroutines are
// coroutines that belong to that world alone, so a leak, deadlock or panic
// is reported by the test whose body caused it, also when tests and
// subtests run with t.Parallel.
package simtest
