package sendaftershutdown

import (
	"os"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	const n = 3
	p := New(2, n, fixed)
	for i := range n {
		p.Submit(i)
	}
	p.Shutdown()
	p.Join()
	sum := 0
	for r := range p.Results() {
		sum += r
	}
	if sum != 6 {
		t.Errorf("results sum to %d, want 6", sum)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
