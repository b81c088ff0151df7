package sim

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A goroutine's id as reports read it (from its descriptor, or at start)
// is the one runtime.Stack prints, on goroutines of every age.
func TestHostGoid(t *testing.T) {
	for range 50 {
		got := make(chan [2]uint64)
		go func() { got <- [2]uint64{hostOf().goid(), hostGoroutineID()} }()
		ids := <-got
		require.Equal(t, ids[1], ids[0])
	}
	require.NotEqual(t, hostKey(), uintptr(0))
}
