package scenarios

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
)

// The table is drawn by index, so its order is part of every schedule:
// sorted by name, names unique, answer 0 harmless.
func TestOpsSortedAndUnique(t *testing.T) {
	names := OpNames()
	require.True(t, slices.IsSorted(names), "%v", names)
	require.Len(t, slices.Compact(slices.Clone(names)), len(names), "%v", names)
	require.Equal(t, "advance-time", names[0])
	for _, o := range Ops() {
		require.NotNil(t, o.Run, o.Name)
	}
}

// opsRun draws n operations on a cluster in a world and returns the
// names of those that applied, and the failures recorded.
func opsRun(seed uint64, n int, defects []string) (applied []string, failures []*Failure, world *sim.Failure) {
	res := sim.Run(sim.Options{Seed: seed}, func(rt sim.Runtime) {
		e, err := NewWorldEnv(rt, defects)
		if err != nil {
			failures = append(failures, &Failure{Kind: Harness, Message: err.Error()})
			return
		}
		c, err := e.StartCluster(1 + e.Choose("shards", 3))
		if err != nil {
			failures = append(failures, &Failure{Kind: Harness, Message: err.Error()})
			e.Finish()
			return
		}
		for range n {
			if e.Failed() {
				break
			}
			if o, did := c.DrawOp(); did != "" {
				applied = append(applied, o.Name)
			}
		}
		e.Net.HealAll()
		for _, h := range c.hosts() {
			if !e.Net.Up(h) {
				_ = e.Net.Restart(h)
			}
		}
		e.Finish()
		failures = e.Failures()
	})
	return applied, failures, res.Failure
}

// Every operation applies somewhere in a few dozen runs (none is dead
// code behind a precondition that never holds), and a correct executor
// passes every run.
func TestEveryOpAppliesAndCorrectCodePasses(t *testing.T) {
	seen := map[string]int{}
	for seed := range uint64(40) {
		applied, failures, world := opsRun(seed, 30, nil)
		require.Nil(t, world, "seed %d: %v", seed, world)
		require.Empty(t, failures, "seed %d: %v", seed, failures)
		for _, name := range applied {
			seen[name]++
		}
	}
	for _, name := range OpNames() {
		require.NotZero(t, seen[name], "%s never applied in 40 runs of 30 operations", name)
	}
}

// The operations' checks fire on a real defect and stay silent on the
// correct twin, over the same seeds: with the stop signal gone, a shard
// whose loop waits for a state value is still running when a Shutdown
// (repeated, concurrent or racing a Start) returns, or makes its join
// time out.
func TestOpsFindADefect(t *testing.T) {
	found := 0
	for seed := range uint64(300) {
		_, failures, world := opsRun(seed, 30, nil)
		require.Nil(t, world, "seed %d: %v", seed, world)
		require.Empty(t, failures, "seed %d, no defect: %v", seed, failures)
		_, failures, _ = opsRun(seed, 30, []string{"no-stop-signal"})
		if len(failures) > 0 {
			require.Contains(t, []Kind{NotJoined, Hang}, failures[0].Kind, "seed %d: %v", seed, failures[0])
			found++
		}
	}
	require.NotZero(t, found, "no-stop-signal: no failure in 300 runs of 30 operations")
	t.Logf("no-stop-signal: not-joined or hang in %d of 300 runs", found)
}
