package eval

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/help.txt from the command's help")

func TestHelpGolden(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, 0, Main([]string{"-h"}, &out, &errOut))
	golden := filepath.Join("testdata", "help.txt")
	if *update {
		require.NoError(t, os.WriteFile(golden, errOut.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), errOut.String(), "run go test ./eval -run TestHelpGolden -update after changing a flag")
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"-render", "-resume", "-root", ".."}, "-render and -resume conflict"},
		{[]string{"-root", "testdata"}, "not a module root"},
		{[]string{"-root", "..", "-bases", "0", "-runs-max", "-3"}, "-runs-max -3: want 1 to 1000000"},
		{[]string{"-root", "..", "-tools", "valgrind"}, `unknown tool "valgrind"`},
		{[]string{"-root", "..", "-cell-wall", "10ms"}, "-cell-wall 10ms: want 1s to 1h"},
	} {
		var out, errOut bytes.Buffer
		require.Equal(t, 2, Main(tc.args, &out, &errOut), "%v", tc.args)
		require.Contains(t, errOut.String(), tc.msg, "%v", tc.args)
		require.Empty(t, out.String())
	}
	var out, errOut bytes.Buffer
	require.Equal(t, 1, Main([]string{"-root", "..", "-render", "-o", filepath.Join(t.TempDir(), "none.json")}, &out, &errOut))
	require.Contains(t, errOut.String(), "no such file")
}

// TestShortMode runs the evaluation's short mode, as CI does, and checks
// what it must show whatever the schedule: execsim finds a kernel the
// native scheduler almost never fails (kubernetes81091) in every
// campaign, synctest sees the leak of moby18412 as a deadlock of its
// bubble, no tool fails a fixed twin, and the document and charts are
// written.
func TestShortMode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every tool's binaries (about a minute)")
	}
	dir := t.TempDir()
	out, doc := filepath.Join(dir, "results.json"), filepath.Join(dir, "EVALUATION.md")
	var stdout, stderr bytes.Buffer
	code := Main([]string{"-short", "-root", "..", "-o", out, "-doc", doc}, &stdout, &stderr)
	require.Equal(t, 0, code, "%s", stderr.String())
	r, err := Load(out)
	require.NoError(t, err)
	cell := func(prog, form, tool string) *Cell {
		i := slices.IndexFunc(r.Cells, func(c *Cell) bool { return c.Program == prog && c.Form == form && c.Tool == tool })
		require.GreaterOrEqual(t, i, 0, "no cell %s %s %s", prog, form, tool)
		require.Empty(t, r.Cells[i].Error)
		return r.Cells[i]
	}
	for _, k := range shortKernels {
		for _, tool := range KernelTools {
			c := cell("kernels/"+k, FormFixed, tool)
			require.Zero(t, c.Detections(), "false alarm: %s %s: %+v", c.Program, tool, c.Campaigns)
			require.Len(t, cell("kernels/"+k, FormBuggy, tool).Campaigns, 3)
		}
	}
	k := cell("kernels/kubernetes81091", FormBuggy, ToolRandom)
	require.Equal(t, len(k.Campaigns), k.Detections(), "%+v", k.Campaigns)
	s := cell("kernels/moby18412", FormBuggy, ToolSynctest)
	require.Equal(t, len(s.Campaigns), s.Detections(), "%+v", s.Campaigns)
	require.Equal(t, "deadlock", s.Campaigns[0].How)
	for _, d := range shortDefects {
		for _, tool := range []string{ToolRandom, ToolPCT1, ToolPCT2, ToolPCT3} {
			require.Zero(t, cell("executor/"+d, FormFixed, tool).Detections())
		}
	}
	require.Len(t, r.Throughput, len(slices.Compact([]int{1, r.Machine.GOMAXPROCS})))
	require.NotEmpty(t, r.Memory)
	b, err := os.ReadFile(doc)
	require.NoError(t, err)
	require.Contains(t, string(b), "| kernels/kubernetes81091 |")
	for _, name := range []string{rateSVG, timeSVG, throughputSVG} {
		svg, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		requireWellFormed(t, name, svg)
	}
}

// A resumed run keeps the cells it would measure with the same caps, and
// the cells outside its plan, and measures nothing it already has.
func TestResumeKeeps(t *testing.T) {
	if testing.Short() {
		t.Skip("builds simrun")
	}
	p := Plan{Short: true, Kernels: []string{"grpc2371"}, Defects: []string{"no-join"}, Tools: []string{ToolPCT1}, Scenarios: []string{"none"}}
	full := p.withDefaults()
	kept := []Campaign{{Base: 0, Found: true, Runs: 7, How: "check", Detail: "kept from before"}}
	prev := &Results{Version: resultsVersion}
	for _, prog := range []string{"kernels/grpc2371", "executor/no-join"} {
		for _, form := range []string{FormBuggy, FormFixed} {
			c := full.newCell(prog, form, ToolPCT1)
			c.Campaigns = kept
			prev.Cells = append(prev.Cells, c)
		}
	}
	outside := &Cell{Program: "kernels/other", Form: FormBuggy, Tool: ToolStress, RunsMax: 5, WallMax: 1e9, Campaigns: kept}
	prev.Cells = append(prev.Cells, outside)
	prev.Throughput = []Throughput{{Scenario: "start-shutdown", Workers: 1, Seeds: 10, WallNS: 1e7, PerSec: 1000}}
	e := &Evaluation{Root: "..", Plan: p, Out: filepath.Join(t.TempDir(), "results.json"), Prev: prev}
	r, err := e.Run(t.Context())
	require.NoError(t, err)
	require.Len(t, r.Cells, 5)
	for _, c := range r.Cells {
		require.Equal(t, kept, c.Campaigns, "%s %s %s measured again", c.Program, c.Form, c.Tool)
	}
	require.Equal(t, prev.Throughput, r.Throughput)

	// With other caps, the same cells are measured again.
	p.RunsMax = 3
	e = &Evaluation{Root: "..", Plan: p, Out: filepath.Join(t.TempDir(), "results.json"), Prev: prev}
	r, err = e.Run(t.Context())
	require.NoError(t, err)
	require.Len(t, r.Cells, 5)
	require.NotEqual(t, kept, r.Cells[0].Campaigns)
	require.Equal(t, 3, r.Cells[0].RunsMax)
}
