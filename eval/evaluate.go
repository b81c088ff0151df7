package eval

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/execsim/execsim/kernels"
)

// An Evaluation measures a Plan in the module at Root, saving the results
// to Out after every cell.
type Evaluation struct {
	Root string
	Plan Plan
	Out  string // the results file
	// Prev are the results of an earlier run to continue (-resume): its
	// cells with the same program, form, tool and caps are kept, not
	// measured again; its cells of programs or tools outside the plan, and
	// its throughput of scenarios outside it, are kept as they are, so
	// that an evaluation can be measured in parts.
	Prev *Results
	Log  io.Writer
	// Args is the command line, recorded in the results.
	Args []string
}

// kernelCommands and executorCommands are the command lines of the
// tools, as templates, for the document.
var kernelCommands = []string{
	"execsim: execsim test -c -o {k}.test ./kernels/{k}; EXECSIM_REWRITE=1 EXECSIM_PERSIST=false EXECSIM_SEEDS={cap} EXECSIM_START={base*cap} EXECSIM_STRATEGY=random|pct [EXECSIM_DEPTH=1|2|3] EXECSIM_FOR={wall} ./{k}.test -test.run='^TestBuggy$' -test.v",
	"  (the same as: go run ./cmd/execsim test ./kernels/{k} -run TestBuggy -seeds {cap} -strategy S -pct-depth D, from seed {base*cap})",
	"stress: go test -c -race ./kernels/{k}; EXECSIM_BUGGY=1 ./{k}.test -test.run='^TestBuggy$' -test.count={n} -test.failfast -test.v",
	"synctest: go test -c -overlay={bodies in synctest.Test} ./kernels/{k}; EXECSIM_BUGGY=1 ./{k}.test -test.run='^TestBuggy$' -test.count={n} -test.failfast -test.v",
	"leakprofile: GOEXPERIMENT=goroutineleakprofile go test -c -overlay={TestMain checking the profile} ./kernels/{k}; EXECSIM_BUGGY=1 ./{k}.test -test.run='^TestBuggy$' -test.count={n} -test.failfast -test.v",
}

var executorCommands = []string{
	"executor, execsim: scenarios.Sweep of -scenario {s} -defect {d} -strategy random|pct -depth D from seed {base*cap}, stop at the first failure (go run ./cmd/simrun -scenario {s} -defect {d} -strategy S -depth D -from {base*cap} -seeds {cap} -stop-on-fail)",
	"executor, real engine: go run ./cmd/simrun -engine real -scenario {s} -defect {d} -seeds {cap} -stop-on-fail",
	"throughput: go run ./cmd/simrun -scenario {s} -seeds {seeds} -workers 1|GOMAXPROCS -progress off",
}

func (e *Evaluation) logf(format string, args ...any) {
	if e.Log != nil {
		fmt.Fprintf(e.Log, format+"\n", args...)
	}
}

