package grpc2371

import (
	"os"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool) {
	cc := Dial(fixed)
	cc.Close()
	select {
	case <-cc.WatcherDone():
	case <-time.After(10 * time.Second):
		t.Fatal("resolver watcher did not return after Close")
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
