package simrun

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/simtest"
)

// config is the run configuration of one scenario and seed, from the
// flags.
func (c *cli) config(scenario string, seed uint64) scenarios.Config {
	o := &c.o
	cfg := scenarios.Config{Scenario: scenario, Seed: seed, Strategy: o.strategy, Depth: int(o.depth),
		Defects: slices.Clone(o.defects), Engine: o.engine, StepsMax: o.budgetSteps, Registry: c.reg}
	if o.strategy == scenarios.StrategyPCT {
		cfg.PCTSteps = o.pctSteps
		if n, ok := o.pctSized[scenario]; ok && cfg.PCTSteps == 0 {
			cfg.PCTSteps = n
		}
	}
	return cfg
}

// pctWarmup is how many seeds of each scenario size PCT before a sweep.
const pctWarmup = 10

// sizePCT learns, for each scenario, the run length PCT is sized for, from
// a sequential scenarios.Sweep of the sweep's first seeds. Every run of the
// sweep then gets the same length, so that its verdict does not depend on
// how many workers ran or which finished first (a sizer shared by the
// workers would give each seed whatever had finished before it); the
// replay command carries the length as -pct-steps.
func (c *cli) sizePCT(lo, hi uint64) error {
	o := &c.o
	if o.strategy != scenarios.StrategyPCT || o.pctSteps > 0 || o.engine != scenarios.EngineSim {
		return nil
	}
	o.pctSized = map[string]int64{}
	for _, s := range o.scenarioList {
		sum, err := scenarios.Sweep(c.config(s.Name, lo), lo, int(min(hi-lo, pctWarmup)), false)
		if err != nil {
			return usagef("%v", strings.TrimPrefix(err.Error(), "scenarios: "))
		}
		o.pctSized[s.Name] = sum.PCTSteps
	}
	return nil
}

// result is one run of a sweep.
type result struct {
	idx        uint64 // the job's place in the sweep
	o          *scenarios.Outcome
	err        error
	start, end time.Time
	checked    bool                    // -check-determinism ran this seed again
	nondet     *simtest.Nondeterminism // what that found, if not the same
}

// sweepWindowPerWorker is how many jobs per worker a sweep lets run ahead
// of the first one not yet emitted.
const sweepWindowPerWorker = 64

// checkEvery is -check-determinism's sample: one passing run in this many
// (by the seed's place in the range) is run again and replayed.
const checkEvery = 10

// checkDeterminism runs a passing seed again and replays its schedule,
// with full traces, and returns the first difference, if any.
func (c *cli) checkDeterminism(cfg scenarios.Config) (*simtest.Nondeterminism, error) {
	opts, err := cfg.WorldOptions()
	if err != nil {
		return nil, err
	}
	body, err := scenarios.Body(cfg)
	if err != nil {
		return nil, err
	}
	return simtest.CheckDeterminism(opts, body)
}

// job runs the sweep's job i. A panic outside the world (a world recovers
// its own) becomes the job's internalError, so that the sweep stops and
// simrun exits 3 instead of dying without its summary.
func (c *cli) job(i, lo, per uint64, pool *sim.CoroutinePool) (r result) {
	o := &c.o
	defer func() {
		if p := recover(); p != nil {
			r = result{idx: i, err: recovered(p)}
		}
	}()
	s := o.scenarioList[i/per]
	start := time.Now()
	cfg := c.config(s.Name, lo+i%per)
	cfg.Coroutines = pool
	out, err := c.runScenario(cfg)
	r = result{idx: i, o: out, err: err, start: start, end: time.Now()}
	if err == nil && o.checkDeterminism && out.Failure == nil && (i%per)%checkEvery == 0 {
		r.checked = true
		r.nondet, r.err = c.checkDeterminism(cfg)
	}
	return r
}

