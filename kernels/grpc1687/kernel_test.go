package grpc1687

import (
	"os"
	"sync"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool) {
	ht := New(fixed)
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); ht.RunStream() }()
	go func() { defer wg.Done(); ht.WriteStatus() }()
	go func() { defer wg.Done(); ht.Write() }()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("stream and writers did not finish")
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
