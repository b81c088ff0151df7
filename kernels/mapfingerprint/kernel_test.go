package mapfingerprint

import (
	"os"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	config := map[string]string{"port": "8080", "host": "a", "mode": "fast", "level": "debug"}
	w := &Watcher{fixed: fixed}
	w.Observe(config)
	w.Observe(config)
	w.Observe(config)
	if w.Reloads != 1 {
		t.Errorf("an unchanged config caused %d reloads, want 1", w.Reloads)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
