package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// The forms of a program: the bug switched on, or its fixed twin.
const (
	FormBuggy = "buggy"
	FormFixed = "fixed"
)

// Results are the raw results of an evaluation: what the JSON file holds,
// and all the document is made from.
type Results struct {
	Version int       `json:"version"`
	Mode    string    `json:"mode"` // "short", "full", or "sample" (a part, or other caps)
	Started time.Time `json:"started"`
	// KernelsAll and DefectsAll are how many kernels and audited defects
	// the module has, to say what part of them a sample covers.
	KernelsAll int      `json:"kernels_all"`
	DefectsAll int      `json:"defects_all"`
	Machine    Machine  `json:"machine"`
	Commands   []string `json:"commands"` // the command lines each tool ran, as templates
	// Invocations are the simeval command lines that measured these
	// results, the resumed ones first.
	Invocations [][]string   `json:"invocations"`
	Cells       []*Cell      `json:"cells"`
	Throughput  []Throughput `json:"throughput"`
	Memory      []Memory     `json:"memory"`
}

// resultsVersion changes when a reader must know about a change of the
// file's shape.
const resultsVersion = 1

// A Cell is one program, one form, one tool: its campaigns, one per base
// seed, each run until the first detection or its caps.
type Cell struct {
	Program string `json:"program"` // "kernels/grpc2371", "executor/no-join"
	Form    string `json:"form"`    // FormBuggy or FormFixed
	Tool    string `json:"tool"`
	// RunsMax and WallMax cap each campaign; WallMax is in nanoseconds.
	RunsMax   int        `json:"runs_max"`
	WallMax   int64      `json:"wall_max_ns"`
	Campaigns []Campaign `json:"campaigns"`
	// Failures are the distinct failures the campaigns found, with how
	// many found each: the evidence that a detection is the bug's (a
	// campaign's own Detail is moved here, so that twenty copies of one
	// line do not fill the file).
	Failures []Failure `json:"failures,omitempty"`
	// Error says why the tool could not run the program at all (it could
	// not be built, the tool is missing); the cell then has no campaigns.
	Error string `json:"error,omitempty"`
}

// A Campaign is one tool's search from one base seed: runs until the first
// detection, or until a cap.
type Campaign struct {
	Base   uint64 `json:"base"`
	Found  bool   `json:"found"`
	Runs   int    `json:"runs"`    // runs made, the detecting one included
	WallNS int64  `json:"wall_ns"` // wall time of those runs
	// How is what showed the bug (check, panic, leak, deadlock, race,
	// not-joined, ...) or, for a campaign that found nothing, why it
	// stopped: "runs cap", "wall cap".
	How string `json:"how"`
	// Detail is the first line of the failure while the cell is measured;
	// Cell.Failures holds it in the file.
	Detail string `json:"detail,omitempty"`
}

// A Failure is one distinct failure of a cell's campaigns.
type Failure struct {
	How    string `json:"how"`
	Detail string `json:"detail"`
	Count  int    `json:"count"`
}

// collectFailures moves the campaigns' details into c.Failures, in the
// order they were first found.
func (c *Cell) collectFailures() {
	for i := range c.Campaigns {
		k := &c.Campaigns[i]
		if !k.Found && k.Detail == "" {
			continue
		}
		j := slices.IndexFunc(c.Failures, func(f Failure) bool { return f.How == k.How && f.Detail == k.Detail })
		if j < 0 {
			c.Failures = append(c.Failures, Failure{How: k.How, Detail: k.Detail})
			j = len(c.Failures) - 1
		}
		c.Failures[j].Count++
		k.Detail = ""
	}
}

// key identifies a cell across runs of the command, for -resume.
func (c *Cell) key() string {
	return fmt.Sprintf("%s|%s|%s|%d|%d", c.Program, c.Form, c.Tool, c.RunsMax, c.WallMax)
}

// Detections counts the campaigns that found the bug.
func (c *Cell) Detections() int {
	n := 0
	for _, k := range c.Campaigns {
		if k.Found {
			n++
		}
	}
	return n
}

// Runs is the number of runs made over all campaigns.
func (c *Cell) Runs() int {
	n := 0
	for _, k := range c.Campaigns {
		n += k.Runs
	}
	return n
}

// RatePerRun estimates how often one run detects the bug: detections over
// runs made (the maximum-likelihood estimate of a geometric law, each
// campaign stopping at its first detection).
func (c *Cell) RatePerRun() float64 {
	if c.Runs() == 0 {
		return math.NaN()
	}
	return float64(c.Detections()) / float64(c.Runs())
}

// RunsToFind is the spread of the runs to the first detection.
func (c *Cell) RunsToFind() Spread {
	var xs []float64
	for _, k := range c.Campaigns {
		xs = append(xs, censored(k.Found, float64(k.Runs)))
	}
	return spreadOf(xs)
}

// WallToFind is the spread of the wall time to the first detection, in
// seconds.
func (c *Cell) WallToFind() Spread {
	var xs []float64
	for _, k := range c.Campaigns {
		xs = append(xs, censored(k.Found, float64(k.WallNS)/1e9))
	}
	return spreadOf(xs)
}

func censored(found bool, x float64) float64 {
	if !found {
		return math.Inf(1)
	}
	return x
}

// Throughput is execsim's speed on one scenario through simrun.
type Throughput struct {
	Scenario string  `json:"scenario"`
	Workers  int     `json:"workers"`
	Seeds    int     `json:"seeds"`
	WallNS   int64   `json:"wall_ns"`
	PerSec   float64 `json:"seeds_per_sec"`
}

// Memory is what one world of a scenario allocates, from runtime.MemStats
// over a number of runs in this process.
type Memory struct {
	Scenario     string `json:"scenario"`
	Runs         int    `json:"runs"`
	BytesPerRun  uint64 `json:"bytes_per_run"`
	AllocsPerRun uint64 `json:"allocs_per_run"`
}

// Load reads a results file.
func Load(path string) (*Results, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Results
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("eval: %s: %v", path, err)
	}
	if r.Version != resultsVersion {
		return nil, fmt.Errorf("eval: %s: results version %d, want %d", path, r.Version, resultsVersion)
	}
	return &r, nil
}

// Save writes r to path atomically: a crash mid-run leaves the previous
// file, which -resume continues from.
//
// Each cell is one line: a full evaluation has hundreds of cells of twenty
// campaigns each, which indented would be tens of thousands of lines, and
// one line per cell keeps a diff of two runs readable.
func (r *Results) Save(path string) error {
	head := *r
	head.Cells = nil
	b, err := json.MarshalIndent(head, "", "\t")
	if err != nil {
		return err
	}
	var cells bytes.Buffer
	cells.WriteString(`"cells": [`)
	for i, c := range r.Cells {
		cb, err := json.Marshal(c)
		if err != nil {
			return err
		}
		if i > 0 {
			cells.WriteString(",")
		}
		cells.WriteString("\n\t\t")
		cells.Write(cb)
	}
	cells.WriteString("\n\t]")
	b = bytes.Replace(b, []byte(`"cells": null`), cells.Bytes(), 1)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
