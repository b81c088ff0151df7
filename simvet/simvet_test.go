package simvet_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/execsim/execsim/simvet"
	"go.uber.org/goleak"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Every rule fires on a file of violations, and nothing fires on code
// that keeps the rules with look-alike names, sorted map iterators and a
// test file full of real goroutines.
func TestRules(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), simvet.Analyzer, "bad", "clean", "renamed")
}

// An allow comment exempts its own line, or the next one when alone; one
// without a reason or that exempts nothing is reported; the granted
// exceptions are the analyzer's result.
func TestAllowComments(t *testing.T) {
	res := analysistest.Run(t, analysistest.TestData(), simvet.Analyzer, "allow")
	if len(res) != 1 {
		t.Fatalf("%d results, want 1", len(res))
	}
	allowed, ok := res[0].Result.([]simvet.Allowed)
	if !ok {
		t.Fatalf("result is %T, want []simvet.Allowed", res[0].Result)
	}
	var got []string
	for _, a := range allowed {
		got = append(got, a.Rule+": "+a.Reason)
	}
	want := []string{
		"go: the real edge serves on its own goroutine",
		"time: a comment alone on its line exempts the next line",
		"maporder: summing is order-free",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("allowed exceptions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A package's own Config bans more imports; the default does not.
func TestExtraImports(t *testing.T) {
	a := simvet.New(simvet.Config{ExtraImports: map[string]string{"reflect": "keep the hot path plain"}})
	analysistest.Run(t, analysistest.TestData(), a, "extra")
}

// With the default analyzer the only complaint about package extra is
// its unmatched want comment: reflect is not banned.
func TestExtraImportsOffByDefault(t *testing.T) {
	rec := &recorder{}
	res := analysistest.Run(rec, analysistest.TestData(), simvet.Analyzer, "extra")
	if n := len(res[0].Diagnostics); n != 0 {
		t.Errorf("default analyzer reported %d diagnostics on package extra, want 0", n)
	}
	if len(rec.errs) != 1 || !strings.Contains(rec.errs[0], "no diagnostic was reported matching") {
		t.Errorf("analysistest errors %q, want only the unmatched want comment", rec.errs)
	}
}

// recorder collects analysistest's errors instead of failing the test.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
