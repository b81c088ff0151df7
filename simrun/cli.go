package simrun

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/term"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/sim"
)

// Exit statuses; see the package doc.
const (
	exitPass  = 0
	exitFail  = 1
	exitUsage = 2
	// exitInternal is a panic in simrun itself; see internalError.
	exitInternal = 3
)

// usageError is bad usage or input: exit status 2, one line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{"simrun: " + fmt.Sprintf(format, args...)}
}

// cli is one invocation of simrun. Everything that comes from the process
// (environment, working directory, terminal) goes through it, so that
// tests run simrun in-process, in parallel, each in its own directory.
type cli struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	isTerminal     func(io.Writer) bool
	// dir is where relative paths are resolved; "" means the process's
	// working directory. Paths are printed as given, never resolved, so
	// that a printed command works where the user typed the first one.
	dir string
	// run runs one scenario; nil means scenarios.Run. Tests replace it to
	// crash simrun on purpose.
	run func(scenarios.Config) (*scenarios.Outcome, error)
	// reg holds the scenarios and defects simrun serves.
	reg *scenarios.Registry

	o options
}

// runScenario runs cfg with c.run.
// A failing Outcome gets its replay command here: simrun owns the flags
// the command spells.
func (c *cli) runScenario(cfg scenarios.Config) (*scenarios.Outcome, error) {
	run := c.run
	if run == nil {
		run = scenarios.Run
	}
	o, err := run(cfg)
	if err == nil && o != nil && o.Failure != nil {
		o.Replay = c.command(o)
	}
	return o, err
}

// options are the parsed flags.
type options struct {
	list                bool
	scenario            string
	seeds               int64
	seed, from          uint64
	strategy            string
	depth               int64
	pctSteps            int64
	pctSized            map[string]int64 // learnt per scenario before a sweep
	defects             []string
	engine              string
	workers             int64
	budgetSteps         int64
	stopOnFail          bool
	checkDeterminism    bool
	shard               string
	json                bool
	merge               bool
	replay, trace, out  string
	shrink              bool
	shrinkRuns          int64
	progress            string
	set                 map[string]bool // flags given on the command line
	args                []string        // positional: -merge's files
	shardK, shardN      int
	scenarioList        []scenarios.Scenario
	workersForced       bool
	skippedFaultyOnReal []string
}

const helpHeader = `simrun sweeps seeds over the executor's scenarios on the simulator, and
replays, shrinks and traces one run.

Usage:
  simrun [flags]                            sweep (no flags: every scenario x 1,000 seeds)
  simrun -scenario NAME -seed S [-trace out.txt|out.json] [-shrink]
  simrun -replay FILE [-trace out.txt|out.json] [-shrink]
  simrun -merge FILE...                     one summary of the -json output of shards
  simrun -list                              scenarios, defects, strategies

With no flags simrun runs every scenario on seeds 0..999, no defects, on the
sim engine, one worker per core (GOMAXPROCS). It shows a progress bar with
seeds/s and ETA on a terminal (a plain line every 10s otherwise), then a
summary table: scenario, seeds, failures, median steps, seeds/s. The
configuration comes first, the verdict last.

A failing run prints its failure (kind, goroutine, message), the last trace
events and the commands that replay it, and writes a schedule file into -o
(a sweep: the first failing seed of each kind in each scenario). simrun runs
a failure again before it reports it; one that does not come out the same
is reported as nondeterministic.

-json writes one JSON object per run on stdout, in seed order: version,
scenario, seed, strategy, defects, engine, verdict (pass|fail), failure
(kind, goroutine, message), steps, virtual_ns, trace_hash, replay, sweep
(from, seeds, scenarios, shard, shards); the schema is
docs/simrun-result.schema.json. Progress, reports and summary then go to
stderr.

-shard K/N runs part K (0 <= K < N) of each scenario's seed range FROM..FROM+n-1:
seeds FROM+floor(n*K/N) to FROM+floor(n*(K+1)/N)-1. The parts are disjoint
and together exactly the range. K may be "index": it is then read from
$JOB_COMPLETION_INDEX (a Kubernetes Indexed Job). Combine the shards' -json
output with -merge, which checks every line against the schema and that the
shards cover the sweep: every shard once, each with all its runs.

Exit status: 0 every property held; 1 a property failed (or a run was not
reproducible); 2 bad usage or input (unknown scenario or defect, bad flag
value, conflicting flags, unreadable or malformed schedule or -merge file);
3 simrun crashed (an internal panic: a bug, reported with its stack).

Flags:
`