// Run measures the plan and returns the results, saved to e.Out.
func (e *Evaluation) Run(ctx context.Context) (*Results, error) {
	p := e.Plan.withDefaults()
	if err := p.check(); err != nil {
		return nil, err
	}
	mode := "full"
	if p.Short {
		mode = "short"
	}
	r := &Results{Version: resultsVersion, Mode: mode, Started: time.Now().UTC(), Machine: thisMachine(e.Root),
		Commands: append(slices.Clone(kernelCommands), executorCommands...)}
	if e.Prev != nil {
		r.Invocations = append(r.Invocations, e.Prev.Invocations...)
	}
	r.Invocations = append(r.Invocations, slices.Clone(e.Args))
	measured := 0 // cells and throughputs measured by this run
	kept := map[string]*Cell{}
	if e.Prev != nil {
		for _, c := range e.Prev.Cells {
			if c.Error == "" {
				kept[c.key()] = c
			}
		}
	}
	work, err := os.MkdirTemp("", "simeval-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)

	all, err := kernels.List(e.Root)
	if err != nil {
		return nil, err
	}
	for _, k := range p.Kernels {
		if !slices.Contains(all, k) && !isNone(p.Kernels) {
			return nil, fmt.Errorf("eval: -kernels: no kernel %q (known: %s)", k, strings.Join(all, ", "))
		}
	}
	progs, err := defectPrograms(e.Root)
	if err != nil {
		return nil, err
	}
	for _, d := range p.Defects {
		if !slices.ContainsFunc(progs, func(p defectProgram) bool { return p.Name == d }) && !isNone(p.Defects) {
			var names []string
			for _, p := range progs {
				names = append(names, p.Name)
			}
			return nil, fmt.Errorf("eval: -defects: no audited defect %q in scenarios/testdata/defects.txt (known: %s)", d, strings.Join(names, ", "))
		}
	}
	r.KernelsAll, r.DefectsAll = len(all), len(progs)
	if !p.Short && (len(p.Kernels)+len(p.Defects)+len(p.Tools) > 0 || p.capsDiffer()) {
		r.Mode = "sample"
	}
	for _, sc := range p.Scenarios {
		if !slices.Contains(scenarioNames(), sc) && !isNone(p.Scenarios) {
			return nil, fmt.Errorf("eval: -scenarios: no scenario %q (known: %s, or none alone)", sc, strings.Join(scenarioNames(), ", "))
		}
	}
	e.logf("simeval: mode %s, %d base seeds, at most %d runs and %v per campaign (%v per cell), %d runs per native process, work dir %s",
		r.Mode, p.Bases, p.RunsMax, p.campaignWall(), p.CellWallMax, p.Chunk, work)
	kernels := p.Kernels
	switch {
	case isNone(kernels):
		kernels = nil
	case len(kernels) == 0:
		kernels = all
	}
	b := &kernelBuilder{root: e.Root, work: work}
	buildErr := map[string]string{}
	for _, k := range kernels {
		for _, tool := range toolsFor(p.Tools, KernelTools) {
			for _, form := range []string{FormBuggy, FormFixed} {
				c := p.newCell("kernels/"+k, form, tool)
				if old := kept[c.key()]; old != nil {
					r.Cells = append(r.Cells, old)
					delete(kept, c.key())
					continue
				}
				fam := k + "." + binaryFamily(tool)
				bin, err := "", error(nil)
				if msg, failed := buildErr[fam]; failed {
					c.Error = msg
				} else if bin, err = b.build(ctx, k, tool); err != nil {
					c.Error = err.Error()
					buildErr[fam] = c.Error
				}
				if c.Error == "" {
					for _, base := range p.bases(form) {
						c.Campaigns = append(c.Campaigns, kernelCampaign(ctx, e.Root, bin, k, form, tool, base, c.RunsMax, time.Duration(c.WallMax), p.Chunk))
						if ctx.Err() != nil {
							return r, ctx.Err()
						}
					}
				}
				measured++
				if err := e.finish(r, c); err != nil {
					return r, err
				}
			}
		}
	}

	simrun := filepath.Join(work, "simrun")
	if err := b.goCmd(ctx, os.Environ(), "build", "-o", simrun, "./cmd/simrun"); err != nil {
		return r, err
	}
	for _, prog := range progs {
		if len(p.Defects) > 0 && !slices.Contains(p.Defects, prog.Name) {
			continue
		}
		for _, tool := range toolsFor(p.Tools, ExecutorTools) {
			for _, form := range []string{FormBuggy, FormFixed} {
				c := p.newCell("executor/"+prog.Name, form, tool)
				if old := kept[c.key()]; old != nil {
					r.Cells = append(r.Cells, old)
					delete(kept, c.key())
					continue
				}
				if tool == ToolReal {
					c.Error = realEngineError(prog.Scenario)
				}
				if c.Error == "" {
					for _, base := range p.bases(form) {
						if tool == ToolReal {
							c.Campaigns = append(c.Campaigns, realCampaign(ctx, simrun, work, prog, form, base, c.RunsMax, time.Duration(c.WallMax), p.Chunk))
							continue
						}
						k, err := executorCampaign(prog, form, tool, base, c.RunsMax, time.Duration(c.WallMax))
						if err != nil {
							c.Error = err.Error()
							break
						}
						c.Campaigns = append(c.Campaigns, k)
						if ctx.Err() != nil {
							return r, ctx.Err()
						}
					}
				}
				measured++
				if err := e.finish(r, c); err != nil {
					return r, err
				}
			}
		}
	}

	// What the earlier run measured outside this plan stays: a cell of
	// another program, tool or caps than this plan's.
	planned := map[[3]string]bool{}
	for _, c := range r.Cells {
		planned[[3]string{c.Program, c.Form, c.Tool}] = true
	}
	if e.Prev != nil {
		for _, c := range e.Prev.Cells {
			if !planned[[3]string{c.Program, c.Form, c.Tool}] {
				r.Cells = append(r.Cells, c)
			}
		}
	}
	names := p.Scenarios
	switch {
	case isNone(names):
		names = nil
	case len(names) == 0:
		names = scenarioNames()
	}
	if e.Prev != nil {
		for _, t := range e.Prev.Throughput {
			if !slices.Contains(names, t.Scenario) {
				r.Throughput = append(r.Throughput, t)
			}
		}
		for _, m := range e.Prev.Memory {
			if !slices.Contains(names, m.Scenario) {
				r.Memory = append(r.Memory, m)
			}
		}
	}
	for _, s := range names {
		for _, w := range slices.Compact([]int{1, runtime.GOMAXPROCS(0)}) {
			t, err := throughput(ctx, simrun, work, s, p.ThroughputSeeds, w)
			if err != nil {
				return r, err
			}
			e.logf("simeval: throughput %s, %d worker(s): %.0f seeds/s", s, w, t.PerSec)
			measured++
			r.Throughput = append(r.Throughput, t)
		}
		m, err := memory(s, p.MemoryRuns)
		if err != nil {
			return r, err
		}
		e.logf("simeval: memory %s: %d B and %d allocs per world", s, m.BytesPerRun, m.AllocsPerRun)
		r.Memory = append(r.Memory, m)
		if err := r.Save(e.Out); err != nil {
			return r, err
		}
	}
	if measured == 0 {
		// Nothing new: the command line measured nothing to record.
		r.Invocations = r.Invocations[:len(r.Invocations)-1]
	}
	return r, r.Save(e.Out)
}

// finish records a measured cell, logs its verdict and saves the results.
func (e *Evaluation) finish(r *Results, c *Cell) error {
	c.collectFailures()
	r.Cells = append(r.Cells, c)
	if c.Error != "" {
		e.logf("simeval: %s %s %s: not measured: %s", c.Program, c.Form, c.Tool, firstLine(c.Error))
	} else {
		e.logf("simeval: %s %s %s: found in %d/%d campaigns, %d runs, rate %s, median runs %s",
			c.Program, c.Form, c.Tool, c.Detections(), len(c.Campaigns), c.Runs(), fmtRate(c.RatePerRun()), fmtRuns(c.RunsToFind().Median))
	}
	return r.Save(e.Out)
}

// newCell is an empty cell with the plan's caps for its form: a buggy cell
// has Bases campaigns sharing the cell's wall cap, a fixed one a single
// campaign with all of it.
func (p Plan) newCell(program, form, tool string) *Cell {
	c := &Cell{Program: program, Form: form, Tool: tool, RunsMax: p.RunsMax, WallMax: p.campaignWall().Nanoseconds()}
	if form == FormFixed {
		c.WallMax = p.CellWallMax.Nanoseconds()
	}
	return c
}

// bases are the base seeds of a cell's campaigns.
func (p Plan) bases(form string) []uint64 {
	n := p.Bases
	if form == FormFixed {
		n = 1
	}
	bs := make([]uint64, n)
	for i := range bs {
		bs[i] = uint64(i)
	}
	return bs
}

// toolsFor is the tools of the plan that apply to a kind of program.
func toolsFor(plan, apply []string) []string {
	if len(plan) == 0 {
		return apply
	}
	var ts []string
	for _, t := range apply {
		if slices.Contains(plan, t) {
			ts = append(ts, t)
		}
	}
	return ts
}
