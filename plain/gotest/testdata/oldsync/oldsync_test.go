package oldsync

import (
	"testing"
	"time"
)

// The second goroutine waits in the semaphore's Acquire while the first
// sleeps holding it: the world schedules that wait only where x/sync is
// rewritten.
func TestBoth(t *testing.T) {
	n := 0
	Both(func() { time.Sleep(time.Millisecond); n++ }, func() { time.Sleep(time.Millisecond); n++ })
	if n != 2 {
		t.Fatalf("ran %d of 2", n)
	}
}
