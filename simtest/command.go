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
// after it. Under cmd/execsim (plain Go rewritten into worlds) it is that
// command instead, which EXECSIM_COMMAND names: a plain go test would run
// the test natively, not under the seed.
func reproCommand(name string, extra ...string) string {
	return reproCommandUnder(os.Getenv(envCommand), name, extra...)
}

// envCommand is the variable cmd/execsim sets to the command prefix that
// runs a package's tests rewritten, e.g. "go run ./cmd/execsim test".
const envCommand = "EXECSIM_COMMAND"

// execsimFlags maps simtest's flags to cmd/execsim's own for the same
// setting; the others pass through cmd/execsim to the test binary as they
// are.
var execsimFlags = [][2]string{{"-execsim.seed=", "-seed="}, {"-execsim.strategy=", "-strategy="}, {"-execsim.depth=", "-pct-depth="}}

func reproCommandUnder(prefix, name string, extra ...string) string {
	b := buildTarget()
	args := []string{"go", "test"}
	if prefix != "" {
		args = []string{prefix}
	}
	if b.tags != "" {
		// Without the tags the test binary is other code: the seed would
		// replay a different program.
		args = append(args, "-tags="+shellQuote(b.tags))
	}
	args = append(args, shellQuote(b.pkg), "-run", shellQuote(runPattern(name)))
	for _, e := range extra {
		if prefix != "" {
			for _, f := range execsimFlags {
				if v, ok := strings.CutPrefix(e, f[0]); ok {
					e = f[1] + v
				}
			}
		}
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
