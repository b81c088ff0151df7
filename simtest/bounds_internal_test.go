package simtest

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	// Huge in an int of any size: 1<<62 and 10^12 on 64 bits.
	const half, huge = math.MaxInt/2 + 1, min(1_000_000_000_000, math.MaxInt)
	for _, tc := range []struct {
		opts []Option
		fv   flagValues
		want string
	}{
		{nil, flagValues{strategy: strategyPCT, depth: half, set: set("strategy", "depth")}, fmt.Sprintf("-execsim.depth: %d: want 1 to 64, or 0 for 3", half)},
		{nil, flagValues{strategy: strategyPCT, depth: 65, set: set("strategy", "depth")}, "-execsim.depth: 65: want 1 to 64"},
		{nil, flagValues{seeds: huge, set: set("seeds")}, fmt.Sprintf("-execsim.seeds: %d: want 1 to 1000000", huge)},
		{nil, flagValues{strategy: strategyPCT, pctSteps: 1 << 62, set: set("strategy", "pct-steps")}, "-execsim.pct-steps: 4611686018427387904: want 1 to 1000000000000"},
		{[]Option{PCT(huge)}, flagValues{}, fmt.Sprintf("PCT(%d): want a depth of 1 to 64, or 0 for 3", huge)},
		{[]Option{Seeds(huge)}, flagValues{}, fmt.Sprintf("Seeds(%d): want 1 to 1000000", huge)},
		{nil, flagValues{horizon: 25 * time.Hour, set: set("horizon")}, "-execsim.horizon: 25h0m0s: want 0 (off) to 24h0m0s"},
		{nil, flagValues{horizon: -time.Second, set: set("horizon")}, "-execsim.horizon: -1s: want 0 (off)"},
		{nil, flagValues{nowTick: 2 * time.Millisecond, set: set("now-tick")}, "-execsim.now-tick: 2ms: want 0 (reads take no time) to 1ms"},
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
		_, err = fromSchedule("x.schedule", s, sim.Options{})
		require.ErrorContains(t, err, "depth \""+d+"\": want 1 to 64")
	}
	s, err := sim.ParseSchedule(strings.NewReader("execsim schedule v1\nseed 1\nstrategy pct\ndepth 64\nchoices 0\n"))
	require.NoError(t, err)
	a, err := fromSchedule("x.schedule", s, sim.Options{})
	require.NoError(t, err)
	require.Equal(t, 64, a.depth)
}

// A saved schedule's clock is bounded like the flags, and a file that does
// not record it runs under the world's.
func TestSavedScheduleClockBounded(t *testing.T) {
	for _, tc := range []struct{ field, want string }{
		{"horizon 25h", `horizon "25h": want a duration of 0 to 24h0m0s`},
		{"horizon -1ms", `horizon "-1ms": want a duration of 0 to 24h0m0s`},
		{"horizon soon", `horizon "soon": want a duration`},
		{"now-tick 2ms", `now-tick "2ms": want a duration of 0 to 1ms`},
	} {
		s, err := sim.ParseSchedule(strings.NewReader("execsim schedule v1\nseed 1\n" + tc.field + "\nchoices 0\n"))
		require.NoError(t, err)
		_, err = fromSchedule("x.schedule", s, sim.Options{})
		require.ErrorContains(t, err, tc.want)
	}
	world := sim.Options{TimerHorizon: time.Millisecond, NowTick: time.Nanosecond}
	s, err := sim.ParseSchedule(strings.NewReader("execsim schedule v1\nseed 1\nchoices 0\n"))
	require.NoError(t, err)
	a, err := fromSchedule("x.schedule", s, world)
	require.NoError(t, err)
	require.Equal(t, [2]time.Duration{time.Millisecond, time.Nanosecond}, [2]time.Duration{a.horizon, a.nowTick})
	s, err = sim.ParseSchedule(strings.NewReader("execsim schedule v1\nseed 1\nhorizon 0s\nnow-tick 25ns\nchoices 0\n"))
	require.NoError(t, err)
	a, err = fromSchedule("x.schedule", s, world)
	require.NoError(t, err)
	require.Equal(t, [2]time.Duration{0, 25}, [2]time.Duration{a.horizon, a.nowTick})
}

// The saved files Run replays first are bounded like the flags: a file
// declaring 2^63-1 choices or a depth of 10^12 fails the test, naming the
// file, instead of crashing it or exhausting memory.
func TestSavedScheduleBoundsInRun(t *testing.T) {
	for name, body := range map[string]string{
		"seed-1.schedule":      "execsim schedule v1\nseed 1\nchoices 9223372036854775807\ng0/2\n",
		"seed-2-pct9.schedule": "execsim schedule v1\nseed 2\nstrategy pct\ndepth 1000000000000\nchoices 0\n",
		"seed-3-pct3.schedule": "execsim schedule v1\nseed 3\nstrategy pct\ndepth 3\npct-steps 4611686018427387904\nchoices 0\n",
	} {
		root := t.TempDir()
		dir := filepath.Join(root, "execsim", "TestX")
		require.NoError(t, os.MkdirAll(dir, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
		tb := &errorsOf{name: "TestX"}
		run(tb, onT(leak), []Option{Testdata(root), Seeds(1)}, flagValues{seeds: DefaultSeeds, strategy: strategyRandom, persist: true, set: map[string]bool{}})
		require.Len(t, tb.errors, 1, name)
		require.Contains(t, tb.errors[0], name)
		require.Contains(t, tb.errors[0], "fix or delete the file")
	}
}
