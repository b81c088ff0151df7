package sim

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Traces tells a world's Runtime from the real kit's, so that code can
// skip building trace details that nothing records.
func TestTraces(t *testing.T) {
	require.False(t, Traces(NewReal(1)), "the real kit records no trace")
	require.False(t, Traces(nil))
	inWorld := false
	r := Run(Options{Seed: 1}, func(rt Runtime) {
		wg := rt.NewWaitGroup()
		wg.Go("child", func() { inWorld = Traces(rt) })
		wg.Wait()
	})
	require.NoError(t, r.Err())
	require.True(t, inWorld, "a world records its trace")
}
