// Package scenarios is where execsim tests its mission: named start,
// shutdown and fault interleavings of the real executor, run on the
// deterministic world over fakenet (engine "sim") or on the real kit over
// loopback TCP (engine "real"), with the standard properties checked
// after every run.
//
// # Properties
//
// Each has a stable kind name ([Kind]): leak (a goroutine outlives the
// shutdown that should have stopped it, or the world finds one alive at
// the end), panic (any panic, send on a closed channel included), hang (a
// shutdown or a block past its deadline; a deadlock; a step or time budget
// used up), lost (a submitted block with no outcome, or two), wrong-result
// (sharded outputs that differ from sequential execution) and restart (a
// service that cannot start again on its address).
//
// # Running
//
// [Run] runs one scenario once from a [Config] (scenario, seed, strategy,
// defects, engine) and returns an [Outcome]: the verdict, the failure with
// its kind, goroutine and message, the trace hash, and the command that
// replays it. A failure is a verdict, never an error; an error means the
// configuration was wrong. [Sweep] runs a range of seeds.
//
// The expectations live in testdata/ as datadriven files: each sweep
// command (scenario, strategy, defects, seeds) and the summary it must
// print. Correct code passes every scenario; each audited defect, alone,
// fails the scenario aimed at it with the right kind.
//
// # Writing a scenario
//
// A [Scenario] is a function over an [Env]: build a [Cluster], start it,
// submit blocks, inject faults through Env.Net, shut things down in the
// order to test. Draw every choice from Env.Choose, so that the schedule,
// and with it rapid and the fuzzer, controls the operations as well as the
// interleaving. Cluster's methods check the properties as they go.
package scenarios
