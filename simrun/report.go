package simrun

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/sim"
)

// tailEvents is how many trace events a failure report shows when the
// failure's own report has none.
const tailEvents = 20

// single is one run of simrun's single-run modes, with what is needed to
// run it again.
type single struct {
	cfg     scenarios.Config // without Chooser
	out     *scenarios.Outcome
	choices []sim.Choice // the schedule it was given (-replay), or nil
}

// seedCommand is the command that runs o's seed again (replayCommand
// carries the step budget).
func (c *cli) seedCommand(o *scenarios.Outcome, _ int64) string { return c.command(o) }

// command is the command that runs o's seed again, with this registry's
// program.
func (c *cli) command(o *scenarios.Outcome) string {
	o.Program = c.reg.Program()
	return replayCommand(o)
}

// single runs one scenario on one seed: the sweep of one job, with the
// full story on the terminal, -trace and -shrink.
func (c *cli) single(info io.Writer, scenario string, seed uint64) (int, error) {
	cfg := c.config(scenario, seed)
	cfg.KeepTrace = c.o.trace != ""
	out, err := c.runScenario(cfg)
	if err != nil {
		return 0, usagef("%v", strings.TrimPrefix(err.Error(), "scenarios: "))
	}
	cfg.KeepTrace = false
	return c.finishSingle(info, &single{cfg: cfg, out: out})
}

// finishSingle reports a single run (a seed or a replay): JSON line,
// outcome, trace file, failure report, shrink, verdict.
func (c *cli) finishSingle(info io.Writer, r *single) (int, error) {
	o := r.out
	if c.o.json {
		c.writeJSON(o)
	}
	printOutcome(info, o)
	if c.o.trace != "" {
		// A trace that fails to write (a full disk) is said, and the
		// verdict still follows.
		if err := c.writeTrace(o); err != nil {
			fmt.Fprintf(info, "simrun: %v\n", err)
		} else {
			fmt.Fprintf(info, "trace written: %s\n", c.o.trace)
		}
	}
	if o.Failure == nil {
		if c.o.shrink {
			fmt.Fprintln(info, "shrink: the run passes: nothing to shrink")
		}
		fmt.Fprintf(info, "PASS: every property held\n")
		return exitPass, nil
	}
	ok, file := c.report(info, r.cfg, o, r.choices != nil)
	if !ok {
		fmt.Fprintf(info, "NONDETERMINISTIC: %s seed %d did not come out the same when run again\n", o.Scenario, o.Seed)
		return exitFail, nil
	}
	if c.o.shrink {
		start := r.choices
		if start == nil {
			start = o.Result.Schedule()
		}
		if err := c.shrink(info, r.cfg, o, start, file); err != nil {
			return 0, err
		}
	}
	fmt.Fprintf(info, "FAIL: %s\n", o.Failure.Kind)
	return exitFail, nil
}

func printOutcome(w io.Writer, o *scenarios.Outcome) {
	if o.Engine == scenarios.EngineReal {
		fmt.Fprintf(w, "%s seed %d: %s (real engine)\n", o.Scenario, o.Seed, o.Verdict)
		return
	}
	fmt.Fprintf(w, "%s seed %d: %s in %d steps, +%v virtual, trace_hash %s\n", o.Scenario, o.Seed, o.Verdict, o.Steps, time.Duration(o.VirtualNS), o.TraceHash)
}

func (c *cli) writeTrace(o *scenarios.Outcome) error {
	f, err := os.Create(c.path(c.o.trace))
	if err != nil {
		return usagef("-trace: %v", err)
	}
	if strings.HasSuffix(c.o.trace, ".json") {
		err = sim.WriteChromeTrace(f, o.Result)
	} else {
		err = sim.WriteTrace(f, o.Result)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return usagef("-trace: writing %s: %v", c.o.trace, err)
	}
	return nil
}

