package closedflagsend

import (
	"errors"
	"os"
	"sync"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	p := New(4, fixed)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, e := range []string{"a", "b", "c"} {
			if err := p.Publish(e); err != nil && !errors.Is(err, ErrClosed) {
				t.Errorf("Publish: %v", err)
			}
		}
	}()
	p.Close()
	wg.Wait()
	for range p.Events() {
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
