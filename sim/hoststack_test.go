package sim

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// hostStacks returns exactly the goroutines asked for, even when the dump
// outgrows its pooled buffer: a thousand parked goroutines make it far
// larger than the first 64 KiB.
func TestHostStacksOnlyThoseAsked(t *testing.T) {
	const n = 1000
	release := make(chan struct{})
	ids := make(chan uint64, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() { //simvet:allow native goroutines to dump
			defer wg.Done()
			ids <- hostGoroutineID()
			<-release
		}()
	}
	want := []uint64{<-ids, <-ids}
	for range n - 2 {
		<-ids
	}
	got := hostStacks(want...)
	close(release)
	wg.Wait()
	require.Len(t, got, 2)
	for _, id := range want {
		require.Contains(t, got[id].stack, "hoststack_test.go", "goroutine %d", id)
		require.Equal(t, "chan receive", got[id].status)
	}
	require.Empty(t, hostStacks(), "no ids, no dump")
}
