package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Version changes whenever the output for the same input changes;
// cmd/execsim keys its cache on it.
const Version = "13"

// Config says which packages Rewrite loads and rewrites.
type Config struct {
	Dir        string   // where packages are loaded (the user's module)
	Env        []string // environment for the go command (nil: os.Environ())
	BuildFlags []string // -tags etc., as go test gets them
	Patterns   []string // the packages whose files are rewritten (import paths or go list patterns)
	// MainGoVersion is the main module's go line as its own go.mod says
	// it ("1.21"), for a build that raises it: execsim test adds execsim to
	// a module that does not require it in a temporary go.mod, and the go
	// command raises that one's go line to execsim's. The main module's
	// files are given their own version back (at least what their
	// rewritten code needs: see languageHeader) through their //go:build
	// line, so that what their code means does not change: below go1.22
	// a loop's variables are shared by its iterations, and a goroutine or
	// closure that captures one sees that. A file with nothing to rewrite
	// is then written out too, with only that line changed. "" leaves the
	// versions as the build has them.
	MainGoVersion string
}

// A Note is a construct left as it was.
type Note struct {
	Pos string // file:line:col
	Msg string // what was left as it was, and why
}

// Result is what Rewrite made.
type Result struct {
	Files map[string][]byte // rewritten contents by the original file's absolute path (changed files only)
	Notes []Note
}

// execsimModule is execsim's own module path.
const execsimModule = "github.com/execsim/execsim"

// runtimePkgs are execsim's own packages that rewritten code calls into,
// and the rewriter and its command: rewriting them would make plain call
// itself. Whatever plain imports is added when Rewrite runs. The programs
// under plain/ and simtest/ (plain/conformance, simtest/example/...) are
// plain code and may be rewritten; everything under sim/ is the world.
var runtimePkgs = map[string]bool{
	plainPath:                        true,
	execsimModule + "/plain/rewrite": true,
	execsimModule + "/plain/gotest":  true,
	execsimModule + "/cmd/execsim":   true,
	execsimModule + "/simtest":       true,
}

// refused says why a package must not be rewritten, or "".
func refused(p *packages.Package, runtime map[string]bool) string {
	path := p.PkgPath
	if runtime[path] || path == execsimModule+"/sim" || strings.HasPrefix(path, execsimModule+"/sim/") {
		return "it is part of execsim's runtime"
	}
	first, _, _ := strings.Cut(path, "/")
	if p.Module == nil && !strings.Contains(first, ".") {
		return "it is in the standard library"
	}
	return ""
}

// Rewrite loads the packages (with their tests) and rewrites their files.
// A file that is in a package and in its test variant is rewritten once,
// with the test variant's type information (the larger package).
func Rewrite(cfg Config) (*Result, error) {
	if len(cfg.Patterns) == 0 {
		return nil, fmt.Errorf("rewrite: no packages to rewrite")
	}
	env := cfg.Env
	if env == nil {
		env = os.Environ()
	}
	lc := &packages.Config{
		Mode:       packages.NeedName | packages.NeedModule,
		Dir:        cfg.Dir,
		Env:        env,
		BuildFlags: cfg.BuildFlags,
	}
	// which packages the patterns name, before the cost of types
	pkgs, err := packages.Load(lc, cfg.Patterns...)
	if err != nil {
		return nil, fmt.Errorf("rewrite: loading %s: %w", strings.Join(cfg.Patterns, " "), err)
	}
	runtime := runtimeOf(lc)
	for _, p := range pkgs {
		if why := refused(p, runtime); why != "" {
			return nil, fmt.Errorf("rewrite: refusing to rewrite %s: %s", p.PkgPath, why)
		}
	}
	lc.Mode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedSyntax |
		packages.NeedTypes | packages.NeedTypesInfo | packages.NeedModule
	lc.Tests = true
	pkgs, err = packages.Load(lc, cfg.Patterns...)
	if err != nil {
		return nil, fmt.Errorf("rewrite: loading %s: %w", strings.Join(cfg.Patterns, " "), err)
	}
	var errs []string
	for _, p := range pkgs {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("rewrite: the packages do not type-check:\n\t%s", strings.Join(errs, "\n\t"))
	}
	// test variants first: they hold every file of the package
	sort.SliceStable(pkgs, func(i, j int) bool {
		return len(pkgs[i].CompiledGoFiles) > len(pkgs[j].CompiledGoFiles)
	})
	res := &Result{Files: map[string][]byte{}}
	done := map[string]bool{}
	for _, p := range pkgs {
		if strings.HasSuffix(p.ID, ".test") {
			continue // the generated test main
		}
		goFiles := map[string]bool{}
		for _, f := range p.GoFiles {
			goFiles[f] = true
		}
		for i, f := range p.Syntax {
			if i >= len(p.CompiledGoFiles) {
				break
			}
			path := p.CompiledGoFiles[i]
			if done[path] {
				continue
			}
			done[path] = true
			if !goFiles[path] {
				res.Notes = append(res.Notes, Note{Pos: path, Msg: "a generated file (cgo) is left as it was"})
				continue
			}
			keep := ""
			if p.Module != nil && p.Module.Main && cfg.MainGoVersion != "" {
				keep = "go" + cfg.MainGoVersion
			}
			out, notes, err := rewriteFile(p.Fset, f, path, p.TypesInfo, keep)
			if err != nil {
				return nil, err
			}
			res.Notes = append(res.Notes, notes...)
			if out != nil {
				res.Files[path] = out
			}
		}
	}
	sortNotes(res.Notes)
	return res, nil
}

func rewriteFile(fset *token.FileSet, f *ast.File, path string, info *types.Info, keep string) ([]byte, []Note, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("rewrite: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err == nil && abs != path {
		return nil, nil, fmt.Errorf("rewrite: %s is not an absolute path", path)
	}
	return source(fset, f, src, info, strings.HasSuffix(path, "_test.go"), keep)
}

// runtimeOf is runtimePkgs and the packages of execsim that plain imports,
// where the module can load plain (a module that does not require execsim
// cannot, and cannot name execsim's packages either).
func runtimeOf(base *packages.Config) map[string]bool {
	rt := map[string]bool{}
	for p := range runtimePkgs {
		rt[p] = true
	}
	cfg := *base
	cfg.Mode = packages.NeedName | packages.NeedImports | packages.NeedDeps
	pkgs, err := packages.Load(&cfg, plainPath)
	if err != nil {
		return rt
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if strings.HasPrefix(p.PkgPath, execsimModule+"/") {
			rt[p.PkgPath] = true
		}
	})
	return rt
}
