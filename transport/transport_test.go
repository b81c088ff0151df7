package transport

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// The vocabulary every network shares depends on nothing of execsim but
// sim, so that a service can use it without the executor.
func TestDepsOnlySim(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	const module = "github.com/execsim/execsim"
	for _, d := range strings.Fields(string(out)) {
		if strings.HasPrefix(d, module+"/") && d != module+"/transport" && d != module+"/sim" && !strings.HasPrefix(d, module+"/sim/") {
			t.Errorf("transport depends on %s", d)
		}
	}
}

func TestCheckType(t *testing.T) {
	for _, ok := range []string{"a", "execute_command_0", strings.Repeat("x", TypeLenMax)} {
		if err := CheckType(ok); err != nil {
			t.Errorf("CheckType(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"", "a b", "tab\t", "é", strings.Repeat("x", TypeLenMax+1)} {
		if err := CheckType(bad); !errors.Is(err, ErrUnsendable) {
			t.Errorf("CheckType(%q) = %v, want ErrUnsendable", bad, err)
		}
	}
}
