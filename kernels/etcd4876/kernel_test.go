package etcd4876

import (
	"os"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool) {
	const want = 3 * time.Second
	used := func() <-chan time.Duration {
		old := SetProgressInterval(want)
		defer SetProgressInterval(old)
		return NewWatchServer(fixed).Watch()
	}()
	if d := <-used; d != want {
		t.Errorf("send loop used interval %v, want %v", d, want)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
