package moby18412

import (
	"os"
	"testing"
	"time"
)

// The command and the timeout take the same time: which comes first is a
// scheduling choice.
func exercise(t *testing.T, fixed bool) {
	finished := make(chan struct{})
	res := RunWithTimeout(func() int {
		defer close(finished)
		time.Sleep(time.Millisecond)
		return 1
	}, time.Millisecond, fixed)
	if !res.TimedOut && res.ExitCode != 1 {
		t.Errorf("command finished with exit code %d, want 1", res.ExitCode)
	}
	<-finished
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
