package maporderdeps

import (
	"os"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	needs := map[string]string{"db": "", "cache": "db", "api": "cache", "web": "api"}
	order, err := Apply(needs, fixed)
	if err != nil {
		t.Fatalf("Apply: %v (order so far %v)", err, order)
	}
	if len(order) != len(needs) {
		t.Errorf("brought up %v, want all of %d", order, len(needs))
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
