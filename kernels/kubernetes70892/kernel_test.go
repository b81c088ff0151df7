package kubernetes70892

import (
	"os"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	r := NewResults(3, fixed)
	ParallelizeUntil(2, 2, r.ProcessNode)
	if n := r.Inits(); n != 3 {
		t.Errorf("%d initializations of 3 lists, want 3", n)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
