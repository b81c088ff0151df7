package plain

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A Once done natively (at package init, say) is done in every world: its
// action, which set up process-wide state, does not run again there.
func TestOnceDoneNativelyIsDoneInWorlds(t *testing.T) {
	var once sync.Once
	runs := 0
	OnceDo(&once, func() { runs++ }) // natively, as an init would
	for seed := range uint64(5) {
		require.NoError(t, run(seed, func() { OnceDo(&once, func() { runs++ }) }).Err())
	}
	require.Equal(t, 1, runs)
}

// A Once first done in a world whose action made no goroutine or timer is
// the process's from then on: later worlds, and native code, skip it, as
// the seeds of go test -count=N would. Its twin's action starts a worker,
// which dies with its world: each world runs that action again, and each
// world's worker answers.
func TestOnceDoneInAWorld(t *testing.T) {
	var setup sync.Once
	registered := map[string]bool{}
	register := func() {
		if registered["g"] {
			panic("duplicate registration of g")
		}
		registered["g"] = true
	}
	for seed := range uint64(5) {
		require.NoError(t, run(seed, func() { OnceDo(&setup, register) }).Err(), "seed %d", seed)
	}
	ran := false
	OnceDo(&setup, func() { ran = true })
	require.False(t, ran, "native code sees the Once done")

	var start sync.Once
	var requests chan chan int
	starts := 0
	worker := func() {
		starts++
		requests = make(chan chan int)
		Go(func() {
			for reply := range Range(requests) {
				Send(reply, 42)
			}
		})
	}
	for seed := range uint64(5) {
		res := run(seed, func() {
			OnceDo(&start, worker)
			reply := make(chan int)
			Send(requests, reply)
			if v := Recv(reply); v != 42 {
				panic("wrong answer")
			}
			Close(requests)
		})
		require.NoError(t, res.Err(), "seed %d", seed)
	}
	require.Equal(t, 5, starts, "each world starts its own worker")

	var ticking sync.Once
	ticks := 0
	for seed := range uint64(3) {
		require.NoError(t, run(seed, func() {
			OnceDo(&ticking, func() { ticks++; TimerStop(NewTimer(time.Hour)) })
		}).Err())
	}
	require.Equal(t, 3, ticks, "an action that made a timer is the world's own too")
}

// As sync.Once does, an action that panicked counts as done.
func TestOncePanickedActionIsDone(t *testing.T) {
	var once sync.Once
	res := run(1, func() { OnceDo(&once, func() { panic("setup failed") }) })
	require.Error(t, res.Err())
	ran := false
	require.NoError(t, run(2, func() { OnceDo(&once, func() { ran = true }) }).Err())
	require.False(t, ran)
}
