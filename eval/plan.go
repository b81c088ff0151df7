package eval

import (
	"fmt"
	"time"
)

// Plan is what one evaluation measures and the caps of each campaign. The
// zero value of a count means the mode's default.
type Plan struct {
	Short bool
	// Kernels and Defects name the programs; empty means all (full) or
	// the short mode's few, and the one word "none" none (as for
	// Scenarios), to measure an evaluation in parts.
	Kernels []string
	Defects []string
	Tools   []string // empty: every tool that applies
	// Bases is the number of campaigns (base seeds) per buggy cell; a
	// fixed cell is one campaign of RunsMax runs.
	Bases int
	// RunsMax caps the runs of one campaign.
	RunsMax int
	// CellWallMax caps a cell's wall time: each of its campaigns gets
	// CellWallMax / Bases.
	CellWallMax time.Duration
	// Chunk is the runs of one native test process (-test.count).
	Chunk int
	// ThroughputSeeds is how many seeds each throughput sweep runs, and
	// Scenarios which scenarios (empty: all, or the short mode's one).
	ThroughputSeeds int
	Scenarios       []string
	// MemoryRuns is how many runs the memory measure averages over.
	MemoryRuns int
}

// The short mode's programs: a bug the native scheduler finds at once, one
// it almost never finds, and a leak only goleak's exit check sees; two
// audited defects of the executor.
var (
	shortKernels   = []string{"grpc2371", "kubernetes81091", "moby18412"}
	shortDefects   = []string{"no-join", "panic-on-send-after-shutdown"}
	shortScenarios = []string{"start-shutdown"}
)

// withDefaults fills the zero fields for the mode.
func (p Plan) withDefaults() Plan {
	def := func(v *int, short, full int) {
		if *v == 0 {
			*v = full
			if p.Short {
				*v = short
			}
		}
	}
	def(&p.Bases, 3, 20)
	def(&p.RunsMax, 30, 1000)
	def(&p.Chunk, 10, 50)
	def(&p.ThroughputSeeds, 200, 2000)
	def(&p.MemoryRuns, 20, 100)
	if p.CellWallMax == 0 {
		p.CellWallMax = 60 * time.Second
		if p.Short {
			p.CellWallMax = 4 * time.Second
		}
	}
	if p.Short {
		if len(p.Kernels) == 0 {
			p.Kernels = shortKernels
		}
		if len(p.Defects) == 0 {
			p.Defects = shortDefects
		}
		if len(p.Scenarios) == 0 {
			p.Scenarios = shortScenarios
		}
	}
	return p
}

func (p Plan) check() error {
	switch {
	case p.Bases < 1 || p.Bases > 1000:
		return fmt.Errorf("eval: -bases %d: want 1 to 1000", p.Bases)
	case p.RunsMax < 1 || p.RunsMax > 1_000_000:
		return fmt.Errorf("eval: -runs-max %d: want 1 to 1000000", p.RunsMax)
	case p.CellWallMax < time.Second || p.CellWallMax > time.Hour:
		return fmt.Errorf("eval: -cell-wall %v: want 1s to 1h", p.CellWallMax)
	case p.Chunk < 1 || p.Chunk > 10_000:
		return fmt.Errorf("eval: -chunk %d: want 1 to 10000", p.Chunk)
	case p.ThroughputSeeds < 1 || p.ThroughputSeeds > 1_000_000:
		return fmt.Errorf("eval: -throughput-seeds %d: want 1 to 1000000", p.ThroughputSeeds)
	case p.MemoryRuns < 1 || p.MemoryRuns > 100_000:
		return fmt.Errorf("eval: -memory-runs %d: want 1 to 100000", p.MemoryRuns)
	}
	return checkTools(p.Tools)
}

// campaignWall is the wall cap of one campaign of a buggy cell.
func (p Plan) campaignWall() time.Duration {
	return max(time.Second, p.CellWallMax/time.Duration(p.Bases))
}

// isNone reports whether a list of names is the one word "none".
func isNone(names []string) bool { return len(names) == 1 && names[0] == "none" }

// capsDiffer reports whether p's caps are not the full mode's defaults.
func (p Plan) capsDiffer() bool {
	d := Plan{}.withDefaults()
	return p.Bases != d.Bases || p.RunsMax != d.RunsMax || p.CellWallMax != d.CellWallMax || p.Chunk != d.Chunk
}
