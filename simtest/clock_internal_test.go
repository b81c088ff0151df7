package simtest

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
)

// midComputation fails if a timer due in a millisecond fires while the
// body is still running: only a world whose timers race running code
// (-execsim.horizon) can fail it.
func midComputation(t *T) {
	tm := t.NewTimer(time.Millisecond)
	for range 5 {
		if _, _, ok := tm.C.TryRecv(); ok {
			t.Errorf("the timer fired mid-computation")
			return
		}
	}
}

// -execsim.horizon lets timers race running code: the failure is found,
// its command repeats the flag, and its saved schedule records the horizon
// and replays under it when the flag is no longer given. Without the flag
// (and without a horizon in World) no seed fails.
func TestHorizonFlag(t *testing.T) {
	root := t.TempDir()
	noFlags := flagValues{seeds: DefaultSeeds, strategy: strategyRandom, persist: true, set: map[string]bool{}}
	tb := &errorsOf{name: "TestX"}
	run(tb, midComputation, []Option{Testdata(root), Seeds(200)}, noFlags)
	require.Empty(t, tb.errors, "without a horizon the timer waits for the body to block")

	fv := noFlags
	fv.horizon, fv.set = 2*time.Millisecond, map[string]bool{"horizon": true}
	tb = &errorsOf{name: "TestX"}
	run(tb, midComputation, []Option{Testdata(root), Seeds(50)}, fv)
	require.Len(t, tb.errors, 1, "the horizon lets the timer fire between two steps")
	require.Contains(t, tb.errors[0], "the timer fired mid-computation")
	require.Regexp(t, `-execsim\.horizon=2ms -execsim\.seed=\d+$`, tb.errors[0])
	require.Contains(t, tb.logs[0], "50 seeds 0..49, timers within 2ms may fire mid-step (-execsim.horizon); saved schedules in")

	files, err := filepath.Glob(filepath.Join(root, "execsim", "TestX", "*.schedule"))
	require.NoError(t, err)
	require.Len(t, files, 1)
	s, err := sim.ReadScheduleFile(files[0])
	require.NoError(t, err)
	h, _ := s.Get("horizon")
	require.Equal(t, "2ms", h)

	tb = &errorsOf{name: "TestX"}
	run(tb, midComputation, []Option{Testdata(root), Seeds(1)}, noFlags)
	require.Len(t, tb.errors, 1, "the saved schedule fails again under the horizon it recorded")
	require.Contains(t, tb.errors[0], "saved schedule")
	require.NotContains(t, tb.errors[0], "no longer fits")
}

// World's TimerHorizon and NowTick are the defaults the flags override;
// 0 turns the horizon off.
func TestClockFlagsOverrideWorld(t *testing.T) {
	world := World(sim.Options{TimerHorizon: 2 * time.Millisecond, NowTick: 25})
	c, err := resolve([]Option{world}, flagValues{set: map[string]bool{}})
	require.NoError(t, err)
	require.Equal(t, 2*time.Millisecond, c.world.TimerHorizon)
	require.Equal(t, time.Duration(25), c.world.NowTick)
	require.Empty(t, c.extra)

	c, err = resolve([]Option{world}, flagValues{horizon: 0, nowTick: time.Microsecond, set: map[string]bool{"horizon": true, "now-tick": true}})
	require.NoError(t, err)
	require.Zero(t, c.world.TimerHorizon)
	require.Equal(t, time.Microsecond, c.world.NowTick)
	require.Equal(t, []string{"-execsim.horizon=0s", "-execsim.now-tick=1µs"}, c.extra)

	fv := fromEnv(cmdline, func(k string) string {
		return map[string]string{"EXECSIM_HORIZON": "5ms", "EXECSIM_NOW_TICK": "soon"}[k]
	})
	require.Equal(t, 5*time.Millisecond, fv.horizon)
	require.ErrorContains(t, fv.err, "EXECSIM_NOW_TICK=soon")
}

// -execsim.steps raises the step budget of a test that runs long on
// purpose; a steps failure says so, and its command repeats the flag.
func TestStepsFlag(t *testing.T) {
	long := func(t *T) {
		for range 3000 {
			t.Yield()
		}
	}
	noFlags := flagValues{seeds: DefaultSeeds, strategy: strategyRandom, persist: false, set: map[string]bool{"persist": true}}
	fv := noFlags
	fv.steps, fv.set = 2000, map[string]bool{"persist": true, "steps": true}
	tb := &errorsOf{name: "TestX"}
	run(tb, long, []Option{Seeds(1)}, fv)
	require.Len(t, tb.errors, 1)
	require.Contains(t, tb.errors[0], "step budget 2000 exhausted")
	require.Contains(t, tb.errors[0], "give it a larger budget: -execsim.steps=N")
	require.Regexp(t, `-execsim\.steps=2000 -execsim\.seed=0$`, tb.errors[0])

	fv.steps = 4000
	tb = &errorsOf{name: "TestX"}
	run(tb, long, []Option{Seeds(3)}, fv)
	require.Empty(t, tb.errors)

	c, err := resolve([]Option{World(sim.Options{StepsMax: 77})}, flagValues{steps: 0, set: map[string]bool{"steps": true}})
	require.NoError(t, err)
	require.Equal(t, int64(77), c.world.StepsMax, "0 keeps the world's budget")
	_, err = resolve(nil, flagValues{steps: 1_000_000_001, set: map[string]bool{"steps": true}})
	require.ErrorContains(t, err, "-execsim.steps: 1000000001: want 1 to 1000000000, or 0 for the world's")
}

// A worker that recovers every panic and reports it as a check would
// report the unwinding that ends a failed run (here at the step budget):
// the run's verdict stays the step budget, and the late check is shown
// for what it is.
func TestChecksWhileUnwindingAreNotTheVerdict(t *testing.T) {
	body := func(t *T) {
		wg := t.NewWaitGroup()
		wg.Go("worker", func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("worker panicked: %v", r)
				}
			}()
			for {
				t.Yield()
			}
		})
		wg.Wait()
	}
	tb := &errorsOf{name: "TestX"}
	fv := flagValues{seeds: DefaultSeeds, strategy: strategyRandom, steps: 500, set: map[string]bool{"steps": true}}
	run(tb, body, []Option{Seeds(1), NoPersist()}, fv)
	require.Len(t, tb.errors, 1)
	msg := tb.errors[0]
	require.Contains(t, msg, "strategy random: steps")
	require.Contains(t, msg, "step budget 500 exhausted")
	require.Contains(t, msg, "checks failed while the world unwound the goroutines after the failure above (1;")
	require.Contains(t, msg, "worker panicked:")
	require.NotContains(t, msg, "failed checks (")
}
