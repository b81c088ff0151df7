package sim

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A goroutine started with a go statement that calls the Runtime panics
// with the documented message, instead of acting as the world goroutine
// that happens to be current (main here, blocked outside the kit while it
// waits). Its twin, the same call from a goroutine the world started, is
// fine.
func TestRawGoroutineCallPanics(t *testing.T) {
	for _, raw := range []bool{true, false} {
		var got any
		res := Run(Options{Seed: 1}, func(rt Runtime) {
			if !raw {
				wg := rt.NewWaitGroup()
				wg.Go("kit", func() { rt.Yield() })
				wg.Wait()
				return
			}
			done := make(chan struct{})
			go func() {
				defer close(done)
				defer func() { got = recover() }()
				rt.Yield()
			}()
			<-done
		})
		require.Nil(t, res.Failure, "raw=%v", raw)
		if raw {
			require.Equal(t, rawGoroutinePanic, got)
		} else {
			require.Nil(t, got)
		}
	}
}
