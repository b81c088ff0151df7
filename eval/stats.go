package eval

import (
	"math"
	"slices"
)

// Spread is the median and quartiles of a measure over a cell's
// campaigns. A campaign that found nothing counts as +Inf: it is censored
// at the cap, so a median is finite only if more than half of the
// campaigns found the bug, and a finite median never hides misses.
type Spread struct {
	Median, P25, P75 float64
}

// spreadOf is the spread of xs, with math.Inf(1) for a censored value.
func spreadOf(xs []float64) Spread {
	if len(xs) == 0 {
		return Spread{math.NaN(), math.NaN(), math.NaN()}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return Spread{Median: quantile(s, 0.5), P25: quantile(s, 0.25), P75: quantile(s, 0.75)}
}

// quantile of sorted s, by the nearest-rank rule on the lower side: with
// censored (infinite) values in s, interpolating would make no sense.
func quantile(s []float64, q float64) float64 {
	i := int(math.Ceil(q*float64(len(s)))) - 1
	i = max(0, min(i, len(s)-1))
	return s[i]
}
