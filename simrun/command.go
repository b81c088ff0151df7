package simrun

import (
	"strconv"
	"strings"

	"github.com/execsim/execsim/scenarios"
)

// replayCommand is the simrun command that replays o: o.Program's (the
// binary serving the registry), with simrun's own flags.
func replayCommand(o *scenarios.Outcome) string {
	prog := o.Program
	args := []string{prog, "-scenario " + o.Scenario, "-seed " + strconv.FormatUint(o.Seed, 10)}
	if o.Strategy == scenarios.StrategyPCT {
		args = append(args, "-strategy pct", "-depth "+strconv.Itoa(o.Depth))
		if o.PCTSteps > 0 {
			args = append(args, "-pct-steps "+strconv.FormatInt(o.PCTSteps, 10))
		}
	}
	if len(o.Defects) > 0 {
		args = append(args, "-defect "+strings.Join(o.Defects, ","))
	}
	if o.Engine == scenarios.EngineReal {
		args = append(args, "-engine real")
	}
	if o.StepsMax > 0 {
		args = append(args, "-budget-steps "+strconv.FormatInt(o.StepsMax, 10))
	}
	return strings.Join(args, " ")
}