// sweep runs the seeds of -from/-seeds (or -seed), sharded, over the
// scenarios, on the workers.
func (c *cli) sweep() (int, error) {
	o := &c.o
	lo, hi := shardRange(o.from, uint64(o.seeds), o.shardK, o.shardN)
	per := hi - lo
	total, ok := mulCount(per, uint64(len(o.scenarioList)))
	if !ok {
		return 0, usagef("-seeds: %d seeds x %d scenarios is more runs than a uint64 counts", per, len(o.scenarioList))
	}
	if o.trace != "" || o.shrink {
		if total != 1 {
			flag := "-trace"
			if o.shrink {
				flag = "-shrink"
			}
			return 0, usagef("%s: needs a single run: give one -scenario and -seed S, or -replay FILE", flag)
		}
	}
	// Everything but the JSON lines goes to info: stderr under -json.
	info := c.stdout
	if o.json {
		info = c.stderr
	}
	c.printConfig(info, lo, hi)
	if total == 1 {
		return c.single(info, o.scenarioList[0].Name, lo)
	}

	// Check every scenario's configuration up front, so that a bad one is
	// a usage error before any run, not a failure in the middle.
	for _, s := range o.scenarioList {
		cfg := c.config(s.Name, lo)
		if err := cfg.Check(); err != nil {
			return 0, usagef("%v", strings.TrimPrefix(err.Error(), "scenarios: "))
		}
	}

	if err := c.sizePCT(lo, hi); err != nil {
		return 0, err
	}
	if len(o.pctSized) > 0 {
		fmt.Fprintf(info, "simrun: pct sized from seeds %d..%d:", lo, lo+min(hi-lo, pctWarmup)-1)
		for _, s := range o.scenarioList {
			fmt.Fprintf(info, " %s=%d", s.Name, o.pctSized[s.Name])
		}
		fmt.Fprintf(info, " steps\n")
	}
	results := make(chan result, 4*o.workers)
	// A worker takes a slot before a job and the collector gives it back
	// when it emits the job in order: at most window jobs are running or
	// waiting for an earlier one, so one slow run cannot make the others
	// pile up in pending (failures with their traces) without bound.
	window := sweepWindowPerWorker * o.workers
	slots := make(chan struct{}, window)
	var next atomic.Uint64
	var stop atomic.Bool
	prog := c.newProgress(info, total)
	// The closer starts before any run: the real engine checks for leaks
	// against the goroutines that existed when its run began.
	var wg sync.WaitGroup
	wg.Add(int(o.workers))
	go func() { wg.Wait(); close(results) }()
	for range o.workers {
		go func() {
			defer wg.Done()
			// Each worker's worlds reuse one another's native goroutines
			// (sim.CoroutinePool); none is left once the worker is done.
			var pool sim.CoroutinePool
			defer pool.Close()
			for !stop.Load() {
				slots <- struct{}{}
				i := next.Add(1) - 1
				if i >= total {
					<-slots
					return
				}
				r := c.job(i, lo, per, &pool)
				out := r.o
				if r.err != nil || (o.stopOnFail && out.Failure != nil) {
					stop.Store(true)
				}
				if out != nil && out.Failure == nil {
					out.Result = nil // a pass needs no trace: keep memory flat
				}
				results <- r
				prog.add(out != nil && out.Failure != nil)
			}
		}()
	}

	// Collect in job order, so that -json output and the reports do not
	// depend on which worker was faster.
	sum := newSummary(o.scenarioList)
	pending := map[uint64]result{}
	var order uint64
	var runErr error
	emit := func(r result) {
		if r.err != nil {
			if runErr == nil {
				runErr = r.err
			}
			return
		}
		if o.json {
			c.writeJSON(r.o)
		}
		sum.add(r)
	}
	for r := range results {
		pending[r.idx] = r
		for {
			p, ok := pending[order]
			if !ok {
				break
			}
			delete(pending, order)
			emit(p)
			order++
			<-slots
		}
	}
	// After a stop, jobs past a gap never ran: emit what did, in order.
	keys := make([]uint64, 0, len(pending))
	for k := range pending {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		emit(pending[k])
	}
	prog.finish()
	if runErr != nil {
		var ie *internalError
		if errors.As(runErr, &ie) {
			return 0, ie
		}
		return 0, usagef("%v", strings.TrimPrefix(runErr.Error(), "scenarios: "))
	}

	nondet := c.reportFailures(info, sum)
	for _, nd := range sum.nondet {
		fmt.Fprintf(info, "\n%s\n  scenario %s; run it again with: %s\n", nd.n.String(), nd.o.Scenario, c.command(nd.o))
	}
	nondet += len(sum.nondet)
	sum.print(info)
	if o.checkDeterminism {
		fmt.Fprintf(info, "determinism: %d passing run(s) run again and replayed, %d differed\n", sum.checked, len(sum.nondet))
	}
	return c.verdict(info, sum, nondet), nil
}