// reportFailures reports the first failure of each kind in each scenario
// of a sweep and the count of the others; it returns how many were not
// reproducible.
func (c *cli) reportFailures(w io.Writer, s *summary) int {
	nondet := 0
	for _, o := range s.firsts {
		cfg := c.config(o.Scenario, o.Seed)
		if ok, _ := c.report(w, cfg, o, false); !ok {
			nondet++
		}
		rw := s.byKey[o.Scenario]
		if n := rw.byKind[o.Failure.Kind] - 1; n > 0 {
			var seeds []string
			for _, sd := range rw.more[o.Failure.Kind] {
				seeds = append(seeds, strconv.FormatUint(sd, 10))
			}
			if n > len(seeds) {
				seeds = append(seeds, "...")
			}
			fmt.Fprintf(w, "and %d more %s failure(s) in %s, seeds %s (-json lists them all)\n\n", n, o.Failure.Kind, o.Scenario, strings.Join(seeds, " "))
		}
	}
	return nondet
}

// report prints one failure: verdict line, the long report, the last
// trace events, the schedule file and the commands to replay it. Before
// that it runs the seed again and replays the schedule, because a failure
// that does not come out the same again is its own verdict, not a plain
// failure: ok is false if either did not come out the same.
func (c *cli) report(w io.Writer, cfg scenarios.Config, o *scenarios.Outcome, replayed bool) (ok bool, file string) {
	f := o.Failure
	fmt.Fprintf(w, "\nFAIL %s seed %d: %s\n", o.Scenario, o.Seed, f.Error())
	if f.Report != "" {
		fmt.Fprintf(w, "%s\n", indent(strings.TrimRight(f.Report, "\n")))
	}
	if o.Result != nil && (o.Result.Failure == nil || len(o.Result.Failure.Tail) == 0) && len(o.Result.Trace) > 0 {
		tr := o.Result.Trace
		tr = tr[max(0, len(tr)-tailEvents):]
		fmt.Fprintf(w, "  last %d trace events:\n", len(tr))
		for _, e := range tr {
			fmt.Fprintf(w, "    %s\n", e)
		}
	}
	ok = true
	switch {
	case o.Engine != scenarios.EngineSim:
		fmt.Fprintf(w, "  the real engine records no schedule; run the seed again with:\n")
		fmt.Fprintf(w, "  replay: %s\n\n", c.seedCommand(o, cfg.StepsMax))
	case replayed:
		// The schedule file is the reproduction: writing another would
		// only risk overwriting the seed's own.
		ok = c.reproduce(w, cfg, o, replayed)
		fmt.Fprintf(w, "  replay: %s -replay %s\n\n", c.reg.Program(), c.o.replay)
		file = c.o.replay
	default:
		ok = c.reproduce(w, cfg, o, replayed)
		file = filepath.Join(c.o.out, fmt.Sprintf("%s-seed%d-%s.schedule", o.Scenario, o.Seed, f.Kind))
		// A file that cannot be written loses the file, not the verdict:
		// the seed still reproduces the run.
		if err := c.writeSchedule(file, cfg, o, o.Result.Schedule(), nil); err != nil {
			fmt.Fprintf(w, "  schedule not written: %s\n", strings.TrimPrefix(err.Error(), "simrun: "))
			file = ""
		} else {
			fmt.Fprintf(w, "  schedule written: %s\n", file)
			fmt.Fprintf(w, "  replay: %s -replay %s\n", c.reg.Program(), file)
		}
		fmt.Fprintf(w, "      or: %s\n\n", c.seedCommand(o, cfg.StepsMax))
	}
	return ok, file
}

// reproduce runs o's seed again (unless o came from a schedule file,
// which the seed need not reproduce: a shrunk one does not) and replays
// its schedule; each must give the same trace hash and failure kind.
func (c *cli) reproduce(w io.Writer, cfg scenarios.Config, o *scenarios.Outcome, replayed bool) bool {
	same := func(how string, a *scenarios.Outcome, err error) bool {
		switch {
		case err != nil:
			fmt.Fprintf(w, "  NONDETERMINISTIC: %s: %v\n", how, err)
		case a.TraceHash != o.TraceHash || a.Failure == nil || a.Failure.Kind != o.Failure.Kind:
			got := "pass"
			if a.Failure != nil {
				got = string(a.Failure.Kind)
			}
			fmt.Fprintf(w, "  NONDETERMINISTIC: %s gave %s with trace_hash %s, the first run %s with %s\n", how, got, a.TraceHash, o.Failure.Kind, o.TraceHash)
		default:
			return true
		}
		return false
	}
	again := cfg
	again.Chooser, again.KeepTrace = nil, false
	var a *scenarios.Outcome
	var err error
	if !replayed {
		a, err = scenarios.Run(again)
	}
	okSeed := replayed || same("running the seed again", a, err)
	rp := sim.NewReplay(o.Result.Schedule(), nil)
	again.Chooser = rp
	b, err := scenarios.Run(again)
	okReplay := same("replaying the schedule", b, err)
	if okReplay && rp.Divergence() != nil {
		fmt.Fprintf(w, "  NONDETERMINISTIC: replaying the run's own schedule: %s\n", rp.Divergence())
		okReplay = false
	}
	return okSeed && okReplay
}

