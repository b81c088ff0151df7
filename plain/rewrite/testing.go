package rewrite

import (
	"go/ast"
	"go/types"
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
	r.inTest(params[0], fd.Body)
}

// fuzzTarget: the function a fuzz test gives f.Fuzz runs its body through
// plain.Test as a test function does, each input of the seed corpus (and
// of a -fuzz run) in one world per seed:
//
//	f.Fuzz(func(t *testing.T, b []byte) { plain.Test(t, func(t *testing.T) { body }) })
func (r *rw) fuzzTarget(call *ast.CallExpr) {
	se, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || se.Sel.Name != "Fuzz" || len(call.Args) != 1 {
		return
	}
	if sel := r.info.Selections[se]; sel == nil || sel.Kind() != types.MethodVal {
		return
	}
	if path, n := named(r.typeOf(se.X)); path != "testing" || n != "F" {
		return
	}
	fl, ok := ast.Unparen(call.Args[0]).(*ast.FuncLit)
	if !ok || fl.Type.Params.NumFields() == 0 || len(fl.Type.Params.List[0].Names) > 1 {
		return
	}
	if len(fl.Type.Params.List[0].Names) == 0 && fl.Type.Params.NumFields() > 1 {
		// Naming the first of unnamed parameters would not compile.
		r.note(fl.Pos(), "a fuzz target with unnamed parameters is left as it was (it runs natively)")
		return
	}
	r.inTest(fl.Type.Params.List[0], fl.Body)
}

// inTest wraps body, whose function's first parameter is param, in
// plain.Test when param is a *testing.T.
func (r *rw) inTest(param *ast.Field, b *ast.BlockStmt) {
	typ := param.Type
	if path, n := named(r.typeOf(typ)); path != "testing" || n != "T" {
		return
	}
	if _, ok := typ.(*ast.StarExpr); !ok {
		return
	}
	tname := "t"
	switch {
	case len(param.Names) == 0:
		tname = "execsim_t"
		r.add(typ.Pos(), typ.End(), lit(tname+" "), r.src(typ))
	case param.Names[0].Name == "_":
		tname = "execsim_t"
		r.add(param.Names[0].Pos(), param.Names[0].End(), lit(tname))
	default:
		tname = param.Names[0].Name
	}
	inner := tname
	if inner == "execsim_t" {
		inner = "_"
	}
	r.add(b.Lbrace, b.Rbrace+1,
		lit("{ "+plainName+".Test("+tname+", func("+inner+" "+r.text(typ)+") {"),
		r.srcSpan(b.Lbrace+1, b.Rbrace), lit("}) }"))
}
