package eval

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSpreadCensored(t *testing.T) {
	inf := math.Inf(1)
	s := spreadOf([]float64{5, 1, 3, 2, 4})
	require.Equal(t, Spread{Median: 3, P25: 2, P75: 4}, s)
	// Two misses out of four: the median is still a number only while
	// fewer than half missed.
	require.Equal(t, 2.0, spreadOf([]float64{1, 2, inf, inf}).Median)
	require.True(t, math.IsInf(spreadOf([]float64{1, inf, inf}).Median, 1))
	require.True(t, math.IsNaN(spreadOf(nil).Median))
}

func TestCellRates(t *testing.T) {
	c := &Cell{Campaigns: []Campaign{{Found: true, Runs: 3}, {Found: false, Runs: 10}, {Found: true, Runs: 1}}}
	require.Equal(t, 2, c.Detections())
	require.Equal(t, 14, c.Runs())
	require.InDelta(t, 2.0/14, c.RatePerRun(), 1e-12)
	require.Equal(t, 3.0, c.RunsToFind().Median)
	require.True(t, math.IsNaN((&Cell{}).RatePerRun()))
}

func TestCollectFailures(t *testing.T) {
	c := &Cell{Campaigns: []Campaign{
		{Found: true, How: "panic", Detail: "panic: x"},
		{Found: false, How: "runs cap"},
		{Found: true, How: "panic", Detail: "panic: x"},
		{Found: true, How: "check", Detail: "k_test.go:3: y"},
		{How: "error", Detail: "build failed"},
	}}
	c.collectFailures()
	require.Equal(t, []Failure{{"panic", "panic: x", 2}, {"check", "k_test.go:3: y", 1}, {"error", "build failed", 1}}, c.Failures)
	for _, k := range c.Campaigns {
		require.Empty(t, k.Detail)
	}
}
