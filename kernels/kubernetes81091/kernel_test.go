package kubernetes81091

import (
	"os"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	const nodes = 6
	p := &FilterPlugin{Fixed: fixed}
	ParallelizeUntil(3, nodes, func(int) { p.Filter() })
	if n := p.Calls(); n != nodes {
		t.Errorf("filter counted %d calls, want %d", n, nodes)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
