package scenarios

import (
	"slices"
	"strings"
)

// Op is one lifecycle operation a user of the executor may call, as data:
// random-ops draws ops by index with Env.Choose, the rapid model in fuzz/
// by the same index, so both drive a Cluster through the same code. Every
// op is legal for a user (what executor/doc.go promises: Shutdown is
// idempotent and safe from several goroutines, Start after Shutdown is an
// error, a block gets exactly one outcome), so a correct executor passes
// any sequence of them; the Cluster checks the properties as they run.
type Op struct {
	// Name is stable: counterexamples, fuzz seed files and the model's
	// action list use it.
	Name string
	// Disturbs says the op may make a block in flight fail (it shuts
	// down, restarts, crashes, partitions or heals something): the model
	// expects a block submitted to a healthy cluster to succeed only if no
	// disturbing op ran before its outcome.
	Disturbs bool
	// Run applies the op to c, drawing its arguments from c's Env, and
	// says what it did; "" means it did not apply in c's state (restart a
	// host that is up) and changed nothing.
	Run func(c *Cluster) string
}

// ops is the table, sorted by name so that no map or registration order
// decides a draw: answer 0, which shrinking moves towards, is the
// harmless advance-time.
var ops = sortedOps([]Op{
	{Name: "advance-time", Run: (*Cluster).opAdvanceTime},
	{Name: "await", Run: (*Cluster).opAwait},
	{Name: "burst", Run: (*Cluster).opBurst},
	{Name: "crash", Disturbs: true, Run: (*Cluster).opCrash},
	{Name: "heal", Disturbs: true, Run: (*Cluster).opHeal},
	{Name: "local-close", Run: (*Cluster).opLocalClose},
	{Name: "local-execute", Run: (*Cluster).opLocalExecute},
	{Name: "partition", Disturbs: true, Run: (*Cluster).opPartition},
	{Name: "restart-coordinator", Disturbs: true, Run: (*Cluster).opRestartCoordinator},
	{Name: "restart-host", Disturbs: true, Run: (*Cluster).opRestartHost},
	{Name: "restart-shard", Disturbs: true, Run: (*Cluster).opRestartShard},
	{Name: "shutdown-coordinator", Disturbs: true, Run: (*Cluster).opShutdownCoordinator},
	{Name: "shutdown-shard", Disturbs: true, Run: (*Cluster).opShutdownShard},
	{Name: "start-after-shutdown", Run: (*Cluster).opStartAfterShutdown},
	{Name: "start-racing-shutdown", Disturbs: true, Run: (*Cluster).opStartRacingShutdown},
	{Name: "submit", Run: (*Cluster).opSubmit},
})

func sortedOps(o []Op) []Op {
	slices.SortFunc(o, func(a, b Op) int { return strings.Compare(a.Name, b.Name) })
	return o
}

// Ops returns the lifecycle operations, sorted by name.
func Ops() []Op { return slices.Clone(ops) }

// OpNames lists the operations' names, sorted.
func OpNames() []string {
	names := make([]string, len(ops))
	for i, o := range ops {
		names[i] = o.Name
	}
	return names
}

// DrawOp draws one operation from c's Env ("op") and runs it: what
// random-ops does at each step. It returns the op and what it did.
func (c *Cluster) DrawOp() (Op, string) {
	o := ops[c.env.Choose("op", len(ops))]
	return o, o.Run(c)
}