func (c *cli) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("simrun", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported in one line by main
	o := &c.o
	fs.BoolVar(&o.list, "list", false, "list the scenarios, defects and strategies, and exit")
	fs.StringVar(&o.scenario, "scenario", "all", "the `NAME` of the scenario to run, several separated by commas, or all")
	fs.Int64Var(&o.seeds, "seeds", 1000, "how many seeds to run per scenario (`N`, 1 to 10^12)")
	fs.Uint64Var(&o.seed, "seed", 0, "run the one seed `S` (conflicts with -seeds, -from and -shard)")
	fs.Uint64Var(&o.from, "from", 0, "the first seed `S` of the sweep")
	fs.StringVar(&o.strategy, "strategy", scenarios.StrategyRandom, "the scheduling strategy: random or pct")
	fs.Int64Var(&o.depth, "depth", 0, "PCT's depth `D`, 1 to 64 (-strategy pct only; 0 means 3)")
	fs.Int64Var(&o.pctSteps, "pct-steps", 0, "the run length `N` PCT is sized for (-strategy pct only; up to 10^12; 0: a sweep learns it from each scenario's first seeds, a single run uses the scenario's estimate)")
	fs.Func("defect", "switch on audited defects: `NAME[,NAME]` (see -list)", func(v string) error {
		for _, d := range strings.Split(v, ",") {
			if d = strings.TrimSpace(d); d != "" && !slices.Contains(o.defects, d) {
				o.defects = append(o.defects, d)
			}
		}
		return nil
	})
	fs.StringVar(&o.engine, "engine", scenarios.EngineSim, "the engine: sim (simulated, deterministic) or real (loopback TCP, wall clock; one worker)")
	fs.Int64Var(&o.workers, "workers", 0, "runs at a time (`N`, 1 to 1024); 0 means GOMAXPROCS")
	fs.Int64Var(&o.budgetSteps, "budget-steps", 0, "stop a run after `N` scheduling points, a hang (1 to 10^12; 0 means the world's default)")
	fs.BoolVar(&o.stopOnFail, "stop-on-fail", false, "stop the sweep at the first failure")
	fs.BoolVar(&o.checkDeterminism, "check-determinism", false, "run one passing seed in ten again and replay its schedule, both with full traces: any difference is a nondeterministic verdict (sim engine)")
	fs.StringVar(&o.shard, "shard", "", "run part `K/N` of the seed range (K from 0, N up to 2^20; K may be \"index\" for $JOB_COMPLETION_INDEX)")
	fs.BoolVar(&o.json, "json", false, "one JSON object per run on stdout; everything else on stderr")
	fs.BoolVar(&o.merge, "merge", false, "summarize the -json lines of the files given as arguments (shards of one sweep)")
	fs.StringVar(&o.replay, "replay", "", "run the schedule `FILE` (scenario, seed, strategy, defects from its metadata)")
	fs.StringVar(&o.trace, "trace", "", "write the trace of a single run to `FILE`: text, or Chrome/Perfetto JSON if it ends in .json")
	fs.BoolVar(&o.shrink, "shrink", false, "shrink a failing single run (-seed or -replay) while the same failure kind persists")
	fs.Int64Var(&o.shrinkRuns, "shrink-runs", 1000, "how many runs -shrink may try (`N`, 1 to 10^7)")
	fs.StringVar(&o.out, "o", "simrun-failures", "the `DIR` for schedule files")
	fs.StringVar(&o.progress, "progress", "auto", "progress display: auto (a bar on a terminal, lines otherwise), bar, lines or off")
	return fs
}

