// Package scenarios is where execsim tests its mission: named start,
// shutdown and fault interleavings of the real executor, run on the
// deterministic world over fakenet (engine "sim") or on the real kit over
// loopback TCP (engine "real"), with the standard properties checked
// after every run.
//
// # Properties
//
// Each has a stable kind name ([Kind]), and its check (a function from
// what the harness observed to a failure or nil) sits next to its name in
// property.go; the Cluster's lifecycle methods gather the observations.
// They say what a correct shutdown guarantees, not which defects the
// audit named:
//
//   - not-joined: the moment a component's Shutdown returns, nothing it
//     started is running — its own goroutines, its controller's loops,
//     the loop's per-round receivers, anything those started (a
//     sim.Group's join check). A goroutine that would have ended later on
//     its own is still a failure: that is the audited bug.
//   - unaccounted: every command a shard accepted got exactly one result,
//     sent or counted lost; every message a controller accepted ends sent,
//     failed or dropped-and-counted.
//   - duplicate: no shard service executes a block twice.
//   - lost: every submitted block gets exactly one outcome.
//   - wrong-result: sharded outputs equal sequential execution.
//   - no-recovery: the liveness phase. After the scenario's own steps
//     (the safety phase) every fault heals, every host and service comes
//     back, the cluster goes idle, and the next block must succeed with the
//     sequential result; blocks on a healthy cluster in the restart
//     scenarios must succeed too.
//   - hang: a shutdown or a block past its deadline; a deadlock; a step or
//     time budget used up.
//   - leak: a goroutine alive after the run ended and the world settled.
//   - panic: any panic, send on a closed channel included.
//   - restart: a service that cannot start again on its address.
//
// # Running
//
// [Run] runs one scenario once from a [Config] (scenario, seed, strategy,
// defects, engine) and returns an [Outcome]: the verdict, the failure with
// its kind, goroutine and message, the trace hash, and the command that
// replays it. A failure is a verdict, never an error; an error means the
// configuration was wrong. [Sweep] runs a range of seeds.
//
// The expectations live in testdata/ as datadriven files that state
// behaviour, not counts: "find" (a defect is found within N seeds with the
// right kind) and "holds" (no failure in N seeds). Correct code passes
// every scenario; each defect of executor.Defects, alone, fails the
// scenario aimed at it with the right kind.
//
// # Writing a scenario
//
// A [Scenario] is a function over an [Env]: build a [Cluster], start it,
// submit blocks, inject faults through Env.Net, shut things down in the
// order to test. Draw every choice from Env.Choose, so that the schedule,
// and with it rapid and the fuzzer, controls the operations as well as the
// interleaving. Cluster's methods check the properties as they go.
//
// # Operations
//
// [Ops] is the table of lifecycle operations a user may call on a
// cluster, by name: advance time, submit and await blocks, shut a shard
// or the coordinator down (again, or from two goroutines at once),
// restart them, Start racing Shutdown, Start after Shutdown, the local
// client (execute, Close from two goroutines), a burst of messages past
// executor.ChannelCapacity, crashes, partitions and heals. Each is legal,
// so correct code passes any sequence; random-ops draws them with
// Env.Choose, and the rapid model in fuzz/ drives a Cluster through the
// same table ([NewWorldEnv], [Cluster.OnOutcome], [Cluster.Healthy]).
package scenarios
