package gotest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// execsimModule is execsim's own module path.
const execsimModule = "github.com/execsim/execsim"

// runtimeRoot is the package rewritten code calls; it and everything it
// imports are execsim's runtime, which is never rewritten (it is what the
// rewritten calls run on). The rewriter's own packages are not either.
const runtimeRoot = execsimModule + "/plain"

var neverRewritten = []string{execsimModule + "/plain/rewrite", execsimModule + "/plain/gotest", execsimModule + "/cmd/execsim"}

// goTool runs the go command.
type goTool struct {
	path string   // the go command
	dir  string   // where it runs
	env  []string // its environment
}

// output runs go with args and returns its standard output; a failure's
// error holds its standard error.
func (g goTool) output(args ...string) ([]byte, error) {
	cmd := exec.Command(g.path, args...)
	cmd.Dir, cmd.Env = g.dir, g.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// listed is what go list -json says of a package.
type listed struct {
	ImportPath   string
	Dir          string
	Standard     bool
	ForTest      string
	Module       *listedModule
	Match        []string // the command-line patterns that matched it
	GoFiles      []string
	CgoFiles     []string
	TestGoFiles  []string
	XTestGoFiles []string
	Error        *struct{ Err string }
}

// list runs go list -json with args and decodes its packages.
func (g goTool) list(args ...string) ([]listed, error) {
	out, err := g.output(append([]string{"list", "-e", "-json=ImportPath,Dir,Standard,ForTest,Module,Match,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,Error"}, args...)...)
	if err != nil {
		return nil, err
	}
	var pkgs []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list: decoding its output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// listedModule is what go list -json says of a package's module.
type listedModule struct {
	Path, Version, Dir, GoMod string
	Main                      bool
	Replace                   *struct{ Path, Version, Dir, GoMod string } // what replaces it, if anything
}

// basePath is a package's import path without the test variant's
// " [p.test]".
func basePath(p listed) string {
	path, _, _ := strings.Cut(p.ImportPath, " ")
	return path
}

// toRewrite lists the packages whose files are rewritten for go test of
// pkgs: those of the main module, and those matched by the -rewrite
// patterns, among the packages the tests of pkgs build, minus execsim's
// runtime; sorted, with their file lists.
func toRewrite(g goTool, buildFlags, pkgs, extra []string) ([]listed, error) {
	// The runtime first: with -mod=mod, listing it completes the
	// requirements that execsim brings into a temporary go.mod, which can
	// raise a module the user's packages import too (execsim's x/sync over
	// the user's older one). Listed before that, the user's packages would
	// name a version the build does not use, and a -rewrite of one of them
	// would rewrite that version's files (the go command then refuses the
	// overlay of the other version's, in the module cache).
	runtime, err := g.list(append(append([]string{"-deps"}, buildFlags...), "--", runtimeRoot)...)
	if err != nil {
		return nil, err
	}
	deps, err := g.list(append(append(append([]string{"-deps", "-test"}, buildFlags...), "--"), pkgs...)...)
	if err != nil {
		return nil, err
	}
	skip := map[string]bool{}
	for _, p := range runtime {
		if p.Error != nil {
			return nil, fmt.Errorf("execsim: %s: %s (does the module require %s?)", p.ImportPath, p.Error.Err, execsimModule)
		}
		skip[p.ImportPath] = true
	}
	for _, p := range neverRewritten {
		skip[p] = true
	}
	named, err := namedToRewrite(g, buildFlags, extra, skip)
	if err != nil {
		return nil, err
	}
	byPath := map[string]listed{}
	for _, p := range deps {
		path := basePath(p)
		if p.Error != nil {
			return nil, fmt.Errorf("execsim: %s: %s", path, p.Error.Err)
		}
		// The external test package (p_test [p.test]) is p's: its files
		// are p's XTestGoFiles, which the rewriter loads with p.
		xtest := p.ForTest != "" && path != p.ForTest
		if p.Standard || skip[path] || strings.HasSuffix(path, ".test") || xtest {
			continue
		}
		if len(named[path]) == 0 && (p.Module == nil || !p.Module.Main) {
			continue
		}
		// The test variant of a package lists its test files; keep the
		// fullest listing of each.
		if q, ok := byPath[path]; !ok || len(p.TestGoFiles)+len(p.XTestGoFiles) > len(q.TestGoFiles)+len(q.XTestGoFiles) {
			byPath[path] = p
		}
	}
	paths := make([]string, 0, len(byPath))
	used := map[string]bool{}
	for path := range byPath {
		paths = append(paths, path)
		for _, pattern := range named[path] {
			used[pattern] = true
		}
	}
	for _, pattern := range extra {
		if !used[cleanPattern(pattern)] {
			return nil, fmt.Errorf("execsim: -rewrite %s: matches no package that the tests of %s build", pattern, strings.Join(pkgs, " "))
		}
	}
	sort.Strings(paths)
	out := make([]listed, len(paths))
	for i, path := range paths {
		out[i] = byPath[path]
	}
	return out, nil
}

// namedToRewrite lists the packages the -rewrite patterns match, each with
// the patterns that match it. A pattern that names a package of the
// standard library or of execsim's runtime (skip) is refused; a wildcard
// (with "...", or all, std, cmd) leaves them out; a pattern that matches
// nothing else is refused too.
func namedToRewrite(g goTool, buildFlags, patterns []string, skip map[string]bool) (map[string][]string, error) {
	named := map[string][]string{}
	if len(patterns) == 0 {
		return named, nil
	}
	more, err := g.list(append(append([]string{}, buildFlags...), append([]string{"--"}, patterns...)...)...)
	if err != nil {
		return nil, err
	}
	matched := map[string]bool{}
	for _, p := range more {
		if p.Error != nil {
			return nil, fmt.Errorf("execsim: -rewrite %s: %s", p.ImportPath, p.Error.Err)
		}
		for _, m := range p.Match {
			wildcard := strings.Contains(m, "...") || m == "all" || m == "std" || m == "cmd"
			switch {
			case p.Standard && !wildcard:
				return nil, fmt.Errorf("execsim: -rewrite: %s is in the standard library, which is never rewritten", p.ImportPath)
			case skip[p.ImportPath] && !wildcard:
				return nil, fmt.Errorf("execsim: -rewrite: %s is execsim's runtime (package plain and what it imports) or its rewriter, which is never rewritten", p.ImportPath)
			case p.Standard || skip[p.ImportPath]:
			default:
				named[p.ImportPath] = append(named[p.ImportPath], m)
				matched[m] = true
			}
		}
	}
	for _, m := range patterns {
		if !matched[cleanPattern(m)] {
			return nil, fmt.Errorf("execsim: -rewrite %s: matches no package that can be rewritten (the standard library and execsim's runtime never are)", m)
		}
	}
	return named, nil
}

// cleanPattern is a package pattern as go list's Match gives it back: the
// go command's canonical form (cmd/go/internal/search.CleanPatterns).
func cleanPattern(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	p = strings.ReplaceAll(p, `\`, "/")
	if strings.HasPrefix(p, "./") {
		if p = "./" + path.Clean(p); p == "./." {
			p = "."
		}
		return p
	}
	return path.Clean(p)
}