// helpText is the -h output, golden-tested.
func (c *cli) helpText() string {
	var b strings.Builder
	if c.reg == scenarios.Default() {
		b.WriteString(helpHeader)
	} else {
		b.WriteString(strings.Replace(helpHeader, "the executor's scenarios", "the registered scenarios", 1))
	}
	fs := c.flagSet()
	fs.SetOutput(&b)
	fs.PrintDefaults()
	return b.String()
}

func (c *cli) main(args []string) (code int) {
	defer func() {
		if p := recover(); p != nil {
			code = c.fail(recovered(p))
		}
	}()
	err := c.parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(c.stdout, c.helpText())
		return exitPass
	}
	if err == nil {
		var code int
		code, err = c.dispatch()
		if err == nil {
			return code
		}
	}
	return c.fail(err)
}

// fail reports err in one line (a crash adds its stack) and returns the
// exit status.
func (c *cli) fail(err error) int {
	var ie *internalError
	if errors.As(err, &ie) {
		fmt.Fprintf(c.stderr, "%s\n%s", ie.Error(), ie.stack)
		return exitInternal
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "simrun: ") {
		msg = "simrun: " + msg
	}
	fmt.Fprintln(c.stderr, msg)
	var ue *usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	// Any other error is the harness's own (a file that cannot be
	// written): still not a verdict, so never 0.
	return exitUsage
}

func (c *cli) dispatch() (int, error) {
	switch {
	case c.o.list:
		return exitPass, c.list()
	case c.o.merge:
		return c.mergeFiles()
	case c.o.replay != "":
		return c.replayFile()
	}
	return c.sweep()
}

// exclusive lists, for each mode, the flags it cannot be combined with:
// an option silently ignored would be a lie about what ran.
var runFlags = []string{"scenario", "seeds", "seed", "from", "strategy", "depth", "pct-steps", "defect", "engine", "workers", "budget-steps", "stop-on-fail", "check-determinism", "shard", "json", "replay", "trace", "shrink", "shrink-runs", "o", "progress"}

func (c *cli) conflicts(mode string, bad []string) error {
	for _, f := range bad {
		if f != mode && c.o.set[f] {
			return usagef("-%s: cannot be combined with -%s", mode, f)
		}
	}
	return nil
}

