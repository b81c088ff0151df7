package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A negative bound is an error naming the field, from Validate and from
// Run, which then runs nothing; zero still means the default.
func TestOptionsNegativeBoundsAreErrors(t *testing.T) {
	for field, opts := range map[string]Options{
		"StepsMax":       {StepsMax: -1},
		"VirtualTimeMax": {VirtualTimeMax: -time.Second},
		"Settle":         {Settle: -time.Millisecond},
		"TraceTail":      {TraceTail: -3},
		"NowTick":        {NowTick: -time.Nanosecond},
	} {
		err := opts.Validate()
		require.Error(t, err, field)
		require.Contains(t, err.Error(), "sim: Options."+field+" is -", field)

		ran := false
		r := Run(opts, func(Runtime) { ran = true })
		require.False(t, ran, "%s: Run ran the body with invalid options", field)
		require.NotNil(t, r.Failure, field)
		require.Equal(t, KindOptions, r.Failure.Kind, field)
		require.Equal(t, err.Error(), r.Err().Error(), field)
		require.Empty(t, r.Schedule(), field)
	}
}

// A tick above a millisecond is not a read of the clock: an error.
func TestOptionsNowTickIsBounded(t *testing.T) {
	err := Options{NowTick: time.Millisecond + 1}.Validate()
	require.ErrorContains(t, err, "sim: Options.NowTick is 1.000001ms: it must be at most 1ms")
}

func TestOptionsZeroAndOffAreValid(t *testing.T) {
	for name, opts := range map[string]Options{
		"zero":            {},
		"watchdog off":    {Watchdog: -1},
		"horizon off":     {TimerHorizon: -time.Second},
		"tick at its max": {NowTick: time.Millisecond},
		"positive bounds": {StepsMax: 10, VirtualTimeMax: time.Hour, Settle: time.Second, TraceTail: 1},
	} {
		require.NoError(t, opts.Validate(), name)
		r := Run(opts, func(rt Runtime) { rt.Sleep(time.Millisecond) })
		require.NoError(t, r.Err(), name)
	}
	// Zero takes the default: a 2,000-step run passes under the default
	// StepsMax where a StepsMax of 1,000 stops it.
	spin := func(rt Runtime) {
		for range 2000 {
			rt.Yield()
		}
	}
	require.NoError(t, Run(Options{}, spin).Err())
	require.Equal(t, KindSteps, Run(Options{StepsMax: 1000}, spin).Failure.Kind)
}