func (c *cli) printConfig(w io.Writer, lo, hi uint64) {
	o := &c.o
	names := make([]string, len(o.scenarioList))
	for i, s := range o.scenarioList {
		names[i] = s.Name
	}
	scen := o.scenario
	if scen == "all" {
		scen = fmt.Sprintf("all (%d)", len(names))
	}
	seeds := fmt.Sprintf("%d..%d", lo, hi-1)
	switch {
	case hi == lo:
		seeds = "none"
	case hi-lo == 1:
		seeds = fmt.Sprint(lo)
	}
	strat := o.strategy
	if strat == scenarios.StrategyPCT {
		d := o.depth
		if d == 0 {
			d = 3
		}
		strat = fmt.Sprintf("pct depth=%d", d)
	}
	budget := "default"
	if o.budgetSteps > 0 {
		budget = fmt.Sprint(o.budgetSteps)
	}
	fmt.Fprintf(w, "simrun: scenario=%s seeds=%s strategy=%s defects=%s engine=%s budget-steps=%s",
		scen, seeds, strat, defectsString(o.defects), o.engine, budget)
	if hi-lo > 1 || len(names) > 1 {
		fmt.Fprintf(w, " workers=%d", o.workers) // a single run has no workers
	}
	if o.shard != "" {
		fmt.Fprintf(w, " shard=%d/%d of %d..%d", o.shardK, o.shardN, o.from, o.from+uint64(o.seeds)-1)
	}
	if o.stopOnFail {
		fmt.Fprint(w, " stop-on-fail")
	}
	fmt.Fprintln(w)
	if o.workersForced {
		fmt.Fprintln(w, "note: -engine real runs one seed at a time (it checks for leaked goroutines process-wide): -workers ignored")
	}
	if len(o.skippedFaultyOnReal) > 0 {
		fmt.Fprintf(w, "note: skipped on the real engine (they inject network faults, sim only): %s\n", strings.Join(o.skippedFaultyOnReal, ", "))
	}
}

// summary is what a sweep found, per scenario.
type summary struct {
	rows  []*row
	byKey map[string]*row
	runs  int
	fails int
	// first failing outcome of each kind in each scenario, in scenario
	// order then kind order of appearance.
	firsts []*scenarios.Outcome
	start  time.Time
	end    time.Time
	// -check-determinism: runs checked, and those that differed.
	checked int
	nondet  []nondetRun
}

type nondetRun struct {
	o *scenarios.Outcome
	n *simtest.Nondeterminism
}

// moreSeeds is how many of the failing seeds not reported in full a row
// keeps to name; the others are only counted.
const moreSeeds = 10

type row struct {
	scenario   string
	seeds      int
	failures   int
	byKind     map[scenarios.Kind]int
	kinds      []scenarios.Kind
	more       map[scenarios.Kind][]uint64 // the first moreSeeds failing seeds not reported in full
	steps      stepsHist
	start, end time.Time
}

func newSummary(list []scenarios.Scenario) *summary {
	s := &summary{byKey: map[string]*row{}}
	for _, sc := range list {
		s.row(sc.Name)
	}
	return s
}

func (s *summary) row(name string) *row {
	if r, ok := s.byKey[name]; ok {
		return r
	}
	r := &row{scenario: name, byKind: map[scenarios.Kind]int{}, more: map[scenarios.Kind][]uint64{}}
	s.rows = append(s.rows, r)
	s.byKey[name] = r
	return r
}

