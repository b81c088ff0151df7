package simtest

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
)

// reproCommand is the go test command that runs the test named name (as
// t.Name() gives it) again, from the module root, with extra arguments
// after it.
func reproCommand(name string, extra ...string) string {
	b := buildTarget()
	args := []string{"go", "test"}
	if b.tags != "" {
		// Without the tags the test binary is other code: the seed would
		// replay a different program.
		args = append(args, "-tags="+shellQuote(b.tags))
	}
	args = append(args, shellQuote(b.pkg), "-run", shellQuote(runPattern(name)))
	for _, e := range extra {
		args = append(args, shellQuote(e))
	}
	return strings.Join(args, " ")
}

// runPattern quotes a test name as a -run pattern that matches it alone:
// each level of a subtest anchored on its own, as go test splits the
// pattern at slashes (TestA/sub → ^TestA$/^sub$).
func runPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=./,:+@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

type target struct {
	pkg  string // the package as go test takes it from the module root: ./sub/pkg
	tags string // the build tags the test binary was built with
}

var buildTarget = sync.OnceValue(func() target {
	var t target
	bi, ok := debug.ReadBuildInfo()
	if ok {
		for _, s := range bi.Settings {
			if s.Key == "-tags" {
				t.tags = s.Value
			}
		}
		// A test binary's path is the package's import path plus ".test",
		// and its main module is the module the package belongs to.
		pkg, mod := strings.TrimSuffix(bi.Path, ".test"), bi.Main.Path
		switch {
		case mod != "" && pkg == mod:
			t.pkg = "."
			return t
		case mod != "" && strings.HasPrefix(pkg, mod+"/"):
			t.pkg = "./" + strings.TrimPrefix(pkg, mod+"/")
			return t
		}
	}
	t.pkg = dirFromModuleRoot()
	return t
})

// dirFromModuleRoot finds the package directory (go test runs a test
// binary in it) relative to the nearest go.mod above it; failing that, the
// absolute directory, which works from anywhere.
func dirFromModuleRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			rel, err := filepath.Rel(dir, wd)
			if err != nil {
				return wd
			}
			if rel == "." {
				return "."
			}
			return "./" + filepath.ToSlash(rel)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return wd
		}
		dir = parent
	}
}

// display names a file for a person who stands at the module root, as the
// reproducing command assumes: a relative path is relative to the package
// directory, where go test runs the test binary.
func display(path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.ToSlash(filepath.Join(buildTarget().pkg, path))
}