func (c *cli) parse(args []string) error {
	fs := c.flagSet()
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%v (see simrun -h)", err)
	}
	o := &c.o
	o.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	o.args = fs.Args()

	if o.list {
		if err := c.conflicts("list", append(runFlags, "merge")); err != nil {
			return err
		}
		if len(o.args) > 0 {
			return usagef("-list: unexpected argument %q", o.args[0])
		}
		return nil
	}
	if o.merge {
		if err := c.conflicts("merge", runFlags); err != nil {
			return err
		}
		if len(o.args) == 0 {
			return usagef("-merge: no files: give the -json output of every shard, like simrun -merge shard-*.jsonl")
		}
		return nil
	}
	if len(o.args) > 0 {
		return usagef("unexpected argument %q (flags come before arguments; only -merge takes files; see simrun -h)", o.args[0])
	}

	switch o.progress {
	case "auto", "bar", "lines", "off":
	default:
		return usagef("-progress: unknown mode %q (known: auto, bar, lines, off)", o.progress)
	}
	if !inRange(o.workers, 0, workersMax) {
		return usagef("-workers: %d: %s, or 0 for GOMAXPROCS", o.workers, rangeText(1, workersMax))
	}
	if !inRange(o.budgetSteps, 0, budgetStepsMax) {
		return usagef("-budget-steps: %d: %s, or 0 for the world's default", o.budgetSteps, rangeText(1, budgetStepsMax))
	}
	if !inRange(o.shrinkRuns, 1, shrinkRunsMax) {
		return usagef("-shrink-runs: %d: %s", o.shrinkRuns, rangeText(1, shrinkRunsMax))
	}
	if o.set["shrink-runs"] && !o.shrink {
		return usagef("-shrink-runs: only with -shrink")
	}
	if o.out == "" {
		return usagef("-o: empty directory name")
	}

	if o.replay != "" {
		// The file says what to run; a flag that says otherwise conflicts.
		return c.conflicts("replay", []string{"scenario", "seeds", "seed", "from", "strategy", "depth", "pct-steps", "defect", "engine", "workers", "stop-on-fail", "check-determinism", "shard"})
	}

	if _, ok := sim.ParseStrategy(o.strategy); !ok || o.strategy == "" {
		return usagef("-strategy: unknown strategy %q (known: %s)", o.strategy, sim.StrategyNames())
	}
	if o.set["depth"] && o.strategy != scenarios.StrategyPCT {
		return usagef("-depth: only the pct strategy has a depth (add -strategy pct)")
	}
	if !inRange(o.depth, 0, depthMax) {
		return usagef("-depth: %d: %s, or 0 for 3", o.depth, rangeText(1, depthMax))
	}
	if o.set["pct-steps"] && o.strategy != scenarios.StrategyPCT {
		return usagef("-pct-steps: only the pct strategy is sized (add -strategy pct)")
	}
	if !inRange(o.pctSteps, 0, pctStepsMax) {
		return usagef("-pct-steps: %d: %s, or 0 to learn it", o.pctSteps, rangeText(1, pctStepsMax))
	}
	if o.engine != scenarios.EngineSim && o.engine != scenarios.EngineReal {
		return usagef("-engine: unknown engine %q (known: %s, %s)", o.engine, scenarios.EngineSim, scenarios.EngineReal)
	}
	if err := c.checkDefects(o.defects); err != nil {
		return err
	}

	if o.set["seed"] {
		for _, f := range []string{"seeds", "from", "shard"} {
			if o.set[f] {
				return usagef("-seed: conflicts with -%s: -seed runs one seed; use -from S -seeds N for a range", f)
			}
		}
		o.from, o.seeds = o.seed, 1
	}
	if !inRange(o.seeds, 1, seedsMax) {
		return usagef("-seeds: %d: %s", o.seeds, rangeText(1, seedsMax))
	}
	if o.from > math.MaxUint64-uint64(o.seeds)+1 {
		return usagef("-from: %d: the range of %d seeds overflows uint64", o.from, o.seeds)
	}
	o.shardK, o.shardN = 0, 1
	if o.shard != "" {
		k, n, err := parseShard(o.shard, c.getenv)
		if err != nil {
			return err
		}
		o.shardK, o.shardN = k, n
	}

	list, err := c.pickScenarios()
	if err != nil {
		return err
	}
	o.scenarioList = list

	if o.engine == scenarios.EngineReal {
		if o.shrink || o.trace != "" {
			return usagef("-engine real: the real engine keeps no schedule or trace: -shrink and -trace need -engine sim")
		}
		if o.checkDeterminism {
			return usagef("-check-determinism: the real engine is not deterministic; use -engine sim")
		}
		if o.workers > 1 {
			o.workersForced = true
		}
		o.workers = 1 // it checks for leaked goroutines process-wide
	}
	if o.workers == 0 {
		o.workers = int64(runtime.GOMAXPROCS(0))
	}
	if o.trace != "" {
		// The trace is written after the run: a path that cannot be
		// written is found now, not once the run's verdict is in.
		f, err := os.OpenFile(c.path(o.trace), os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			return usagef("-trace: %v", err)
		}
		f.Close()
	}
	return nil
}

