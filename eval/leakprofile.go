package eval

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
)

// leakProfileMain is the TestMain put in place of a kernel's (which runs
// goleak): after the tests, it writes Go's goroutine leak profile
// (GOEXPERIMENT=goroutineleakprofile) and fails the process if the profile
// lists any goroutine, a goroutine blocked on something no live goroutine
// can reach. goleak is left out, so that the row measures the profile
// alone.
const leakProfileMain = `package %s

import (
	"bytes"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	p := pprof.Lookup("goroutineleak")
	if p == nil {
		fmt.Fprintln(os.Stderr, "` + leakMarker + `no goroutineleak profile: build with GOEXPERIMENT=goroutineleakprofile")
		os.Exit(3)
	}
	var b bytes.Buffer
	if err := p.WriteTo(&b, 1); err != nil {
		fmt.Fprintln(os.Stderr, "` + leakMarker + `", err)
		os.Exit(3)
	}
	if first, _, _ := strings.Cut(b.String(), "\n"); !strings.HasSuffix(first, "total 0") {
		fmt.Fprintf(os.Stderr, "` + leakMarker + `%%s\n%%s", first, b.String())
		code = 1
	}
	os.Exit(code)
}
`

// leakProfileSource is the generated file for the kernel's main_test.go,
// which must declare TestMain and nothing else (so that replacing it
// drops nothing the tests need).
func leakProfileSource(name string, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("eval: leak-profile overlay: %v", err)
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok != token.IMPORT {
				return nil, fmt.Errorf("eval: leak-profile overlay: %s declares more than TestMain", name)
			}
		case *ast.FuncDecl:
			if d.Name.Name != "TestMain" || d.Recv != nil {
				return nil, fmt.Errorf("eval: leak-profile overlay: %s declares %s besides TestMain", name, d.Name.Name)
			}
		}
	}
	return fmt.Appendf(nil, leakProfileMain, f.Name.Name), nil
}
