package istio8144

import (
	"os"
	"sync/atomic"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool) {
	var calls atomic.Int32
	c := NewTTLWithCallback(func(int) { calls.Add(1) }, fixed)
	c.Set(1, 1)
	select {
	case <-c.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("evicter did not finish its pass")
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("eviction callback ran %d times, want 1", n)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
