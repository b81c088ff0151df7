package timerdrain

import (
	"os"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool, patience time.Duration) {
	b := Start(time.Millisecond, fixed)
	<-b.Fired()
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		select {
		case b.events <- struct{}{}:
		case <-time.After(patience):
			t.Error("debouncer did not take the event")
		}
	}()
	select {
	case <-b.Fired():
	case <-time.After(patience):
		t.Error("debouncer did not fire after the second event")
	}
	<-sent
	b.Close()
	select {
	case <-b.Exited():
	case <-time.After(patience):
		t.Fatal("debouncer did not exit after Close")
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false, 50*time.Millisecond)
}

func TestFixed(t *testing.T) { exercise(t, true, 10*time.Second) }
