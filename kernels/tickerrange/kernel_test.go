package tickerrange

import (
	"os"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool, patience time.Duration) {
	p := Start(time.Millisecond, fixed)
	<-p.First()
	p.Stop()
	select {
	case <-p.Exited():
	case <-time.After(patience):
		t.Fatal("poller goroutine still running after Stop")
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false, 50*time.Millisecond)
}

func TestFixed(t *testing.T) { exercise(t, true, 10*time.Second) }
