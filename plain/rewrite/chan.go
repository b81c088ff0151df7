package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// sendTypeArgs returns "[T]" when plain.Send(ch, v) could not infer T from
// ch and v together: a typed value of another type than the element
// (a concrete value sent on a chan of an interface).
func (r *rw) sendTypeArgs(ch, v ast.Expr) string {
	c := chanOf(r.typeOf(ch))
	if c == nil {
		return ""
	}
	tv, ok := r.info.Types[v]
	if !ok || tv.IsNil() || tv.Value != nil || tv.Type == nil || types.Identical(tv.Type, c.Elem()) {
		return ""
	}
	if b, ok := tv.Type.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		return ""
	}
	if !r.nameable(c.Elem(), 0) {
		return "?"
	}
	return "[" + types.TypeString(c.Elem(), r.qualifier) + "]"
}

// nameable reports whether this file can write t: no unexported type or
// field of another package, no package it may not import (internal).
func (r *rw) nameable(t types.Type, depth int) bool {
	if depth > 20 {
		return false
	}
	switch t := types.Unalias(t).(type) {
	case *types.Basic, *types.TypeParam:
		return true
	case *types.Named:
		obj := t.Obj()
		if p := obj.Pkg(); p != nil && p != r.pkg {
			if !obj.Exported() || !importable(r.pkg, p.Path()) {
				return false
			}
		}
		if targs := t.TypeArgs(); targs != nil {
			for i := 0; i < targs.Len(); i++ {
				if !r.nameable(targs.At(i), depth+1) {
					return false
				}
			}
		}
		return true
	case *types.Pointer:
		return r.nameable(t.Elem(), depth+1)
	case *types.Slice:
		return r.nameable(t.Elem(), depth+1)
	case *types.Array:
		return r.nameable(t.Elem(), depth+1)
	case *types.Chan:
		return r.nameable(t.Elem(), depth+1)
	case *types.Map:
		return r.nameable(t.Key(), depth+1) && r.nameable(t.Elem(), depth+1)
	case *types.Signature:
		return r.tupleNameable(t.Params(), depth) && r.tupleNameable(t.Results(), depth)
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			f := t.Field(i)
			if (!f.Exported() && f.Pkg() != r.pkg) || !r.nameable(f.Type(), depth+1) {
				return false
			}
		}
		return true
	case *types.Interface:
		for i := 0; i < t.NumMethods(); i++ {
			m := t.Method(i)
			if (!m.Exported() && m.Pkg() != r.pkg) || !r.nameable(m.Type(), depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

func (r *rw) tupleNameable(tu *types.Tuple, depth int) bool {
	for i := 0; i < tu.Len(); i++ {
		if !r.nameable(tu.At(i).Type(), depth+1) {
			return false
		}
	}
	return true
}

// importable reports whether package from may import path: a package
// under an internal element only from under that element's parent.
func importable(from *types.Package, path string) bool {
	elems := strings.Split(path, "/")
	k := -1
	for i, e := range elems {
		if e == "internal" {
			k = i
		}
	}
	if k < 0 {
		return true
	}
	if from == nil {
		return false
	}
	parent := strings.Join(elems[:k], "/")
	if parent == "" {
		first, _, _ := strings.Cut(from.Path(), "/")
		return !strings.Contains(first, ".") // the standard library's internal
	}
	return from.Path() == parent || strings.HasPrefix(from.Path(), parent+"/")
}

// send: `ch <- v` becomes plain.Send(ch, v).
func (r *rw) send(s *ast.SendStmt) {
	if chanOf(r.typeOf(s.Chan)) == nil {
		r.note(s.Pos(), "send on a value of type %v (a type parameter?) left as it was", r.typeStr(r.typeOf(s.Chan)))
		return
	}
	targs := r.sendTypeArgs(s.Chan, s.Value)
	if targs == "?" {
		r.note(s.Pos(), "send of a %s on a chan of a type this file cannot name; left as it was", r.typeStr(r.typeOf(s.Value)))
		return
	}
	r.add(s.Pos(), s.End(),
		lit(plainName+".Send"+targs+"("), r.src(s.Chan), lit(", "), r.src(s.Value), lit(")"))
}

// recv: `<-ch` becomes plain.Recv(ch), and the comma-ok forms plain.Recv2(ch).
func (r *rw) recv(u *ast.UnaryExpr, fn string) {
	if chanOf(r.typeOf(u.X)) == nil {
		r.note(u.Pos(), "receive from a value of type %v (a type parameter?) left as it was", r.typeStr(r.typeOf(u.X)))
		return
	}
	r.add(u.Pos(), u.End(), lit(plainName+"."+fn+"("), r.src(u.X), lit(")"))
}

// recvOK rewrites a comma-ok receive whose ok lands in okExpr. Go's ok is
// an untyped boolean, assignable to a bool of any named type, where
// plain.Recv2's is a bool: one of another type is left as it was, with a
// note, rather than rewritten into code that does not compile.
func (r *rw) recvOK(u *ast.UnaryExpr, okExpr ast.Expr) {
	if id, ok := okExpr.(*ast.Ident); ok && id.Name == "_" {
		r.recv(u, "Recv2")
		return
	}
	if t := r.typeOf(okExpr); t != nil && !types.Identical(t, types.Typ[types.Bool]) && !types.Identical(t, types.Typ[types.UntypedBool]) {
		r.note(u.Pos(), "receive with ok into a %s (not bool) left as it was", r.typeStr(t))
		return
	}
	r.recv(u, "Recv2")
}

// rangeStmt: a range over a channel or a map that declares its variables
// (or has none) becomes a three-clause loop over plain's receives or map
// iterator,
//
//	for execsim_c, v, execsim_ok := execsim_plain.RangeChan(ch); execsim_ok; v, execsim_ok = execsim_plain.RecvNext(execsim_c, v) {
//	for execsim_it, k, v, execsim_ok := execsim_plain.MapRange(m); execsim_ok; k, v, execsim_ok = execsim_it.NextKeyValue(k, v) {
//
// whose variables mean what the range's do in every language version, so
// that the file keeps its own: shared by the iterations below go1.22, and
// keeping the last value after the loop (the post statement gives them
// back their own values at the end). One that assigns to variables declared
// before it ranges over plain's sequence (Range, RangeMap), which needs
// go1.23. Slices, strings, integers and functions are left as they are.
func (r *rw) rangeStmt(s *ast.RangeStmt) {
	t := r.typeOf(s.X)
	if t == nil {
		return
	}
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		r.note(s.X.Pos(), "range over a type parameter's value left as it was")
		return
	}
	var loop, seq string
	switch t.Underlying().(type) {
	case *types.Chan:
		loop, seq = "RangeChan", "Range"
	case *types.Map:
		loop, seq = "MapRange", "RangeMap"
	default:
		return
	}
	if s.Key != nil && s.Tok != token.DEFINE {
		r.add(s.X.Pos(), s.X.End(), lit(plainName+"."+seq+"("), r.src(s.X), lit(")"))
		r.rangesOverFuncs = true
		return
	}
	// The variables, as the init declares them and the post assigns them:
	// a declaring range's are identifiers (or _).
	vars := []ast.Expr{s.Key}
	if loop == "MapRange" {
		vars = append(vars, s.Value)
	}
	var decl []piece
	var named []string // the variables that are not _, for the post statement
	post := []string{}
	for _, v := range vars {
		name := "_"
		if id, ok := v.(*ast.Ident); ok {
			name = id.Name
		}
		decl = append(decl, lit(", "))
		if v != nil {
			decl = append(decl, r.src(v))
		} else {
			decl = append(decl, lit("_"))
		}
		post = append(post, name)
		if name != "_" {
			named = append(named, name)
		}
	}
	args := strings.Join(named, ", ")
	state, next := "execsim_c", plainName+".Recv2(execsim_c)"
	if len(named) > 0 {
		next = plainName + ".RecvNext(execsim_c, " + args + ")"
	}
	if loop == "MapRange" {
		state, next = "execsim_it", "execsim_it.Next()"
		switch {
		case len(named) == 2:
			next = "execsim_it.NextKeyValue(" + args + ")"
		case len(named) == 1 && post[0] != "_":
			post, next = []string{post[0]}, "execsim_it.NextKey("+args+")"
		case len(named) == 1:
			post, next = []string{post[1]}, "execsim_it.NextValue("+args+")"
		}
	}
	start := s.Range
	if s.Key != nil {
		start = s.Key.Pos()
	}
	ps := append([]piece{lit(state)}, decl...)
	ps = append(ps, lit(", execsim_ok := "+plainName+"."+loop+"("), r.src(s.X),
		lit("); execsim_ok; "+strings.Join(post, ", ")+", execsim_ok = "+next))
	r.add(start, s.X.End(), ps...)
}

// builtin rewrites close, len and cap of channels by the callee's name,
// and marks a channel made here (make) as the world's own.
func (r *rw) builtin(call *ast.CallExpr, id *ast.Ident, b *types.Builtin) {
	if b.Name() == "make" {
		if t := r.typeOf(call); t != nil {
			if c, ok := t.Underlying().(*types.Chan); ok && c.Dir() == types.SendRecv {
				r.add(call.Pos(), call.End(), lit(plainName+".Made("), r.src(call), lit(")"))
			}
		}
		return
	}
	if len(call.Args) != 1 {
		return
	}
	c := chanOf(r.typeOf(call.Args[0]))
	if c == nil {
		if b.Name() == "close" {
			r.note(call.Pos(), "close of a value of type %v (a type parameter?) left as it was", r.typeStr(r.typeOf(call.Args[0])))
		}
		return
	}
	var fn string
	switch b.Name() {
	case "close":
		fn = "Close"
	case "len":
		fn = "Len"
	case "cap":
		fn = "Cap"
	default:
		return
	}
	if fn != "Close" && c.Dir() == types.SendOnly {
		fn += "Send"
	}
	r.add(id.Pos(), id.End(), lit(plainName+"."+fn))
}
