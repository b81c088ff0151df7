package cancelnevercalled

import (
	"context"
	"os"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool, patience time.Duration) {
	for _, fail := range []bool{true, false} {
		r := Start(context.Background(), fail, fixed)
		if err := r.Release(); (err != nil) != fail {
			t.Errorf("Release() = %v, fail %v", err, fail)
		}
		select {
		case <-r.MonitorExited():
		case <-time.After(patience):
			t.Fatalf("monitor of a request (fail %v) still running after Release", fail)
		}
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false, 50*time.Millisecond)
}

func TestFixed(t *testing.T) { exercise(t, true, 10*time.Second) }
