package simtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/execsim/execsim/sim"
)

// seedPlan is the seeds a Run tries, in order: the seed range
// start..start+n-1, of which this shard takes every shardN-th, from the
// shardK-th; or the one seed -execsim.seed gave.
type seedPlan struct {
	cfg   config
	count int // seeds this shard runs, at most
}

func (r *runner) plan() seedPlan {
	c := r.cfg
	if c.only != nil {
		return seedPlan{cfg: c, count: 1}
	}
	// Of the c.seeds indexes, those j with j%N == K-1.
	return seedPlan{cfg: c, count: (c.seeds - (c.shardK - 1) + c.shardN - 1) / c.shardN}
}

// seed is the i-th seed of the plan; uint64 arithmetic wraps, which a
// start below startRandomMax never reaches.
func (p seedPlan) seed(i int) uint64 {
	if p.cfg.only != nil {
		return *p.cfg.only
	}
	return p.cfg.start + uint64(p.cfg.shardK-1) + uint64(i)*uint64(p.cfg.shardN)
}

// total is how many runs the plan makes, for "run 3 of 100".
func (p seedPlan) total() string {
	if p.cfg.budget > 0 {
		return fmt.Sprintf("at most %d in %v", p.count, p.cfg.budget)
	}
	return fmt.Sprint(p.count)
}

func (p seedPlan) String() string {
	c := p.cfg
	if c.only != nil {
		return fmt.Sprintf("seed %d", *c.only)
	}
	var b strings.Builder
	switch {
	case c.budget > 0:
		fmt.Fprintf(&b, "seeds from %d for %v (at most %d)", p.seed(0), c.budget, p.count)
	case p.count == 1:
		fmt.Fprintf(&b, "seed %d", p.seed(0))
	default:
		fmt.Fprintf(&b, "%d seeds %d..%d", p.count, p.seed(0), p.seed(p.count-1))
	}
	if c.shardN > 1 {
		fmt.Fprintf(&b, ", shard %d/%d (every %d-th seed)", c.shardK, c.shardN, c.shardN)
	}
	return b.String()
}

// shrinkBudget is how many runs -execsim.shrink may take.
const shrinkBudget = 1000

// shrink makes the failing run's schedule smaller while it fails with the
// same kind (sim.Shrink), and returns the run of the smallest one and a
// line saying what it did. The saved schedule is then the shrunk one,
// which replays exactly; the seed's command still runs the original.
func (r *runner) shrink(a attempt, o outcome) (outcome, string) {
	kind := o.res.Failure.Kind
	try := func(c sim.Chooser) (bool, []sim.Choice) {
		opts := r.options(a)
		opts.Chooser = c
		got := r.runWith(opts, nil)
		return got.res.Failure != nil && got.res.Failure.Kind == kind, got.res.Schedule()
	}
	choices, st := sim.Shrink(o.res.Schedule(), try, shrinkBudget)
	opts := r.options(a)
	rep := sim.NewReplay(choices, chooser(a.strategy, a.depth, a.pctSteps, a.seed))
	opts.Chooser = rep
	shrunk := r.runWith(opts, rep)
	if shrunk.res.Failure == nil || shrunk.res.Failure.Kind != kind {
		return o, fmt.Sprintf("shrink: the shrunk schedule did not fail the same way again; reporting the original (%d runs)", st.Runs)
	}
	return shrunk, fmt.Sprintf("shrink: %d runs; the schedule went from %d to %d choices, %d to %d of them not 0 (preemptions, early timers, draws); the report and the saved schedule are the shrunk run's", st.Runs, st.Before, st.After, st.BeforeNonZero, st.AfterNonZero)
}

// writeTrace runs the failing run again keeping its whole trace, and
// writes it to -execsim.trace's file: Perfetto's JSON for a .json name,
// text otherwise. It returns the report's line about it.
func (r *runner) writeTrace(a attempt, res *sim.Result) string {
	opts := r.options(a)
	opts.KeepTrace = true
	opts.Chooser = sim.NewReplay(res.Schedule(), nil)
	whole := r.runWith(opts, nil).res
	f, err := os.Create(r.cfg.trace)
	if err == nil {
		if strings.EqualFold(filepath.Ext(r.cfg.trace), ".json") {
			err = sim.WriteChromeTrace(f, whole)
		} else {
			err = sim.WriteTrace(f, whole)
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Sprintf("\nno trace written: -execsim.trace: %v\n", err)
	}
	return fmt.Sprintf("\ntrace of the failing run (%d events) written to %s\n", len(whole.Trace), display(r.cfg.trace))
}
