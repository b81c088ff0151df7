// Package sim is execsim's deterministic kernel: a runtime in which one
// seed fixes a whole run of real concurrent Go code — which goroutine runs
// next, which ready select case wins, when each timer fires, what a
// simulated network does — so that a failure found once can be replayed
// and shrunk at will.
//
// # The model
//
// Code under test reaches concurrency and time only through a [Runtime]:
// it starts goroutines with [Runtime.Go], makes channels with [NewChan],
// waits with [Select], locks a [Mutex], sleeps, makes timers and
// contexts. Two implementations exist. The real kit ([NewReal]) maps each
// call onto native goroutines, channels, sync and time, for production.
// The world ([Run]) simulates them:
//
//   - Exactly one goroutine runs at a time. Every kit operation is a
//     scheduling point: before the operation takes effect, the world may
//     switch to any other runnable goroutine.
//   - Every nondeterministic decision — the next goroutine, the winning
//     select case, a [Runtime.Choose] draw, an early timer fire — is asked
//     of one [Chooser]. Fix the Chooser's answers and the run is fixed. A
//     seeded random walk ([NewRandom]) and PCT ([NewPCT]) are strategies;
//     a recorded schedule ([NewReplay]), fuzz input ([NewBytes]) and a
//     rapid property test (package sim/simrapid) are sources that let
//     other tools steer and shrink runs.
//     PCT is sized to the run's length, which a [PCTSizer] learns from
//     earlier runs of the same test, and chooses fairly past it.
//   - Time is virtual. The clock starts at [Epoch] and moves only when no
//     goroutine is runnable: it jumps to the earliest pending timer (ties
//     fire in the order the timers were made). A run that sleeps an hour
//     takes microseconds. With [Options].TimerHorizon set, the clock may
//     also move while code runs: at any scheduling point where the
//     earliest timer is due within the horizon, the Chooser decides
//     (a [TimeDecision], 0 = later) whether the work done so far took
//     that long, and if so the timer fires there, between two steps of
//     the running goroutine. Deadlines then pass, and messages arrive, in
//     the middle of a Shutdown or a retry loop; timers still fire in
//     order, the clock never goes back, and shrinking removes the early
//     fires a failure does not need. With [Options].NowTick set, each
//     read of the clock (Now) also moves it on by the tick, so that two
//     reads differ and a loop polling the clock reaches its deadline.
//   - The trace records one [Event] per operation and hashes them all
//     (Result.Hash); two runs with the same hash took the same path. Ids
//     of goroutines and objects are given in creation order, and no event
//     holds a pointer or a wall-clock value, so a seed gives the same hash
//     on every run, at any GOMAXPROCS, with or without -race.
//
// Simulated goroutines are coroutines (iter.Pull): a goroutine that stops
// running resumes the next one itself, so a decision costs less than a
// native goroutine handoff (see BenchmarkWorldSwitch).
//
// # Terms
//
// Runnable: a goroutine that can make progress at its next kit operation.
// Blocked (parked): waiting in a kit operation for another goroutine or a
// timer.
//
// Quiescent: no goroutine is runnable. The world then fires the next
// timer, or, if none is pending, decides how the run ends. (With
// [Options].TimerHorizon, timers may also fire before quiescence.)
//
// Deadlocked: quiescent with no timer pending while the body (the
// function given to Run, goroutine 1 "main") has not returned.
//
// Leaked: still alive after the body returned and the world settled (ran
// to quiescence, letting at most [Options].Settle of virtual time pass).
// A service's Shutdown that forgets to stop or join a goroutine shows as
// a leak of that goroutine, named, with what it blocks on and its stack.
//
// Budget: every run is bounded in scheduling points ([Options].StepsMax)
// and virtual time ([Options].VirtualTimeMax), so a livelock or a hang is
// a failure, never a hung test. A goroutine that blocks outside the kit
// (a raw channel, sync.Mutex, I/O) stops the whole world; a wall-clock
// watchdog ([Options].Watchdog) turns that into a failure naming it.
//
// Replay: running again with [NewReplay] over a Result's Schedule (or a
// schedule file, see [Schedule]) reproduces the run event for event. When
// the code has changed so that the schedule no longer fits, the replay
// says where ([Replay.Divergence]) and goes on with a fallback Chooser.
//
// # Failures
//
// A [Failure] is a typed error: its [Kind] (panic, deadlock, leak, steps,
// time, blocked, chooser, not-joined, unreachable, and options for a bad
// [Options] that ran nothing), the goroutine at fault with its name and
// spawn site, the step and virtual time, every goroutine left waiting and
// what it waits on, and the last events of the trace. After any outcome the
// world unwinds every goroutine it parked (their deferred calls run), so
// the host process leaks nothing.
//
// # Rules for code under test
//
// Inside a world, use only the kit (or plain Go rewritten by cmd/execsim,
// whose package plain calls adopt native channels and sync values into
// the world: [AdoptChan], [Local]): no go statement, raw channel, sync
// blocking primitive or time function, and contexts made by the Runtime
// (context.WithValue of one is fine). Wait on a context with [DoneCase],
// not by receiving from ctx.Done(). Do not let map iteration order decide
// behaviour. Anything else is nondeterminism the seed cannot fix.
package sim
