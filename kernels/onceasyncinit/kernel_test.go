package onceasyncinit

import (
	"os"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	c := New(fixed)
	defer c.Join()
	if conn := c.Conn(); conn == "" {
		t.Error("Conn returned before the connection was made")
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