// writeSchedule writes a schedule file for o: a comment header with the
// failure and the commands, then the metadata of scenarios'
// Outcome.Schedule (shared with the fuzz targets, so that every tool
// replays every file), then choices.
// A shrunk schedule is not the seed's: only the file reproduces it, and
// the header says so (extra fields are set then).
func (c *cli) writeSchedule(file string, cfg scenarios.Config, o *scenarios.Outcome, choices []sim.Choice, extra []sim.Field) error {
	comments := []string{
		fmt.Sprintf("simrun: %s seed %d: %s", o.Scenario, o.Seed, o.Failure.Error()),
		"replay: " + c.reg.Program() + " -replay " + file,
	}
	if extra == nil {
		comments = append(comments, "    or: "+c.seedCommand(o, cfg.StepsMax))
	} else {
		comments = append(comments, "shrunk: only this file reproduces it, not the seed")
	}
	s := o.Schedule(choices, comments...)
	for _, f := range extra {
		s.Set(f.Key, f.Value)
	}
	if err := s.WriteFile(c.path(file)); err != nil {
		return fmt.Errorf("simrun: -o: %v", strings.TrimPrefix(err.Error(), "sim: "))
	}
	return nil
}

// replayFile runs -replay FILE.
func (c *cli) replayFile() (int, error) {
	info := c.stdout
	if c.o.json {
		info = c.stderr
	}
	file := c.o.replay
	// Read and parse here, not with sim.ReadScheduleFile, so that errors
	// name the file as the user gave it.
	f, err := os.Open(c.path(file))
	if err != nil {
		return 0, usagef("-replay: %v", err)
	}
	s, err := sim.ParseSchedule(f)
	f.Close()
	if err != nil {
		msg := strings.ReplaceAll(err.Error(), "sim: ", "")
		if errors.Is(err, sim.ErrScheduleVersion) {
			return 0, usagef("-replay: %s: %s (record it again with this execsim's simrun)", file, msg)
		}
		return 0, usagef("-replay: %s: %s", file, msg)
	}
	cfg, err := c.configFromSchedule(file, s)
	if err != nil {
		return 0, err
	}
	if c.o.set["budget-steps"] {
		cfg.StepsMax = c.o.budgetSteps
	}
	strat := cfg.Strategy
	if strat == scenarios.StrategyPCT {
		strat += " depth=" + strconv.Itoa(cfg.Depth)
	}
	fmt.Fprintf(info, "simrun: replay %s: scenario=%s seed=%d strategy=%s defects=%s engine=%s choices=%d\n",
		file, cfg.Scenario, cfg.Seed, strat, defectsString(cfg.Defects), cfg.Engine, len(s.Choices))
	rp := sim.NewReplay(s.Choices, nil)
	run := cfg
	run.Chooser, run.KeepTrace = rp, c.o.trace != ""
	out, err := c.runScenario(run)
	if err != nil {
		return 0, usagef("-replay: %s: %v", file, strings.TrimPrefix(err.Error(), "scenarios: "))
	}
	if d := rp.Divergence(); d != nil {
		fmt.Fprintf(info, "note: %s no longer fits this code: %s; the run went on with random choices\n", file, d)
	} else if n := rp.Unused(); n > 0 {
		fmt.Fprintf(info, "note: the run ended with %d of the schedule's %d choices unused: the code changed since it was recorded\n", n, len(s.Choices))
	}
	if want, ok := s.Get(scenarios.MetaFailure); ok {
		got := "pass"
		if out.Failure != nil {
			got = string(out.Failure.Kind)
		}
		if got != want {
			fmt.Fprintf(info, "note: the schedule recorded a %s failure; this replay gives %s\n", want, got)
		}
	}
	return c.finishSingle(info, &single{cfg: cfg, out: out, choices: s.Choices})
}

