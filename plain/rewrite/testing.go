package rewrite

import (
	"go/ast"
	"strings"
	"unicode"
	"unicode/utf8"
)

// testFunc: in a _test.go file, a test function's body runs through
// plain.Test, on the same lines:
//
//	func TestX(t *testing.T) { plain.Test(t, func(t *testing.T) { body }) }
func (r *rw) testFunc(fd *ast.FuncDecl) {
	if fd.Recv != nil || fd.Body == nil || fd.Type.TypeParams != nil || fd.Type.Results.NumFields() != 0 {
		return
	}
	name := fd.Name.Name
	if !strings.HasPrefix(name, "Test") || name == "TestMain" {
		return
	}
	if rest := name[len("Test"):]; rest != "" {
		if c, _ := utf8.DecodeRuneInString(rest); unicode.IsLower(c) {
			return
		}
	}
	params := fd.Type.Params.List
	if len(params) != 1 || len(params[0].Names) > 1 {
		return
	}
	typ := params[0].Type
	if path, n := named(r.typeOf(typ)); path != "testing" || n != "T" {
		return
	}
	if _, ok := typ.(*ast.StarExpr); !ok {
		return
	}
	tname := "t"
	switch {
	case len(params[0].Names) == 0:
		tname = "execsim_t"
		r.add(typ.Pos(), typ.End(), lit(tname+" "), r.src(typ))
	case params[0].Names[0].Name == "_":
		tname = "execsim_t"
		r.add(params[0].Names[0].Pos(), params[0].Names[0].End(), lit(tname))
	default:
		tname = params[0].Names[0].Name
	}
	inner := tname
	if inner == "execsim_t" {
		inner = "_"
	}
	b := fd.Body
	r.add(b.Lbrace, b.Rbrace+1,
		lit("{ "+plainName+".Test("+tname+", func("+inner+" "+r.text(typ)+") {"),
		r.srcSpan(b.Lbrace+1, b.Rbrace), lit("}) }"))
}
