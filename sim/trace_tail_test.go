package sim

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTraceTailInPlace: the trace a Result carries is the last TraceTail
// events in order, whether the ring has wrapped or not, and the same as
// the copy a failure takes before it.
func TestTraceTailInPlace(t *testing.T) {
	for _, tail := range []int{1, 5, 8} {
		for n := 0; n <= 40; n++ {
			var tr tracer
			tr.init(tail, false)
			for i := range n {
				tr.point(int64(i), 0, 1, OpSend, i, -1, 0)
			}
			copied := tr.tail()
			got := tr.events()
			require.Len(t, got, min(n, tail), "tail %d after %d events", tail, n)
			for j, e := range got {
				require.EqualValues(t, n-len(got)+j, e.Step, "tail %d after %d events: event %d", tail, n, j)
			}
			require.Equal(t, copied, got)
		}
	}
}
