package sim

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// Goroutines that run one after another share coroutines: a hundred of
// them, each joined before the next starts, run on at most two coroutines
// (one may still be on its way to the free list when the next spawn asks).
// Each one still finds its own world goroutine (Current), its own id and
// its spawn site. When the world ends, normally or by a panic, no
// coroutine is left, free or parked (goleak).
func TestCoroutinesReused(t *testing.T) {
	for _, panics := range []bool{false, true} {
		ignore := goleak.IgnoreCurrent()
		coros := map[*coroutine]bool{}
		var sites []string
		res := Run(Options{Seed: 1}, func(rt Runtime) {
			w := rt.(*world)
			for i := range 100 {
				done := NewChan[struct{}](rt, 0)
				rt.Go("seq", func() {
					g := w.cur
					require.Equal(t, i+2, g.id)
					require.Same(t, g, current())
					coros[g.co] = true
					require.Equal(t, g.co.host.key(), g.host.key())
					done.Send(struct{}{})
				})
				done.Recv()
				rt.Yield() // let it end
				sites = append(sites, w.gs[len(w.gs)-1].spawnAt.site())
			}
			if panics {
				rt.Go("boom", func() { panic("boom") })
				rt.Yield()
			}
		})
		if panics {
			require.NotNil(t, res.Failure)
			require.Equal(t, KindPanic, res.Failure.Kind)
		} else {
			require.NoError(t, res.Err())
		}
		require.LessOrEqual(t, len(coros), 2, "distinct coroutines for 100 goroutines in sequence")
		for _, s := range sites {
			require.Contains(t, s, "coroutine_test.go:", "spawn site of a goroutine on a reused coroutine")
		}
		require.NoError(t, goleak.Find(ignore))
	}
}

// The twin: goroutines alive at the same time each have their own
// coroutine; reuse never hands a running goroutine's coroutine to another.
func TestCoroutinesNotSharedWhileAlive(t *testing.T) {
	res := Run(Options{Seed: 2}, func(rt Runtime) {
		w := rt.(*world)
		wg := rt.NewWaitGroup()
		start := NewChan[struct{}](rt, 0)
		for range 20 {
			wg.Go("live", func() { start.Recv() })
		}
		seen := map[*coroutine]bool{}
		for _, g := range w.gs[1:] {
			require.False(t, seen[g.co], "goroutine %d shares a coroutine", g.id)
			seen[g.co] = true
		}
		start.Close()
		wg.Wait()
	})
	require.NoError(t, res.Err())
}
