package sim

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A goroutine the world did not start (standing for an untouched
// package's) waits on a world context while the world's goroutine waits
// for it outside the kit: the world cannot move, and the watchdog reports
// the intrusion, with its line, within about intrusionGrace, not after its
// whole period. The twin, whose outside goroutine touches nothing of the
// world's, is the plain watchdog report after the full period.
func TestIntrusionWhileBlockedIsReportedEarly(t *testing.T) {
	released, stop := make(chan struct{}), make(chan struct{})
	start := time.Now()
	r := Run(Options{Seed: 1, Watchdog: 20 * time.Second}, func(rt Runtime) {
		ctx, cancel := rt.WithCancel(context.Background())
		defer cancel()
		go func() { //simvet:allow the goroutine of an untouched package
			select {
			case <-ctx.Done():
			case <-stop:
			}
			close(released)
		}()
		<-released // blocked outside the kit, as on that package's WaitGroup
	})
	took := time.Since(start)
	close(stop) // let the outside goroutine and the abandoned world finish
	<-released
	f := r.Failure
	require.NotNil(t, f)
	require.Equal(t, KindUnreachable, f.Kind)
	require.Contains(t, f.Message, "Done of a world context at ")
	require.Contains(t, f.Message, "intrusion_test.go:")
	require.Contains(t, f.Message, "blocked outside the kit")
	require.Less(t, took, 10*time.Second, "reported at the intrusion, not at the watchdog's 20 s")

	raw, hold := make(chan struct{}), make(chan struct{})
	r = Run(Options{Seed: 1, Watchdog: 300 * time.Millisecond}, func(rt Runtime) {
		go func() { close(raw) }() //simvet:allow touches nothing of the world's
		<-raw
		<-hold // blocked outside the kit until the test lets it go
	})
	close(hold)
	require.NotNil(t, r.Failure)
	require.Equal(t, KindBlocked, r.Failure.Kind)
}

// A world context may derive from a cancellable context the world did not
// make (t.Context(), an untouched package's): the parent's cancellation is
// a completion from outside, seen when the world polls at quiescence, and
// the child ends with the parent's error and cause. Before, deriving one
// panicked.
func TestWorldContextFromAForeignParent(t *testing.T) {
	parent, cancelParent := context.WithCancelCause(context.Background())
	defer cancelParent(nil)
	cause := errors.New("the request went away")
	r := Run(Options{Seed: 1}, func(rt Runtime) {
		ctx, cancel := rt.WithCancel(parent)
		defer cancel()
		// The context package cancels it natively, which the world does
		// not see happen (as when its owner outside the world does); no
		// goroutine of ours, so that the test does not hang on timing.
		cancelParent(cause)
		require.NoError(t, ctx.Err(), "not yet seen: the world has not polled")
		rt.Select(DoneCase(ctx))
		require.ErrorIs(t, ctx.Err(), context.Canceled)
		require.ErrorIs(t, context.Cause(ctx), cause)
	})
	require.NoError(t, r.Err())
}
