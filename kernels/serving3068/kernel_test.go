package serving3068

import (
	"os"
	"sync/atomic"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	const n = 5
	p := New(2, n, fixed)
	defer p.Join()
	var done atomic.Int32
	for range n {
		p.Go(func() { done.Add(1) })
	}
	p.Wait()
	if got := done.Load(); got != n {
		t.Errorf("Wait returned with %d of %d functions run", got, n)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
