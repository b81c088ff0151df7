package cockroach35501

import (
	"os"
	"slices"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	checks := []string{"check_a", "check_b", "check_c"}
	got := ValidateChecks(checks, fixed)
	slices.Sort(got)
	if !slices.Equal(got, checks) {
		t.Errorf("validated %v, want each of %v once", got, checks)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
