package plain

import (
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A finalizer set in a world is not set (the trace says so), so no
// collection can call into the world from the finalizer goroutine; set
// natively, it runs as usual.
func TestWorldSetsNoFinalizer(t *testing.T) {
	var inWorld, native atomic.Bool
	res := run(1, func() {
		p := new([64]byte)
		SetFinalizer(p, func(*[64]byte) { inWorld.Store(true) })
	})
	require.NoError(t, res.Err())
	noted := false
	for _, e := range res.Trace {
		noted = noted || strings.Contains(e.Detail, "finalizer not set")
	}
	require.True(t, noted, "the trace notes the finalizer it did not set")

	func() {
		p := new([64]byte)
		SetFinalizer(p, func(*[64]byte) { native.Store(true) })
	}()
	for start := time.Now(); !native.Load() && time.Since(start) < 5*time.Second; {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	require.True(t, native.Load(), "natively the finalizer runs after a collection")
	require.False(t, inWorld.Load(), "the world's finalizer never runs")
}
