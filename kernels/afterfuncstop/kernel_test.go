package afterfuncstop

import (
	"os"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool) {
	h := Start(time.Millisecond, fixed)
	<-h.Ticks()
	h.Stop()
	// Give a callback that was already running the time to finish: the
	// fixed form passes whatever this wait is, the buggy one beats in it.
	time.Sleep(5 * time.Millisecond)
	if n := h.Late(); n != 0 {
		t.Errorf("%d beat(s) after Stop returned", n)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
