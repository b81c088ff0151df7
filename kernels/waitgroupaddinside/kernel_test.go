package waitgroupaddinside

import (
	"os"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	if s := Sum([]int{1, 2, 3, 4}, fixed); s != 10 {
		t.Errorf("Sum = %d, want 10", s)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
