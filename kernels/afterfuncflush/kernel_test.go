package afterfuncflush

import (
	"os"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool, wait time.Duration) {
	b := New(fixed)
	b.Add(1)
	select {
	case got := <-b.Flushed():
		if len(got) != 1 || got[0] != 1 {
			t.Errorf("flushed %v, want [1]", got)
		}
	case <-time.After(wait):
		t.Errorf("the value was not flushed within %v", wait)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false, 50*time.Millisecond)
}

func TestFixed(t *testing.T) { exercise(t, true, 10*time.Second) }
