// Package simvettest runs the simvet analyzer from a package's own tests,
// so that breaking a determinism rule fails go test as well as go vet.
//
//	func TestKitRules(t *testing.T) { simvettest.Clean(t, simvet.Config{}, ".") }
package simvettest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/execsim/execsim/simvet"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Clean loads the packages named by patterns (relative to the test's
// working directory, the package's own) and fails t on every simvet
// diagnostic. It logs the exceptions allow comments granted, with their
// count, so that a verbose run lists them.
func Clean(t testing.TB, cfg simvet.Config, patterns ...string) {
	t.Helper()
	r, err := Check(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range r.Allowed {
		t.Logf("simvet: %s", a)
	}
	t.Logf("simvet: %d packages, %d allowed exceptions, %d diagnostics", r.Packages, len(r.Allowed), len(r.Diagnostics))
	for _, d := range r.Diagnostics {
		t.Error(d)
	}
}

// Report is what Check found.
type Report struct {
	Packages    int              // how many packages were checked
	Diagnostics []string         // "file:line:col: message (rule)", one per violation
	Allowed     []simvet.Allowed // the exceptions allow comments granted
}

// Check runs simvet with cfg on the packages named by patterns.
func Check(cfg simvet.Config, patterns ...string) (*Report, error) {
	mode := packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes |
		packages.NeedTypesInfo | packages.NeedImports | packages.NeedTypesSizes | packages.NeedModule
	pkgs, err := packages.Load(&packages.Config{Mode: mode}, patterns...)
	if err != nil {
		return nil, fmt.Errorf("simvettest: loading %s: %w", strings.Join(patterns, " "), err)
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("simvettest: %s matched no packages", strings.Join(patterns, " "))
	}
	var loadErrs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			loadErrs = append(loadErrs, e.Error())
		}
	})
	if len(loadErrs) > 0 {
		return nil, fmt.Errorf("simvettest: %d errors loading %s; first: %s", len(loadErrs), strings.Join(patterns, " "), loadErrs[0])
	}
	a := simvet.New(cfg)
	g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		return nil, fmt.Errorf("simvettest: %w", err)
	}
	r := &Report{}
	for _, act := range g.Roots {
		r.Packages++
		if act.Err != nil {
			return nil, fmt.Errorf("simvettest: %s: %w", act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			r.Diagnostics = append(r.Diagnostics, fmt.Sprintf("%s: %s (%s)", pos, d.Message, d.Category))
		}
		if al, ok := act.Result.([]simvet.Allowed); ok {
			r.Allowed = append(r.Allowed, al...)
		}
	}
	return r, nil
}
