package gotest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
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
	ImportPath string
	Dir        string
	Standard   bool
	ForTest    string
	Module     *struct {
		Path, Dir, GoMod string
		Main             bool
	}
	GoFiles      []string
	CgoFiles     []string
	TestGoFiles  []string
	XTestGoFiles []string
	Error        *struct{ Err string }
}

// list runs go list -json with args and decodes its packages.
func (g goTool) list(args ...string) ([]listed, error) {
	out, err := g.output(append([]string{"list", "-e", "-json=ImportPath,Dir,Standard,ForTest,Module,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,Error"}, args...)...)
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
	deps, err := g.list(append(append(append([]string{"-deps", "-test"}, buildFlags...), "--"), pkgs...)...)
	if err != nil {
		return nil, err
	}
	runtime, err := g.list(append(append([]string{"-deps"}, buildFlags...), "--", runtimeRoot)...)
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
	named := map[string]bool{}
	if len(extra) > 0 {
		more, err := g.list(append(append([]string{}, buildFlags...), append([]string{"--"}, extra...)...)...)
		if err != nil {
			return nil, err
		}
		for _, p := range more {
			if p.Error != nil {
				return nil, fmt.Errorf("execsim: -rewrite %s: %s", p.ImportPath, p.Error.Err)
			}
			if p.Standard {
				return nil, fmt.Errorf("execsim: -rewrite: %s is in the standard library, which is never rewritten", p.ImportPath)
			}
			named[p.ImportPath] = true
		}
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
		if !named[path] && (p.Module == nil || !p.Module.Main) {
			continue
		}
		// The test variant of a package lists its test files; keep the
		// fullest listing of each.
		if q, ok := byPath[path]; !ok || len(p.TestGoFiles)+len(p.XTestGoFiles) > len(q.TestGoFiles)+len(q.XTestGoFiles) {
			byPath[path] = p
		}
	}
	paths := make([]string, 0, len(byPath))
	for path := range byPath {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	out := make([]listed, len(paths))
	for i, path := range paths {
		out[i] = byPath[path]
	}
	return out, nil
}
