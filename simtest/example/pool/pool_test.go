package pool_test

import (
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/simtest"
	"github.com/execsim/execsim/simtest/example/pool"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestShutdown checks the pool's lifecycle in a world per seed: start,
// submit work that takes time, shut down. Any goroutine still alive when
// the world settles is a leak, named, with what it blocks on.
func TestShutdown(t *testing.T) {
	simtest.Run(t, func(rt sim.Runtime) {
		p := pool.New(rt, 2)
		for range 3 {
			p.Submit(func() { rt.Sleep(10 * time.Millisecond) })
		}
		p.Shutdown()
	})
}
