package simtest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
)

// Every number simtest takes from flags, options and saved files is
// bounded before it sizes anything (PCT's change points, the seed list).
func TestBoundedInputs(t *testing.T) {
	set := func(names ...string) map[string]bool {
		m := map[string]bool{}
		for _, n := range names {
			m[n] = true
		}
		return m
	}
	for _, tc := range []struct {
		opts []Option
		fv   flagValues
		want string
	}{
		{nil, flagValues{strategy: strategyPCT, depth: 4611686018427387904, set: set("strategy", "depth")}, "-execsim.depth: 4611686018427387904: want 1 to 64, or 0 for 3"},
		{nil, flagValues{strategy: strategyPCT, depth: 65, set: set("strategy", "depth")}, "-execsim.depth: 65: want 1 to 64"},
		{nil, flagValues{seeds: 1000000000000, set: set("seeds")}, "-execsim.seeds: 1000000000000: want 1 to 1000000"},
		{[]Option{PCT(1 << 40)}, flagValues{}, "PCT(1099511627776): want a depth of 1 to 64, or 0 for 3"},
		{[]Option{Seeds(1 << 40)}, flagValues{}, "Seeds(1099511627776): want 1 to 1000000"},
	} {
		_, err := resolve(tc.opts, tc.fv)
		require.ErrorContains(t, err, tc.want)
	}
	c, err := resolve([]Option{PCT(depthMax), Seeds(seedsMax)}, flagValues{})
	require.NoError(t, err, "the bounds themselves are allowed")
	require.Equal(t, depthMax, c.depth)
	require.Equal(t, seedsMax, c.seeds)
}

// A saved schedule's depth is bounded like -execsim.depth.
func TestSavedScheduleDepthBounded(t *testing.T) {
	for _, d := range []string{"1000000000000", "65", "0"} {
		s, err := sim.ParseSchedule(strings.NewReader("execsim schedule v1\nseed 1\nstrategy pct\ndepth " + d + "\nchoices 0\n"))
		require.NoError(t, err)
		_, err = fromSchedule("x.schedule", s)
		require.ErrorContains(t, err, "depth \""+d+"\": want 1 to 64")
	}
	s, err := sim.ParseSchedule(strings.NewReader("execsim schedule v1\nseed 1\nstrategy pct\ndepth 64\nchoices 0\n"))
	require.NoError(t, err)
	a, err := fromSchedule("x.schedule", s)
	require.NoError(t, err)
	require.Equal(t, 64, a.depth)
}