// pickScenarios resolves -scenario.
func (c *cli) pickScenarios() ([]scenarios.Scenario, error) {
	o := &c.o
	var list []scenarios.Scenario
	add := func(s scenarios.Scenario) {
		if !slices.ContainsFunc(list, func(x scenarios.Scenario) bool { return x.Name == s.Name }) {
			list = append(list, s)
		}
	}
	for _, name := range strings.Split(o.scenario, ",") {
		name = strings.TrimSpace(name)
		switch name {
		case "":
			return nil, usagef("-scenario: %q: an empty name between commas", o.scenario)
		case "all":
			// In a list too, all is every scenario (those the engine can
			// run): the other names are then checked, and blamed, alone.
			for _, s := range c.reg.All() {
				if o.engine == scenarios.EngineReal && s.Faults {
					if !slices.Contains(o.skippedFaultyOnReal, s.Name) {
						o.skippedFaultyOnReal = append(o.skippedFaultyOnReal, s.Name)
					}
					continue
				}
				add(s)
			}
			continue
		}
		s, err := c.reg.Lookup(name)
		if err != nil {
			return nil, usagef("-scenario: unknown scenario %q (known: all, %s)", name, strings.Join(c.reg.Names(), ", "))
		}
		if o.engine == scenarios.EngineReal && s.Faults {
			return nil, usagef("-scenario: %s injects network faults, which only the sim engine can do (use -engine sim, or -scenario all to skip it)", name)
		}
		add(s)
	}
	return list, nil
}

func (c *cli) checkDefects(names []string) error {
	var known []string
	for _, d := range c.reg.Defects() {
		known = append(known, d.Name)
	}
	for _, n := range names {
		if !slices.Contains(known, n) {
			return usagef("-defect: unknown defect %q (known: %s)", n, strings.Join(known, ", "))
		}
	}
	return nil
}

// path resolves a path given on the command line.
func (c *cli) path(p string) string {
	if c.dir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.dir, p)
}

func (c *cli) list() error {
	w := c.stdout
	fmt.Fprintln(w, "scenarios (-scenario NAME; * injects network faults: sim engine only):")
	for _, s := range c.reg.All() {
		mark := " "
		if s.Faults {
			mark = "*"
		}
		fmt.Fprintf(w, "  %s %-36s %s\n", mark, s.Name, s.Description)
	}
	fmt.Fprintln(w, "\ndefects (-defect NAME[,NAME]):")
	for _, d := range c.reg.Defects() {
		fmt.Fprintf(w, "    %-36s %s\n", d.Name, d.Description)
		if d.Alone != "" {
			fmt.Fprintf(w, "    %-36s alone: %s\n", "", d.Alone)
		}
	}
	fmt.Fprintln(w, "\nstrategies (-strategy NAME):")
	fmt.Fprintf(w, "    %-36s %s\n", scenarios.StrategyRandom, "a random walk: every decision drawn from the seed")
	fmt.Fprintf(w, "    %-36s %s\n", scenarios.StrategyPCT, "probabilistic concurrency testing: random priorities, -depth change points")
	fmt.Fprintln(w, "\nengines (-engine NAME):")
	fmt.Fprintf(w, "    %-36s %s\n", scenarios.EngineSim, "the deterministic simulator with fakenet (default)")
	fmt.Fprintf(w, "    %-36s %s\n", scenarios.EngineReal, "real goroutines, loopback TCP and the wall clock; one run at a time")
	fmt.Fprintln(w, "\nfailure kinds:")
	var kinds []string
	for _, k := range c.reg.Kinds() {
		kinds = append(kinds, string(k))
	}
	fmt.Fprintf(w, "    %s\n", strings.Join(kinds, ", "))
	return nil
}

// isTerminal reports whether w is a terminal, for the progress bar.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// defectsString is the defects for people and schedule files.
func defectsString(d []string) string {
	if len(d) == 0 {
		return "none"
	}
	return strings.Join(d, ",")
}
