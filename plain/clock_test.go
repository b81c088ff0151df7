package plain

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/simtest"
)

// A deadline a millisecond away passes in the middle of work in a Test
// world, as it can on a machine that deschedules the goroutine: the body
// that assumes its work beats the deadline is found. Its twin, which only
// looks at the deadline once its work has waited for something, passes.
func TestDeadlinesRaceRunningCode(t *testing.T) {
	work := func(ctx context.Context) (done int) {
		ch := make(chan int, 8)
		for i := range 8 {
			if ctx.Err() != nil {
				return done
			}
			Send(ch, i)
			done++
		}
		return done
	}
	msg := runSeeds(t, 100, func(t *testing.T) {
		ctx, cancel := WithTimeout(context.Background(), time.Millisecond)
		defer cancel()
		if n := work(ctx); n != 8 {
			T(t).Errorf("the deadline passed after %d of 8 steps", n)
		}
	})
	require.Contains(t, msg, "the deadline passed after")
	require.Contains(t, msg, "-execsim.seed=")

	msg = runSeeds(t, 100, func(t *testing.T) {
		ctx, cancel := WithTimeout(context.Background(), time.Hour)
		defer cancel()
		if n := work(ctx); n != 8 {
			T(t).Errorf("a deadline an hour away passed after %d of 8 steps", n)
		}
	})
	require.Empty(t, msg, "a deadline beyond the horizon waits for the world to be idle")
}

// With the horizon off (-execsim.horizon=0) the same deadline never passes
// while the body runs.
func TestHorizonOffKeepsDeadlinesForIdle(t *testing.T) {
	rec := &recorder{t: t}
	test(rec, t, func(t *testing.T) {
		ctx, cancel := WithTimeout(context.Background(), time.Millisecond)
		defer cancel()
		for range 8 {
			if ctx.Err() != nil {
				T(t).Errorf("the deadline passed mid-work")
				return
			}
			Now()
		}
	}, sim.Options{NowTick: NowTick}, simtest.Seeds(100), simtest.NoPersist())
	require.Empty(t, rec.errors)
}

// Each read of the clock takes NowTick: two reads differ, a last-used time
// grows, and a loop that polls the clock reaches its deadline (it would
// spin until the step budget ended it on a clock that stands still).
func TestClockReadsTakeTime(t *testing.T) {
	msg := runSeeds(t, 20, func(t *testing.T) {
		a, b := Now(), Now()
		if !b.After(a) {
			T(t).Errorf("two reads gave %v and %v", a, b)
		}
		start := Now()
		for Since(start) < 50*time.Microsecond {
		}
		if d := Since(start); d > 60*time.Microsecond {
			T(t).Errorf("the poll took %v of virtual time", d)
		}
	})
	require.Empty(t, msg)

	rec := &recorder{t: t}
	test(rec, t, func(t *testing.T) {
		start := Now()
		for Since(start) < 50*time.Microsecond {
		}
	}, sim.Options{TimerHorizon: TimerHorizon, StepsMax: 10_000}, simtest.Seeds(1), simtest.NoPersist())
	require.Len(t, rec.errors, 1)
	require.True(t, strings.Contains(rec.errors[0], ": steps"), rec.errors[0])
}
