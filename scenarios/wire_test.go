package scenarios

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/executor"
)

// TestValuesAndBytesGiveOneRun checks that carrying messages as Go values
// inside the simulated network (the default, see transport.Message) is
// invisible to a run: every scenario, correct and with each defect, gives
// the same trace hash and verdict as with fakenet WireOnly, where every
// message is encoded and decoded as over TCP. A receiver that kept and
// changed a value it shares with its sender, or with a duplicate of the
// message, would make the two differ.
func TestValuesAndBytesGiveOneRun(t *testing.T) {
	seeds := uint64(3) // × 11 scenarios × 10 defect sets × 2 strategies
	if testing.Short() {
		seeds = 1
	}
	run := func(cfg Config, wireOnly bool) *Outcome {
		saved := netConfig
		netConfig.WireOnly = wireOnly
		defer func() { netConfig = saved }()
		o, err := Run(cfg)
		require.NoError(t, err)
		return o
	}
	defects := [][]string{nil}
	for _, d := range executor.Defects() {
		defects = append(defects, []string{d.Name})
	}
	for _, s := range All() {
		for _, ds := range defects {
			for seed := range seeds {
				for _, strategy := range []string{StrategyRandom, StrategyPCT} {
					cfg := Config{Scenario: s.Name, Seed: seed, Strategy: strategy, Defects: ds}
					values, bytes := run(cfg, false), run(cfg, true)
					require.Equal(t, bytes.TraceHash, values.TraceHash, "%s seed %d %s defects %v", s.Name, seed, strategy, ds)
					require.Equal(t, bytes.Verdict, values.Verdict, "%s seed %d %s defects %v", s.Name, seed, strategy, ds)
				}
			}
		}
	}
}
