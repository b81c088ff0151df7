package eval

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/execsim/execsim/scenarios"
)

// A defectProgram is one of the executor's audited defects (or the
// audit's combination of them) with the scenario aimed at it.
type defectProgram struct {
	Name     string // the defects, joined by "+"
	Scenario string
	Defects  []string
}

// defectPrograms reads the executor's audited defects from
// scenarios/testdata/defects.txt, the file that says which scenario finds
// each: the first scenario named for a set of defects other than
// random-ops (which finds every one, but is aimed at none).
func defectPrograms(root string) ([]defectProgram, error) {
	path := filepath.Join(root, "scenarios", "testdata", "defects.txt")
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: the executor's defects: %v", err)
	}
	defer f.Close()
	var ps []defectProgram
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || fields[0] != "find" {
			continue
		}
		var p defectProgram
		for _, kv := range fields[1:] {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "scenario":
				p.Scenario = v
			case "defect":
				p.Defects = strings.Split(strings.Trim(v, "()"), ",")
			}
		}
		p.Name = strings.Join(p.Defects, "+")
		if p.Scenario == "" || p.Scenario == "random-ops" || len(p.Defects) == 0 || seen[p.Name] {
			continue
		}
		seen[p.Name] = true
		ps = append(ps, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: %s: %v", path, err)
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("eval: %s names no defect", path)
	}
	return ps, nil
}

// executorChunk is how many seeds a PCT campaign sweeps at a time between
// looks at the wall clock; each chunk starts from the run length the last
// one learnt.
const executorChunk = 20

// executorCampaign is one campaign of tool on the scenario from base: the
// seeds base*runsMax onwards, in this process, until a run fails or a cap.
// The fixed form is the scenario without defects.
func executorCampaign(p defectProgram, form, tool string, base uint64, runsMax int, wallMax time.Duration) (c Campaign, err error) {
	c = Campaign{Base: base}
	start := time.Now()
	defer func() { c.WallNS = time.Since(start).Nanoseconds() }()
	cfg := scenarios.Config{Scenario: p.Scenario}
	if form == FormBuggy {
		cfg.Defects = p.Defects
	}
	if tool == ToolReal {
		cfg.Engine = scenarios.EngineReal
	} else {
		strategy, depth, ok := isExecsim(tool)
		if !ok {
			return c, fmt.Errorf("eval: tool %s does not run the executor", tool)
		}
		cfg.Strategy, cfg.Depth = strategy, depth
	}
	from := base * uint64(runsMax)
	for c.Runs < runsMax {
		if time.Since(start) >= wallMax {
			c.How = "wall cap"
			return c, nil
		}
		n := min(executorChunk, runsMax-c.Runs)
		s, err := scenarios.Sweep(cfg, from+uint64(c.Runs), n, true)
		if err != nil {
			return c, err
		}
		if cfg.Strategy == scenarios.StrategyPCT {
			cfg.PCTSteps = s.PCTSteps
		}
		c.Runs += s.Runs
		if s.First != nil {
			c.Found, c.How = true, string(s.First.Failure.Kind)
			c.Detail = clip(firstLine(s.First.Failure.Message), 160)
			return c, nil
		}
	}
	c.How = "runs cap"
	return c, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// realEngineError says why the real engine cannot run a scenario, or "".
func realEngineError(scenario string) string {
	s, err := scenarios.Lookup(scenario)
	if err != nil {
		return err.Error()
	}
	if s.Faults {
		return "the scenario injects network faults, which only the simulator can do"
	}
	return ""
}

// scenarioNames are the executor's scenarios, in the registry's order.
func scenarioNames() []string { return scenarios.Names() }
