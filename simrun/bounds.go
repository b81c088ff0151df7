package simrun

import (
	"math/bits"
	"strconv"

	"github.com/execsim/execsim/sim"
)

// The bounds of simrun's numeric inputs, flags and schedule files alike.
// Each is checked before the value sizes anything (a slice, a channel, a
// loop), so that a typo or a hostile file is a usage error, never a panic
// or an out-of-memory kill. They are far above any useful value.
const (
	// depthMax is PCT's largest depth: depth-1 change points are drawn per
	// run, and a bug needing more than a few is out of PCT's reach anyway.
	depthMax = sim.PCTDepthMax
	// workersMax bounds -workers: each worker is a goroutine and four
	// slots of the results channel.
	workersMax = 1024
	// seedsMax bounds -seeds: a trillion seeds per scenario is years of
	// runs, and with it seeds x scenarios cannot overflow.
	seedsMax = 1_000_000_000_000
	// budgetStepsMax bounds -budget-steps and a schedule's budget-steps.
	budgetStepsMax = 1_000_000_000_000
	// pctStepsMax bounds -pct-steps and a schedule's pct-steps: a run
	// PCT is sized for is a run within a step budget.
	pctStepsMax = budgetStepsMax
	// shrinkRunsMax bounds -shrink-runs.
	shrinkRunsMax = 10_000_000
	// shardsMax bounds N of -shard K/N (and -merge's check that every
	// shard is there).
	shardsMax = 1 << 20
)

// inRange reports whether v is in [lo, hi].
func inRange[T int | int64](v, lo, hi T) bool { return v >= lo && v <= hi }

// rangeText is "want lo to hi" for error messages.
func rangeText(lo, hi int64) string {
	return "want " + strconv.FormatInt(lo, 10) + " to " + strconv.FormatInt(hi, 10)
}

// mulCount is a*b, and false if that does not fit in 64 bits: run counts
// are products, and a wrapped one is a silently wrong verdict.
func mulCount(a, b uint64) (uint64, bool) {
	hi, lo := bits.Mul64(a, b)
	return lo, hi == 0
}
