package closeleavesworker

import (
	"os"
	"testing"
	"time"
)

func exercise(t *testing.T, fixed bool) {
	s := Start(fixed)
	s.Submit(1)
	s.Close()
	select {
	case <-s.Exited():
	case <-time.After(10 * time.Second):
		t.Fatal("worker did not exit")
	}
	if n := s.Late(); n != 0 {
		t.Errorf("%d job(s) handled after Close returned", n)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
