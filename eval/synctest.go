package eval

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
)

// synctestSource wraps the body of every top-level test function of a
// _test.go file in synctest.Test, so that the test runs in a bubble:
// virtual time, and a failure when the bubble's goroutines are all blocked
// with nothing that can wake them. The edit is text inserted on the lines
// already there (after the body's opening brace, before its closing one,
// and an import after the package clause), so that positions in failures
// still name the kernel's own lines. ok is false when the file has no test
// function to wrap.
//
// This is the "tiny text rewrite of the test file" way: the kernel's
// exported functions are called by its own tests, unchanged, and only the
// test's goroutine tree moves into the bubble.
func synctestSource(name string, src []byte) (out []byte, ok bool, err error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, false, fmt.Errorf("eval: synctest overlay: %v", err)
	}
	for _, im := range f.Imports {
		if p, _ := strconv.Unquote(im.Path.Value); p == "testing/synctest" {
			return nil, false, fmt.Errorf("eval: synctest overlay: %s already imports testing/synctest", name)
		}
	}
	type insert struct {
		off  int
		text string
	}
	var ins []insert
	for _, d := range f.Decls {
		fd, isFunc := d.(*ast.FuncDecl)
		if !isFunc || fd.Recv != nil || fd.Body == nil || !isTestName(fd.Name.Name) {
			continue
		}
		param, isTest := testParam(fd)
		if !isTest {
			continue
		}
		ins = append(ins,
			insert{fset.Position(fd.Body.Lbrace).Offset + 1, fmt.Sprintf(" synctest.Test(%s, func(%s *testing.T) {", param, param)},
			insert{fset.Position(fd.Body.Rbrace).Offset, "});"})
	}
	if len(ins) == 0 {
		return nil, false, nil
	}
	// The import goes on the package clause's line: the file keeps its
	// line numbers.
	ins = append([]insert{{fset.Position(f.Name.End()).Offset, `; import "testing/synctest"`}}, ins...)
	var b bytes.Buffer
	last := 0
	for _, in := range ins {
		b.Write(src[last:in.off])
		b.WriteString(in.text)
		last = in.off
	}
	b.Write(src[last:])
	return b.Bytes(), true, nil
}

// isTestName reports whether a function of this name is a test go test
// runs (TestMain is not one).
func isTestName(name string) bool {
	if name == "TestMain" || len(name) < 4 || name[:4] != "Test" {
		return false
	}
	return len(name) == 4 || !(name[4] >= 'a' && name[4] <= 'z')
}

// testParam is the name of a test function's *testing.T parameter.
func testParam(fd *ast.FuncDecl) (string, bool) {
	ps := fd.Type.Params.List
	if len(ps) != 1 || len(ps[0].Names) != 1 || ps[0].Names[0].Name == "_" {
		return "", false
	}
	star, ok := ps[0].Type.(*ast.StarExpr)
	if !ok {
		return "", false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "T" {
		return "", false
	}
	if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "testing" {
		return "", false
	}
	return ps[0].Names[0].Name, true
}
