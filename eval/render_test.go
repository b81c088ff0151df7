package eval

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// campaigns makes n campaigns that each found the bug after runs runs (or
// none, runs 0: each ran to a cap of 10).
func campaigns(n, runs int) []Campaign {
	var cs []Campaign
	for i := range n {
		if runs == 0 {
			cs = append(cs, Campaign{Base: uint64(i), Runs: 10, WallNS: 1e9, How: "runs cap"})
			continue
		}
		cs = append(cs, Campaign{Base: uint64(i), Found: true, Runs: runs, WallNS: int64(runs) * 2e6, How: "check"})
	}
	return cs
}

func sample(execsimRuns, stressRuns int) *Results {
	r := &Results{
		Version: resultsVersion, Mode: "short", Started: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC),
		Machine:  Machine{GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", CPU: "Test CPU <x>", Cores: 2, GOMAXPROCS: 2},
		Commands: []string{"stress: go test -race"},
		Cells: []*Cell{
			{Program: "kernels/a", Form: FormBuggy, Tool: ToolRandom, RunsMax: 10, WallMax: 1e9, Campaigns: campaigns(3, execsimRuns)},
			{Program: "kernels/a", Form: FormFixed, Tool: ToolRandom, RunsMax: 10, WallMax: 1e9, Campaigns: campaigns(1, 0)},
			{Program: "kernels/a", Form: FormBuggy, Tool: ToolStress, RunsMax: 10, WallMax: 1e9, Campaigns: campaigns(3, stressRuns)},
			{Program: "kernels/a", Form: FormFixed, Tool: ToolStress, RunsMax: 10, WallMax: 1e9, Campaigns: []Campaign{{Found: true, Runs: 4, How: "check"}}},
			{Program: "executor/d", Form: FormBuggy, Tool: ToolReal, RunsMax: 10, WallMax: 1e9, Error: "the scenario injects network faults"},
		},
		Throughput: []Throughput{{Scenario: "s", Workers: 1, Seeds: 100, WallNS: 1e8, PerSec: 1000}, {Scenario: "s", Workers: 2, Seeds: 100, WallNS: 6e7, PerSec: 1666}},
		Memory:     []Memory{{Scenario: "s", Runs: 10, BytesPerRun: 1234, AllocsPerRun: 12}},
	}
	for _, c := range r.Cells {
		c.collectFailures()
	}
	return r
}

// The document names a peer that beats execsim, and names none when
// execsim is ahead: the same results but for which tool needed fewer runs.
func TestPeerWins(t *testing.T) {
	doc := string(document(sample(5, 1), tableOf(sample(5, 1))))
	require.Contains(t, doc, "**kernels/a**: stress 1 per run (shown as check 3), execsim's best (execsim-random) 0.2")
	require.Contains(t, doc, "**kernels/a**: stress 0.002 s, execsim's fastest (execsim-random) 0.01 s")
	doc = string(document(sample(1, 5), tableOf(sample(1, 5))))
	require.Contains(t, doc, "On no program measured here did a peer tool find the bug more often")
	require.NotContains(t, doc, "**kernels/a**")
	require.NotContains(t, doc, "median wall time to the first detection was shorter")
	// execsim not finding it at all while the peer does is a win too.
	doc = string(document(sample(0, 2), tableOf(sample(0, 2))))
	require.Contains(t, doc, "**kernels/a**: stress 0.5 per run (shown as check 3), execsim's best (execsim-random) 0")
}

func TestRender(t *testing.T) {
	dir := t.TempDir()
	docPath := filepath.Join(dir, "EVALUATION.md")
	r := sample(2, 6)
	require.NoError(t, r.Save(filepath.Join(dir, "evaluation", "results.json")))
	back, err := Load(filepath.Join(dir, "evaluation", "results.json"))
	require.NoError(t, err)
	require.NoError(t, Render(back, docPath))
	doc, err := os.ReadFile(docPath)
	require.NoError(t, err)
	for _, want := range []string{
		"| kernels/a | 3/3 (0.5) | 3/3 (0.167) |",            // rates
		"| kernels/a | 2 [2–2], 0.004 s | 6 [6–6], 0.01 s |", // runs and time
		"| kernels/a | 0/10 | 1/4 |",                         // false alarms
		"False alarms in all: 1.",
		"| executor/d |  |  | n/a |",
		"| s | 2 | 100 | 0.06 | 1666 |",
		"| s | 10 | 1234 | 12 |",
		"Test CPU <x>, 2 cores",
		"    stress: go test -race",
		"![detection rate per tool per program](evaluation/rate.svg)",
	} {
		require.Contains(t, string(doc), want)
	}
	for _, name := range []string{rateSVG, timeSVG, throughputSVG} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		requireWellFormed(t, name, b)
	}
	// The charts are a function of the results: the same bytes again.
	first, _ := os.ReadFile(filepath.Join(dir, timeSVG))
	require.NoError(t, Render(back, docPath))
	again, _ := os.ReadFile(filepath.Join(dir, timeSVG))
	require.Equal(t, first, again)
}

func requireWellFormed(t *testing.T, name string, b []byte) {
	t.Helper()
	require.True(t, bytes.HasPrefix(b, []byte("<svg ")), name)
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		require.NoError(t, err, "%s is not well-formed XML", name)
	}
}

func TestRateColor(t *testing.T) {
	require.Equal(t, "#ffffff", rateColor(0))
	require.Equal(t, "#08306b", rateColor(1))
	require.Equal(t, "#dddddd", rateColor(nan()))
	require.True(t, strings.HasPrefix(rateColor(0.01), "#"))
}

func nan() float64 { var z float64; return z / z }
