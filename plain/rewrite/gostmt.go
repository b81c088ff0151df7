package rewrite

import (
	"fmt"
	"go/ast"
	"go/types"
)

// goStmt: `go f(a, b)` becomes
//
//	{ execsim_f, execsim_a0, execsim_a1 := f, a, b; plain.Go(func() { execsim_f(execsim_a0, execsim_a1) }) }
//
// so that the function value and the arguments are evaluated at the
// statement, as Go does. Constants and nil move into the closure as they
// are (a temporary would fix their type too early); a function named at
// package level and a builtin are not values to evaluate and move too; a
// call that plain rewrites into a function of its receiver (wg.Wait())
// evaluates the receiver's address. `go func() {...}()` is plain.Go(func() {...}).
func (r *rw) goStmt(g *ast.GoStmt) {
	call := g.Call
	fun := ast.Unparen(call.Fun)
	if fl, ok := fun.(*ast.FuncLit); ok && len(call.Args) == 0 && fl.Type.Params.NumFields() == 0 && fl.Type.Results.NumFields() == 0 {
		r.add(g.Pos(), g.End(), lit(plainName+".Go("), r.src(call.Fun), lit(")"))
		return
	}
	var (
		names  []string
		values [][]piece
		callee []piece
		args   [][]piece
		// the first argument of an atomic function gets its scheduling
		// point in the closure
		atomicArg bool
	)
	if fn, recv, ok := r.methodCall(call); ok {
		r.skip[call] = true
		r.skip[fun] = true
		callee = []piece{lit(plainName + "." + fn)}
		names = append(names, "execsim_a0")
		values = append(values, recv)
		args = append(args, []piece{lit("execsim_a0")})
	} else if recv, m, ok := r.atomicMethod(fun); ok {
		// the scheduling point belongs to the new goroutine, before its
		// atomic operation: only the receiver's address is evaluated here
		r.skip[fun] = true
		names = append(names, "execsim_a0")
		values = append(values, recv)
		callee = []piece{lit(plainName + ".Point(execsim_a0)." + m)}
	} else if r.static(fun) {
		callee = []piece{r.src(call.Fun)}
		if r.atomicFunc(fun) && len(call.Args) > 0 {
			r.skip[call] = true
			atomicArg = true
		}
	} else {
		names = append(names, "execsim_f")
		values = append(values, []piece{r.src(call.Fun)})
		callee = []piece{lit("execsim_f")}
	}
	for _, a := range call.Args {
		tv := r.info.Types[a]
		if tv.Value != nil || tv.IsNil() {
			args = append(args, []piece{r.src(a)})
			continue
		}
		name := fmt.Sprintf("execsim_a%d", len(names))
		if names != nil && names[0] == "execsim_f" {
			name = fmt.Sprintf("execsim_a%d", len(names)-1)
		}
		names = append(names, name)
		values = append(values, []piece{r.src(a)})
		if atomicArg && a == call.Args[0] {
			args = append(args, []piece{lit(plainName + ".Point(" + name + ")")})
		} else {
			args = append(args, []piece{lit(name)})
		}
	}
	var ps []piece
	if len(names) > 0 {
		// back on the go statement's line after the values, which may
		// span lines (a function literal): plain.Go's line is where the
		// goroutine is reported as started
		ps = append(openBlock(names, values), restore(r.off(g.Pos())))
	}
	ps = append(ps, lit(plainName+".Go(func() { "))
	ps = append(ps, callee...)
	ps = append(ps, lit("("))
	for i, a := range args {
		if i > 0 {
			ps = append(ps, lit(", "))
		}
		ps = append(ps, a...)
	}
	if call.Ellipsis.IsValid() {
		ps = append(ps, lit("..."))
	}
	ps = append(ps, lit(") })"))
	if len(names) > 0 {
		ps = append(ps, lit(" }"))
	}
	// the position after the statement, so that what follows it is on
	// its line again if a piece above moved
	ps = append(ps, restore(r.off(g.End())))
	r.add(g.Pos(), g.End(), ps...)
}

// static reports whether a callee needs no evaluation: a builtin, or a
// function declared at package level (possibly instantiated), which a
// temporary could not even hold while generic.
func (r *rw) static(fun ast.Expr) bool {
	switch f := fun.(type) {
	case *ast.IndexExpr:
		return r.static(f.X)
	case *ast.IndexListExpr:
		return r.static(f.X)
	case *ast.Ident:
		switch obj := r.info.Uses[f].(type) {
		case *types.Builtin:
			return true
		case *types.Func:
			return obj.Parent() == obj.Pkg().Scope()
		}
	case *ast.SelectorExpr:
		if _, ok := r.info.Uses[identOf(f.X)].(*types.PkgName); ok {
			_, isFunc := r.info.Uses[f.Sel].(*types.Func)
			return isFunc
		}
	}
	return false
}

// atomicFunc reports whether fun names a function of sync/atomic.
func (r *rw) atomicFunc(fun ast.Expr) bool {
	var id *ast.Ident
	switch f := fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return false
	}
	obj, ok := r.info.Uses[id].(*types.Func)
	return ok && obj.Pkg() != nil && obj.Pkg().Path() == "sync/atomic"
}

// atomicMethod finds x.M, a method of a sync/atomic type, and returns the
// pieces of x's address and M.
func (r *rw) atomicMethod(fun ast.Expr) ([]piece, string, bool) {
	se, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return nil, "", false
	}
	sel := r.info.Selections[se]
	if sel == nil || sel.Kind() != types.MethodVal {
		return nil, "", false
	}
	if path, _ := named(sel.Obj().Type().(*types.Signature).Recv().Type()); path != "sync/atomic" {
		return nil, "", false
	}
	recv, ok := r.receiver(se.X, sel)
	return recv, se.Sel.Name, ok
}
