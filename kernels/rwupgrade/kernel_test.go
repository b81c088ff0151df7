package rwupgrade

import (
	"os"
	"sync"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	r := &Registry{fixed: fixed}
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v := r.Get(); v != 42 {
				t.Errorf("Get = %d, want 42", v)
			}
		}()
	}
	wg.Wait()
	if n := r.Builds(); n != 1 {
		t.Errorf("value built %d times, want 1", n)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
