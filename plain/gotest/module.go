package gotest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
)

// module is the user's main module, as go list -m -json says.
type module struct {
	Path      string
	Dir       string
	GoMod     string
	GoVersion string // its go.mod's go line ("1.21")
}

// mainModule is the module of the directory the go command runs in.
func mainModule(g goTool) (module, error) {
	out, err := g.output("list", "-m", "-json")
	if err != nil {
		return module{}, fmt.Errorf("execsim: finding the main module: %v", err)
	}
	var m module
	if err := json.Unmarshal(out, &m); err != nil || m.Dir == "" {
		// A workspace lists one object per module; execsim takes one.
		return module{}, fmt.Errorf("execsim: run execsim test inside a module (one, not a workspace): go list -m says:\n%s", out)
	}
	return m, nil
}

// requiresExecsim reports whether the main module is execsim or requires
// it, so that rewritten files can import package plain.
func requiresExecsim(g goTool, m module) bool {
	if m.Path == execsimModule {
		return true
	}
	_, err := g.output("list", "-m", execsimModule)
	return err == nil
}

// execsimDir finds the directory of the execsim module this command was
// built from: the source tree it was compiled in, or else the module
// cache's copy of the version it was built at.
func execsimDir(g goTool) (string, error) {
	if _, file, _, ok := runtime.Caller(0); ok {
		dir := filepath.Dir(filepath.Dir(filepath.Dir(file))) // plain/gotest/module.go
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && strings.Contains(string(data), "module "+execsimModule+"\n") {
			return dir, nil
		}
	}
	version := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path == execsimModule {
			version = bi.Main.Version
		}
		for _, d := range bi.Deps {
			if d.Path == execsimModule {
				version = d.Version
			}
		}
	}
	if version == "" || version == "(devel)" {
		return "", fmt.Errorf("execsim: cannot find the execsim module this command was built from; add it to the module: go get %s", execsimModule)
	}
	out, err := g.output("mod", "download", "-json", execsimModule+"@"+version)
	if err != nil {
		return "", err
	}
	var d struct{ Dir string }
	if err := json.Unmarshal(out, &d); err != nil || d.Dir == "" {
		return "", fmt.Errorf("execsim: go mod download %s@%s: no directory in %s", execsimModule, version, out)
	}
	return d.Dir, nil
}

// tempModfile writes a go.mod (and go.sum) into dir that is the module's
// own plus a requirement of execsim, replaced by the directory execsim is
// in, for a module that does not require it: rewritten files import
// package plain. It returns the go flags that use it, and execsim's
// directory.
func tempModfile(g goTool, m module, dir string) ([]string, string, error) {
	xdir, err := execsimDir(g)
	if err != nil {
		return nil, "", err
	}
	gomod, err := os.ReadFile(m.GoMod)
	if err != nil {
		return nil, "", err
	}
	gomod = fmt.Appendf(gomod, "\nrequire %s v0.0.0-00010101000000-000000000000\n\nreplace %s => %s\n", execsimModule, execsimModule, xdir)
	// The sums of execsim's own requirements, so that the go command need
	// not fetch them.
	var sum []byte
	for _, f := range []string{strings.TrimSuffix(m.GoMod, ".mod") + ".sum", filepath.Join(xdir, "go.sum")} {
		data, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			return nil, "", err
		}
		sum = append(sum, data...)
		if len(sum) > 0 && sum[len(sum)-1] != '\n' {
			sum = append(sum, '\n')
		}
	}
	path := filepath.Join(dir, "go.mod")
	if err := os.WriteFile(path, gomod, 0o644); err != nil {
		return nil, "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		return nil, "", err
	}
	// -mod=mod lets the go command complete the requirements of the
	// added module in the temporary file, never in the user's.
	return []string{"-modfile=" + path, "-mod=mod"}, xdir, nil
}
