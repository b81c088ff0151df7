package pool_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/execsim/execsim/simtest"
	"github.com/execsim/execsim/simtest/example/pool"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestShutdown checks the pool's lifecycle in a world per seed: start,
// submit work that takes time, shut down. A worker still running when the
// body returns (Shutdown did not wait for it) fails the seed, named, with
// what it is doing; so does a failed check of t's.
func TestShutdown(t *testing.T) {
	simtest.Run(t, func(t *simtest.T) {
		p := pool.New(t, 2)
		done := 0
		for range 3 {
			p.Submit(func() {
				t.Sleep(10 * time.Millisecond)
				done++
			})
		}
		p.Shutdown()
		require.Equal(t, 3, done, "every submitted job ran before Shutdown returned")
	})
}
