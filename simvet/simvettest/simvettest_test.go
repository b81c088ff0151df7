package simvettest_test

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/simvet"
	"github.com/execsim/execsim/simvet/simvettest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Check, the loader behind every package's rule test, reports each rule on
// the file of violations and nothing on the clean package, so a package's
// silent rule test means its code is clean, not that nothing was loaded.
func TestCheckFiresAndStaysSilent(t *testing.T) {
	bad, err := simvettest.Check(simvet.Config{}, "../testdata/src/bad")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(bad.Diagnostics, "\n")
	for _, rule := range []string{"(go)", "(chan)", "(time)", "(sync)", "(rand)", "(maporder)"} {
		if !strings.Contains(got, rule) {
			t.Errorf("no %s diagnostic on package bad; got:\n%s", rule, got)
		}
	}
	clean, err := simvettest.Check(simvet.Config{}, "../testdata/src/clean", "../testdata/src/allow")
	if err != nil {
		t.Fatal(err)
	}
	if clean.Packages != 2 {
		t.Errorf("checked %d packages, want 2", clean.Packages)
	}
	// Package allow has its deliberate mistakes: three lines with wants.
	for _, d := range clean.Diagnostics {
		if !strings.Contains(d, "allow.go") {
			t.Errorf("diagnostic on clean code: %s", d)
		}
	}
	if len(clean.Allowed) != 3 {
		t.Errorf("%d allowed exceptions, want 3: %v", len(clean.Allowed), clean.Allowed)
	}
}

func TestCheckBadPattern(t *testing.T) {
	if _, err := simvettest.Check(simvet.Config{}, "./no/such/dir"); err == nil {
		t.Error("a pattern naming no package is not an error")
	}
}
