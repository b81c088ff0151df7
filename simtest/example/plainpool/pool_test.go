package plainpool_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/execsim/execsim/simtest/example/plainpool"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestShutdown is plain Go: start the pool, submit work that takes time,
// shut down, check every job ran. Under execsim it runs once per seed in a
// world: a worker still alive after the test returns is reported with the
// line that started it and what it blocks on.
func TestShutdown(t *testing.T) {
	p := plainpool.New(2)
	var done atomic.Int32
	for range 3 {
		p.Submit(func() {
			time.Sleep(10 * time.Millisecond)
			done.Add(1)
		})
	}
	p.Shutdown()
	require.Equal(t, int32(3), done.Load(), "every submitted job ran before Shutdown returned")
}
