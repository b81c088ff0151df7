package etcd3077

import (
	"os"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool, patience time.Duration) {
	s := &Server{Fixed: fixed}
	s.Start()
	stopped := make(chan struct{})
	go func() {
		s.Stop()
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(patience):
		t.Fatal("Stop did not return: the server loop is stuck")
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false, 50*time.Millisecond)
}

func TestFixed(t *testing.T) { exercise(t, true, 10*time.Second) }
