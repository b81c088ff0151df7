package ctxafterfuncstop

import (
	"context"
	"os"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool) {
	ctx, cancel := context.WithCancel(context.Background())
	l := Acquire(ctx, fixed)
	canceled := make(chan struct{})
	go func() {
		cancel()
		close(canceled)
	}()
	l.Close()
	<-canceled
	var first string
	select {
	case first = <-l.Releases():
	case <-time.After(10 * time.Second):
		t.Fatal("lease never released")
	}
	// A second release comes from a callback already started; the fixed
	// form has none however long this waits.
	select {
	case second := <-l.Releases():
		t.Errorf("lease released twice: %s, then %s", first, second)
	case <-time.After(5 * time.Millisecond):
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
