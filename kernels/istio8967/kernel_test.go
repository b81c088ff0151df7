package istio8967

import (
	"os"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool, patience time.Duration) {
	s := New(fixed)
	s.Start()
	s.Stop()
	select {
	case <-s.Exited():
	case <-time.After(patience):
		t.Fatal("watcher still running after Stop")
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false, 50*time.Millisecond)
}

func TestFixed(t *testing.T) { exercise(t, true, 10*time.Second) }
