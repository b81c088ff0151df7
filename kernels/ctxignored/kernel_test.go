package ctxignored

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool, patience time.Duration) {
	var replicas sync.WaitGroup
	if v := FirstResult(context.Background(), 3, &replicas, fixed); v < 100 || v > 102 {
		t.Errorf("FirstResult = %d, want a replica's answer", v)
	}
	done := make(chan struct{})
	go func() {
		replicas.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(patience):
		t.Fatal("replica goroutines still blocked after FirstResult returned")
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false, 50*time.Millisecond)
}

func TestFixed(t *testing.T) { exercise(t, true, 10*time.Second) }
