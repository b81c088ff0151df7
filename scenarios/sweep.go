package scenarios

import (
	"fmt"
	"maps"
	"slices"

	"github.com/execsim/execsim/sim"
)

// Summary is what a sweep of seeds found.
type Summary struct {
	Runs, Failures int
	// ByKind counts the failures by property kind.
	ByKind map[Kind]int
	// First is the first failing run, with its replay command.
	First *Outcome
	// PCTSteps is the run length PCT had learnt at the end of the sweep
	// (pct only): the longest run, see sim.PCTSizer.
	PCTSteps int64
}

// Sweep runs cfg for seeds from..from+n-1, in order, and summarizes;
// stopOnFail stops at the first failure.
//
// Under PCT with no Config.PCTSteps, the sweep sizes PCT from its own runs
// (a sim.PCTSizer, starting from the scenario's Steps): each seed's change
// points are drawn over the longest run so far, and each Outcome records
// the length in its replay command. The runs are in seed order, so a sweep
// is as deterministic as its seeds. A caller that runs seeds in parallel
// sizes PCT first, with a short Sweep, and gives every run the result
// (Summary.PCTSteps) as Config.PCTSteps, so that no run depends on which
// others finished before it.
func Sweep(cfg Config, from uint64, n int, stopOnFail bool) (*Summary, error) {
	s := &Summary{ByKind: map[Kind]int{}}
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	var sizer *sim.PCTSizer
	if cfg.Strategy == StrategyPCT {
		sc, _ := cfg.registry().Lookup(cfg.Scenario)
		sizer = sim.NewPCTSizer(cfg.pctSteps(sc))
	}
	for i := range n {
		c := cfg
		c.Seed = from + uint64(i)
		if sizer != nil && cfg.PCTSteps == 0 {
			c.PCTSteps = sizer.Steps()
		}
		o, err := Run(c)
		if err != nil {
			return nil, err
		}
		if sizer != nil && cfg.PCTSteps == 0 {
			sizer.Observe(o.Result)
		}
		s.Runs++
		if o.Failure != nil {
			s.Failures++
			s.ByKind[o.Failure.Kind]++
			if s.First == nil {
				s.First = o
			}
			if stopOnFail {
				break
			}
		}
	}
	if sizer != nil {
		s.PCTSteps = sizer.Steps()
	}
	return s, nil
}

// String is the summary in one line, kinds in their fixed order.
func (s *Summary) String() string {
	if s.Failures == 0 {
		return fmt.Sprintf("pass %d/%d", s.Runs, s.Runs)
	}
	// The standard kinds in their fixed order, then a registry's own by name.
	order := append(Kinds(), Harness)
	for _, k := range slices.Sorted(maps.Keys(s.ByKind)) {
		if !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	kinds := ""
	for _, k := range order {
		if n := s.ByKind[k]; n > 0 {
			if kinds != "" {
				kinds += ","
			}
			kinds += fmt.Sprintf("%s=%d", k, n)
		}
	}
	return fmt.Sprintf("fail %d/%d (%s); first at seed %d: %v", s.Failures, s.Runs, kinds, s.First.Seed, s.First.Failure)
}
