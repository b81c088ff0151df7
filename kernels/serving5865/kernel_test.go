package serving5865

import (
	"os"
	"sync"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool) {
	w := Start(fixed)
	var wg sync.WaitGroup
	for _, d := range []string{"10.0.0.1", "10.0.0.2"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.Update(d)
		}()
	}
	w.Stop()
	wg.Wait()
	select {
	case <-w.Exited():
	case <-time.After(10 * time.Second):
		t.Fatal("watcher did not exit")
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
