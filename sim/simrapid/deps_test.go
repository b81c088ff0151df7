package simrapid

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The kernel and the service link no test framework: a binary that
// imports them gets neither rapid's code nor its -rapid.* flags. rapid
// lives here, in simrapid, which only tests and fuzz targets import.
func TestKernelHasNoTestFrameworkDependency(t *testing.T) {
	for _, pkg := range []string{"github.com/execsim/execsim/sim", "github.com/execsim/execsim/executor"} {
		deps := goListDeps(t, pkg)
		if !slices.Contains(deps, pkg) {
			t.Fatalf("go list -deps %s does not list the package itself: %v", pkg, deps)
		}
		for _, bad := range []string{"pgregory.net/rapid", "github.com/execsim/execsim/sim/simrapid"} {
			if slices.Contains(deps, bad) {
				t.Errorf("%s depends on %s: keep rapid in sim/simrapid and import that only from tests", pkg, bad)
			}
		}
	}
}

// The networks are layered (docs/architecture.md, "The vocabulary has a
// package of its own"): transport depends on nothing of the module but
// sim; fakenet, a network any service can use, on neither the executor it
// is used to test nor the real TCP transport.
func TestNetworkLayering(t *testing.T) {
	const module = "github.com/execsim/execsim"
	for _, c := range []struct {
		pkg     string
		allowed func(dep string) bool
	}{
		{module + "/transport", func(d string) bool { return d == module+"/transport" || d == module+"/sim" }},
		{module + "/fakenet", func(d string) bool {
			return d != module+"/executor" && !strings.HasPrefix(d, module+"/transport/")
		}},
	} {
		deps := goListDeps(t, c.pkg)
		if !slices.Contains(deps, c.pkg) {
			t.Fatalf("go list -deps %s does not list the package itself: %v", c.pkg, deps)
		}
		for _, d := range deps {
			if strings.HasPrefix(d, module+"/") && !c.allowed(d) {
				t.Errorf("%s depends on %s", c.pkg, d)
			}
		}
	}
}

// The layering check can fail: the executor's tests aside, scenarios
// imports both the executor and fakenet.
func TestGoListDepsSeesExecutor(t *testing.T) {
	deps := goListDeps(t, "github.com/execsim/execsim/scenarios")
	if !slices.Contains(deps, "github.com/execsim/execsim/executor") || !slices.Contains(deps, "github.com/execsim/execsim/fakenet") {
		t.Fatalf("go list -deps of scenarios does not list executor and fakenet: %v", deps)
	}
}

// The assertion above can fail: simrapid itself depends on rapid.
func TestGoListDepsSeesRapid(t *testing.T) {
	deps := goListDeps(t, "github.com/execsim/execsim/sim/simrapid")
	if !slices.Contains(deps, "pgregory.net/rapid") {
		t.Fatalf("go list -deps of simrapid does not list pgregory.net/rapid: %v", deps)
	}
}

// goListDeps lists the non-test dependencies of pkg. It runs the go
// command found on PATH, which is the one running the test: go test puts
// its own GOROOT/bin first on the test binary's PATH.
func goListDeps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", pkg).Output()
	if err != nil {
		msg := err.Error()
		if ee, ok := err.(*exec.ExitError); ok {
			msg += ": " + string(ee.Stderr)
		}
		t.Fatalf("go list -deps %s: %s", pkg, msg)
	}
	return strings.Fields(string(out))
}
