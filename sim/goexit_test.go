package sim

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// A goroutine that calls runtime.Goexit ends as in Go, and its coroutine,
// which cannot run another goroutine, is finished when the world is over
// without ending anything else: with coroutines shared across worlds (a
// sweep's pool), and when the body itself calls Goexit (it ends as if it
// returned, and what it left running is judged as after a return). The
// goroutine count the world keeps stays right meanwhile: a leftover
// native goroutine would fail TestMain's goleak check.
func TestGoexitEndsTheGoroutineInEveryWorld(t *testing.T) {
	var pool CoroutinePool
	defer pool.Close()
	for seed := uint64(0); seed < 30; seed++ {
		for _, strategy := range []Strategy{StrategyRandom, StrategyPCT} {
			opts := Options{Seed: seed, Chooser: NewStrategy(strategy, seed, 3, nil), Coroutines: &pool}
			ran := 0
			res := Run(opts, func(rt Runtime) {
				wg := rt.NewWaitGroup()
				for range 3 {
					wg.Go("quitter", func() {
						defer func() { ran++ }()
						rt.Yield()
						runtime.Goexit()
					})
				}
				wg.Go("returner", func() { rt.Yield() })
				wg.Wait()
			})
			require.Nil(t, res.Failure, "seed %d %s", seed, strategy)
			require.Equal(t, 3, ran)

			res = Run(opts, func(rt Runtime) {
				rt.Go("settles", func() { rt.Sleep(1) })
				runtime.Goexit()
			})
			require.Nil(t, res.Failure, "seed %d %s: the body's Goexit", seed, strategy)

			res = Run(opts, func(rt Runtime) {
				rt.Go("left behind", func() { NewChan[int](rt, 0).Recv() })
				runtime.Goexit()
			})
			require.NotNil(t, res.Failure, "seed %d %s", seed, strategy)
			require.Equal(t, KindLeak, res.Failure.Kind)
		}
	}
}
