package sim_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
)

// A failure the world finds between goroutines (no goroutine to blame)
// says so without an empty goroutine; one with a goroutine names it.
func TestFailureErrorNamesItsGoroutineOnlyWhenThereIsOne(t *testing.T) {
	f := &sim.Failure{Kind: sim.KindUnreachable, Step: 7, Message: "m"}
	require.Equal(t, "sim: unreachable at step 7, +0s: m", f.Error())
	f.Goroutine = sim.GoroutineInfo{ID: 2, Name: "w", SpawnSite: "x.go:3"}
	require.Contains(t, f.Error(), `sim: unreachable in goroutine 2 "w" (started at x.go:3) at step 7`)
}
