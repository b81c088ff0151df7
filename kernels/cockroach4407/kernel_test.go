package cockroach4407

import (
	"os"
	"sync"
	"sync/atomic"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	s := &Stopper{Fixed: fixed}
	var late atomic.Int32
	var gossip sync.WaitGroup
	for range 2 {
		gossip.Add(1)
		go func() {
			defer gossip.Done()
			s.RunWorker(func() {
				if s.Stopped() {
					late.Add(1)
				}
			})
		}()
	}
	s.Stop()
	gossip.Wait()
	s.Drain()
	if n := late.Load(); n != 0 {
		t.Errorf("%d worker(s) ran after Stop returned", n)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
