package rewrite

import (
	"go/ast"
	"go/types"
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
	return "[" + types.TypeString(c.Elem(), r.qualifier) + "]"
}

// send: `ch <- v` becomes plain.Send(ch, v).
func (r *rw) send(s *ast.SendStmt) {
	if chanOf(r.typeOf(s.Chan)) == nil {
		r.note(s.Pos(), "send on a value of type %v (a type parameter?) left as it was", r.typeStr(r.typeOf(s.Chan)))
		return
	}
	r.add(s.Pos(), s.End(),
		lit(plainName+".Send"+r.sendTypeArgs(s.Chan, s.Value)+"("), r.src(s.Chan), lit(", "), r.src(s.Value), lit(")"))
}

// recv: `<-ch` becomes plain.Recv(ch), and the comma-ok forms plain.Recv2(ch).
func (r *rw) recv(u *ast.UnaryExpr, fn string) {
	if chanOf(r.typeOf(u.X)) == nil {
		r.note(u.Pos(), "receive from a value of type %v (a type parameter?) left as it was", r.typeStr(r.typeOf(u.X)))
		return
	}
	r.add(u.Pos(), u.End(), lit(plainName+"."+fn+"("), r.src(u.X), lit(")"))
}

// rangeStmt: a range over a channel or a map ranges over plain's sequence
// of it; slices, strings, integers and functions are left as they are.
func (r *rw) rangeStmt(s *ast.RangeStmt) {
	t := r.typeOf(s.X)
	if t == nil {
		return
	}
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		r.note(s.X.Pos(), "range over a type parameter's value left as it was")
		return
	}
	switch t.Underlying().(type) {
	case *types.Chan:
		r.add(s.X.Pos(), s.X.End(), lit(plainName+".Range("), r.src(s.X), lit(")"))
	case *types.Map:
		r.add(s.X.Pos(), s.X.End(), lit(plainName+".RangeMap("), r.src(s.X), lit(")"))
	}
}

// builtin rewrites close, len and cap of channels by the callee's name.
func (r *rw) builtin(call *ast.CallExpr, id *ast.Ident, b *types.Builtin) {
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
