package fakenet

import (
	"os/exec"
	"strings"
	"testing"
)

// fakenet is a network any service can use: it must not pull in the
// executor it is used to test, nor the real TCP transport.
func TestDepsHaveNoExecutor(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 5 {
		t.Fatalf("go list -deps listed only %q: is the test running in the package directory?", deps)
	}
	for _, d := range deps {
		if d == "github.com/execsim/execsim/executor" || strings.HasPrefix(d, "github.com/execsim/execsim/transport/") {
			t.Errorf("fakenet depends on %s", d)
		}
	}
}