func (s *summary) add(r result) {
	o := r.o
	if r.checked {
		s.checked++
		if r.nondet != nil {
			s.nondet = append(s.nondet, nondetRun{o, r.nondet})
		}
	}
	rw := s.row(o.Scenario)
	s.runs++
	rw.seeds++
	if o.Engine == scenarios.EngineSim {
		rw.steps.add(o.Steps)
	}
	if !r.start.IsZero() {
		if rw.start.IsZero() || r.start.Before(rw.start) {
			rw.start = r.start
		}
		if r.end.After(rw.end) {
			rw.end = r.end
		}
		if s.start.IsZero() || r.start.Before(s.start) {
			s.start = r.start
		}
		if r.end.After(s.end) {
			s.end = r.end
		}
	}
	if o.Failure == nil {
		return
	}
	s.fails++
	rw.failures++
	k := o.Failure.Kind
	if rw.byKind[k] == 0 {
		rw.kinds = append(rw.kinds, k)
		s.firsts = append(s.firsts, o)
	} else {
		if len(rw.more[k]) < moreSeeds {
			rw.more[k] = append(rw.more[k], o.Seed)
		}
		o.Result = nil
	}
	rw.byKind[k]++
}

// print writes the summary table: names left, numbers right.
func (s *summary) print(w io.Writer) {
	rows := [][]string{{"scenario", "seeds", "failures", "median steps", "seeds/s"}}
	for _, r := range s.rows {
		rows = append(rows, []string{r.scenario, fmt.Sprint(r.seeds), failuresCell(r), r.steps.cell(), rate(r.seeds, r.start, r.end)})
	}
	if len(s.rows) > 1 {
		var all stepsHist
		for _, r := range s.rows {
			all.merge(&r.steps)
		}
		rows = append(rows, []string{"total", fmt.Sprint(s.runs), fmt.Sprint(s.fails), all.cell(), rate(s.runs, s.start, s.end)})
	}
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r {
			width[i] = max(width[i], len(cell))
		}
	}
	for _, r := range rows {
		line := fmt.Sprintf("%-*s", width[0], r[0])
		for i := 1; i < len(r); i++ {
			line += fmt.Sprintf("  %*s", width[i], r[i])
		}
		fmt.Fprintln(w, line)
	}
}

func failuresCell(r *row) string {
	if r.failures == 0 {
		return "0"
	}
	var parts []string
	for _, k := range r.kinds {
		parts = append(parts, fmt.Sprintf("%s=%d", k, r.byKind[k]))
	}
	return fmt.Sprintf("%d (%s)", r.failures, strings.Join(parts, ","))
}

// rate is runs per second of wall-clock time between the first start and
// the last end; "-" when unknown (merged from JSON).
func rate(n int, start, end time.Time) string {
	d := end.Sub(start)
	if start.IsZero() || d <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f", float64(n)/d.Seconds())
}

// verdict prints the last line and returns the exit status.
func (c *cli) verdict(w io.Writer, s *summary, nondet int) int {
	switch {
	case nondet > 0:
		fmt.Fprintf(w, "NONDETERMINISTIC: %d reported failure(s) did not come out the same when run again; %d of %d runs failed\n", nondet, s.fails, s.runs)
		return exitFail
	case s.fails > 0:
		kinds := map[scenarios.Kind]int{}
		for _, r := range s.rows {
			for k, n := range r.byKind {
				kinds[k] += n
			}
		}
		var parts []string
		for _, k := range append(c.reg.Kinds(), scenarios.Harness) {
			if kinds[k] > 0 {
				parts = append(parts, fmt.Sprintf("%s=%d", k, kinds[k]))
			}
		}
		fmt.Fprintf(w, "FAIL: %d of %d runs failed (%s)\n", s.fails, s.runs, strings.Join(parts, ","))
		return exitFail
	}
	fmt.Fprintf(w, "PASS: %d of %d runs, every property held\n", s.runs, s.runs)
	return exitPass
}
