package rewrite

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/types"
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// thirdParty are packages of this module's dependencies full of plain
// concurrency (errgroup, semaphore, singleflight, goleak, rapid): real
// code the rewriter did not see while it was written.
var thirdParty = []string{
	"golang.org/x/sync/errgroup", "golang.org/x/sync/semaphore", "golang.org/x/sync/singleflight",
	"go.uber.org/goleak", "pgregory.net/rapid", "github.com/cockroachdb/datadriven",
	"golang.org/x/tools/go/packages", "github.com/rogpeppe/go-internal/testscript",
	"github.com/stretchr/testify/assert", "golang.org/x/tools/go/analysis/analysistest",
}

// TestRewriteThirdParty rewrites every file of those packages and
// type-checks the rewritten package against the real plain. (The go
// command refuses overlays of files in the module cache, so the check is
// go/types' own, with the packages' imports from the same load.)
func TestRewriteThirdParty(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages")
	}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedSyntax |
			packages.NeedTypes | packages.NeedTypesInfo | packages.NeedImports,
		Dir: repoRoot(t),
	}
	pkgs, err := packages.Load(cfg, append([]string{plainPath}, thirdParty...)...)
	if err != nil {
		t.Fatal(err)
	}
	var plainPkg *types.Package
	for _, p := range pkgs {
		if p.PkgPath == plainPath {
			plainPkg = p.Types
		}
	}
	if plainPkg == nil {
		t.Fatal("plain did not load")
	}
	rewritten := 0
	for _, p := range pkgs {
		if p.PkgPath == plainPath {
			continue
		}
		for _, e := range p.Errors {
			t.Fatalf("%s: %v", p.PkgPath, e)
		}
		var files []*ast.File
		for i, f := range p.Syntax {
			path := p.CompiledGoFiles[i]
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out, _, err := Source(p.Fset, f, src, p.TypesInfo, strings.HasSuffix(path, "_test.go"))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if out == nil {
				out = src
			} else {
				rewritten++
			}
			nf, err := parser.ParseFile(p.Fset, path, out, parser.ParseComments)
			if err != nil {
				t.Fatalf("rewritten %s does not parse: %v", path, err)
			}
			files = append(files, nf)
		}
		imp := importerFunc(func(path string) (*types.Package, error) {
			if path == plainPath {
				return plainPkg, nil
			}
			if ip := p.Imports[path]; ip != nil && ip.Types != nil {
				return ip.Types, nil
			}
			return nil, fmt.Errorf("%s is not imported by %s", path, p.PkgPath)
		})
		conf := types.Config{Importer: imp, Error: func(err error) { t.Errorf("%s rewritten: %v", p.PkgPath, err) }}
		conf.Check(p.PkgPath, p.Fset, files, nil)
	}
	t.Logf("%d files rewritten", rewritten)
	if rewritten < len(thirdParty) {
		t.Errorf("only %d files rewritten in %d packages", rewritten, len(thirdParty))
	}
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
