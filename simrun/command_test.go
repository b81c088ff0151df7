package simrun

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/scenarios"
)

// The replay command spells simrun's flags for every setting a run
// carries, with the registry's program.
func TestReplayCommand(t *testing.T) {
	for _, c := range []struct {
		o    scenarios.Outcome
		want string
	}{
		{scenarios.Outcome{Program: "go run ./cmd/simrun", Scenario: "start-shutdown", Seed: 4, Strategy: scenarios.StrategyRandom},
			"go run ./cmd/simrun -scenario start-shutdown -seed 4"},
		{scenarios.Outcome{Program: "go run ./cmd/mine", Scenario: "x", Seed: 1, Strategy: scenarios.StrategyPCT, Depth: 2, PCTSteps: 470, Defects: []string{"a", "b"}, StepsMax: 9000},
			"go run ./cmd/mine -scenario x -seed 1 -strategy pct -depth 2 -pct-steps 470 -defect a,b -budget-steps 9000"},
		{scenarios.Outcome{Program: "simrun", Scenario: "y", Seed: 0, Engine: scenarios.EngineReal},
			"simrun -scenario y -seed 0 -engine real"},
	} {
		require.Equal(t, c.want, replayCommand(&c.o))
	}
}