// configFromSchedule reads the run configuration from a schedule's
// metadata (scenarios.ConfigFromSchedule), with errors that name the file
// as the user gave it.
func (c *cli) configFromSchedule(file string, s *sim.Schedule) (scenarios.Config, error) {
	cfg, err := c.reg.ConfigFromSchedule(s)
	if err != nil {
		return cfg, usagef("-replay: %s: %s", file, strings.TrimPrefix(err.Error(), "scenarios: schedule: "))
	}
	// The file is bounded like the flags it stands for.
	if cfg.Strategy == scenarios.StrategyPCT && !inRange(cfg.Depth, 1, depthMax) {
		return cfg, usagef("-replay: %s: depth %d: %s", file, cfg.Depth, rangeText(1, depthMax))
	}
	if cfg.Strategy == scenarios.StrategyPCT && !inRange(cfg.PCTSteps, 0, pctStepsMax) {
		return cfg, usagef("-replay: %s: pct-steps %d: %s", file, cfg.PCTSteps, rangeText(1, pctStepsMax))
	}
	if !inRange(cfg.StepsMax, 0, budgetStepsMax) {
		return cfg, usagef("-replay: %s: budget-steps %d: %s", file, cfg.StepsMax, rangeText(1, budgetStepsMax))
	}
	return cfg, nil
}

// shrink shrinks a failing run's schedule while the failure kind
// persists, checks that the result replays to that kind, and writes it.
func (c *cli) shrink(w io.Writer, cfg scenarios.Config, o *scenarios.Outcome, start []sim.Choice, file string) error {
	kind := o.Failure.Kind
	try := func(ch sim.Chooser) (bool, []sim.Choice) {
		run := cfg
		run.Chooser, run.KeepTrace = ch, false
		out, err := scenarios.Run(run)
		if err != nil {
			return false, nil
		}
		return out.Failure != nil && out.Failure.Kind == kind, out.Result.Schedule()
	}
	t0 := time.Now()
	shrunk, st := sim.Shrink(start, try, int(c.o.shrinkRuns))
	fmt.Fprintf(w, "shrink: %d choices (%d non-zero) -> %d choices (%d non-zero), %d runs in %v\n",
		st.Before, st.BeforeNonZero, st.After, st.AfterNonZero, st.Runs, time.Since(t0).Round(time.Millisecond))

	// The shrunk schedule must replay, exactly, to the same kind.
	rp := sim.NewReplay(shrunk, nil)
	run := cfg
	run.Chooser = rp
	out, err := scenarios.Run(run)
	if err != nil {
		return usagef("-shrink: %v", err)
	}
	if out.Failure == nil || out.Failure.Kind != kind || rp.Divergence() != nil {
		got := "pass"
		if out.Failure != nil {
			got = string(out.Failure.Kind)
		}
		fmt.Fprintf(w, "NONDETERMINISTIC: the shrunk schedule replays to %s, not %s (divergence: %v); no file written\n", got, kind, rp.Divergence())
		return nil
	}
	if file == "" {
		file = filepath.Join(c.o.out, fmt.Sprintf("%s-seed%d-%s.schedule", o.Scenario, o.Seed, kind))
	}
	shrunkFile := strings.TrimSuffix(file, ".schedule") + "-shrunk.schedule"
	fmt.Fprintf(w, "shrunk: %s in %d steps, trace_hash %s: %s\n", out.Failure.Kind, out.Steps, out.TraceHash, out.Failure.Message)
	if err := c.writeSchedule(shrunkFile, cfg, out, shrunk, []sim.Field{
		{Key: "shrunk-from", Value: fmt.Sprintf("%d choices, %d non-zero", st.Before, st.BeforeNonZero)},
	}); err != nil {
		// Only the file reproduces a shrunk run: say so, keep the verdict.
		fmt.Fprintf(w, "shrunk schedule not written: %s\n", strings.TrimPrefix(err.Error(), "simrun: "))
		return nil
	}
	fmt.Fprintf(w, "schedule written: %s\n", shrunkFile)
	fmt.Fprintf(w, "replay: %s -replay %s\n", c.reg.Program(), shrunkFile)
	return nil
}

// indent indents every non-empty line by two spaces.
func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
}
