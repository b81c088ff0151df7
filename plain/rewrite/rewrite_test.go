package rewrite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

func repoRoot(t testing.TB) string {
	root, err := filepath.Abs(filepath.Join(modRoot(t), "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// TestRewriteCompiles rewrites real packages of this repository, tests
// included, and type-checks them again with the rewritten files overlaid.
func TestRewriteCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages")
	}
	root := repoRoot(t)
	patterns := []string{"./executor", "./fakenet", "./kernels/...", "./plain/conformance/..."}
	res, err := Rewrite(Config{Dir: root, Patterns: patterns})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) == 0 {
		t.Fatal("nothing was rewritten in the executor and fakenet packages")
	}
	tests := 0
	for path, b := range res.Files {
		if !filepath.IsAbs(path) {
			t.Errorf("%s is not absolute", path)
		}
		if !strings.HasPrefix(string(b), "//line "+path+":1\n") {
			t.Errorf("%s does not start with its //line directive", path)
		}
		if strings.HasSuffix(path, "_test.go") {
			tests++
		}
	}
	if tests == 0 {
		t.Errorf("no _test.go file was rewritten")
	}
	cfg := &packages.Config{
		Mode:    packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:     root,
		Tests:   true,
		Overlay: res.Files,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Errorf("%s: %v", p.ID, e)
		}
	}
	t.Logf("%d files rewritten, %d notes", len(res.Files), len(res.Notes))
	for _, n := range res.Notes {
		t.Logf("note %s: %s", n.Pos, n.Msg)
	}
}

// TestRewriteRefuses: the standard library and execsim's runtime are
// never rewritten.
func TestRewriteRefuses(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages")
	}
	root := repoRoot(t)
	for _, pattern := range []string{"./sim", "./sim/simrapid", "./plain", "./plain/rewrite", "./simtest", "sync"} {
		_, err := Rewrite(Config{Dir: root, Patterns: []string{pattern}})
		if err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("Rewrite(%s) = %v, want a refusal", pattern, err)
		}
	}
	if _, err := Rewrite(Config{Dir: root, Patterns: []string{"./simtest/example/..."}}); err != nil {
		t.Errorf("the examples under simtest are plain code: %v", err)
	}
	if _, err := Rewrite(Config{Dir: root}); err == nil {
		t.Errorf("Rewrite with no patterns: no error")
	}
}

// BenchmarkRewriteExecutor is the cost of one rewrite of the executor
// package with its tests: loading and type-checking included, as
// cmd/execsim pays it once per run.
func BenchmarkRewriteExecutor(b *testing.B) {
	root := repoRoot(b)
	for b.Loop() {
		if _, err := Rewrite(Config{Dir: root, Patterns: []string{"./executor"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSourceExecutor is the rewriter's own share of that cost: the
// executor package and its tests loaded once, every file rewritten per
// iteration.
func BenchmarkSourceExecutor(b *testing.B) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedSyntax |
			packages.NeedTypes | packages.NeedTypesInfo,
		Dir:   repoRoot(b),
		Tests: true,
	}
	pkgs, err := packages.Load(cfg, "./executor")
	if err != nil {
		b.Fatal(err)
	}
	type file struct {
		p    *packages.Package
		i    int
		src  []byte
		test bool
	}
	var files []file
	seen := map[string]bool{}
	for _, p := range pkgs {
		for i, path := range p.CompiledGoFiles {
			if seen[path] || i >= len(p.Syntax) || strings.HasSuffix(p.ID, ".test") {
				continue
			}
			seen[path] = true
			src, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, file{p, i, src, strings.HasSuffix(path, "_test.go")})
		}
	}
	for b.Loop() {
		for _, f := range files {
			if _, _, err := Source(f.p.Fset, f.p.Syntax[f.i], f.src, f.p.TypesInfo, f.test); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(files)), "files")
}
