package sim

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// spawnAlive runs n goroutines alive at once and joined, and returns the
// coroutines they ran on.
func spawnAlive(rt Runtime, n int) map[*coroutine]bool {
	w := rt.(*world)
	coros := map[*coroutine]bool{w.cur.co: true}
	wg := rt.NewWaitGroup()
	start := NewChan[struct{}](rt, 0)
	for range n {
		wg.Go("alive", func() {
			coros[w.cur.co] = true
			start.Recv()
		})
	}
	start.Close()
	wg.Wait()
	return coros
}

// Worlds given one pool run on the native goroutines the worlds before
// them left: the second world's coroutines are all the first's. The pool
// holds them parked between the worlds (goleak sees them) and Close stops
// every one (goleak clean). A world with no pool keeps none.
func TestCoroutinePoolAcrossWorlds(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	var pool CoroutinePool
	var first, second map[*coroutine]bool
	require.NoError(t, Run(Options{Seed: 1, Coroutines: &pool}, func(rt Runtime) { first = spawnAlive(rt, 10) }).Err())
	require.Equal(t, len(first), pool.Len(), "every coroutine of the first world is kept")
	require.Error(t, goleak.Find(ignore), "the pool holds its goroutines between worlds")
	require.NoError(t, Run(Options{Seed: 2, Coroutines: &pool}, func(rt Runtime) { second = spawnAlive(rt, 10) }).Err())
	for c := range second {
		require.True(t, first[c], "a coroutine of the second world that the first did not leave")
	}
	pool.Close()
	require.Zero(t, pool.Len())
	require.NoError(t, goleak.Find(ignore))

	require.NoError(t, Run(Options{Seed: 3, Coroutines: &pool}, func(rt Runtime) { spawnAlive(rt, 10) }).Err())
	require.Zero(t, pool.Len(), "a closed pool keeps nothing")
	require.NoError(t, Run(Options{Seed: 3}, func(rt Runtime) { spawnAlive(rt, 10) }).Err())
	require.NoError(t, goleak.Find(ignore), "a world without a pool keeps nothing")
}

// A world that fails with goroutines still parked unwinds them; only the
// coroutines of goroutines that had ended go to the pool, and the next
// world runs on them as if nothing happened.
func TestCoroutinePoolAfterFailure(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	var pool CoroutinePool
	defer pool.Close()
	res := Run(Options{Seed: 1, Coroutines: &pool}, func(rt Runtime) {
		spawnAlive(rt, 5)
		block := NewChan[struct{}](rt, 0)
		for range 3 {
			rt.Go("parked", func() { block.Recv() })
		}
		rt.Yield()
		panic("boom")
	})
	require.NotNil(t, res.Failure)
	require.Equal(t, KindPanic, res.Failure.Kind)
	require.LessOrEqual(t, pool.Len(), 6, "the parked goroutines' coroutines were unwound, not kept")
	require.NoError(t, Run(Options{Seed: 2, Coroutines: &pool}, func(rt Runtime) { spawnAlive(rt, 10) }).Err())
	pool.Close()
	require.NoError(t, goleak.Find(ignore))
}

// A pool keeps at most coroutinePoolMax goroutines, however many a world
// leaves.
func TestCoroutinePoolBounded(t *testing.T) {
	var pool CoroutinePool
	defer pool.Close()
	require.NoError(t, Run(Options{Seed: 1, Coroutines: &pool}, func(rt Runtime) { spawnAlive(rt, coroutinePoolMax+50) }).Err())
	require.Equal(t, coroutinePoolMax, pool.Len())
}

// The pool's goroutines were counted before the world began, so a world
// that runs on them still tells its own goroutines from a stranger's: a
// deadlock on a channel its code made waits for code outside it only when
// such code exists (awaitForeign).
func TestCoroutinePoolStrangers(t *testing.T) {
	var pool CoroutinePool
	defer pool.Close()
	require.NoError(t, Run(Options{Seed: 1, Coroutines: &pool}, func(rt Runtime) { spawnAlive(rt, 10) }).Err())
	require.NotZero(t, pool.Len())
	require.NoError(t, Run(Options{Seed: 2, Coroutines: &pool}, func(rt Runtime) {
		w := rt.(*world)
		spawnAlive(rt, 5)
		require.NotZero(t, w.fromPool)
		require.False(t, w.strangersExist(), "the world's own goroutines taken for strangers")
		release, gone := make(chan struct{}), make(chan struct{})
		go func() { <-release; close(gone) }()
		require.True(t, w.strangersExist(), "a goroutine outside the world not seen")
		close(release)
		<-gone
	}).Err())
}
