package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// selectStmt: a select becomes a block that builds every case in one
// multiple assignment, in source order as Go evaluates the operands, and
// a switch on the case plain.Select chose:
//
//	{ execsim_c0, execsim_c1 := plain.RecvCase(ch), plain.SendCase(out, v); switch plain.Select(execsim_c0, execsim_c1) {
//	case 0: x, ok := execsim_c0.V, execsim_c0.OK;
//	default:
//	} }
//
// The last clause becomes default:, so a select that was a terminating
// statement still is one. A label moves onto the switch, so that break
// still leaves it; a label that goto also targets stays before the block.
// `select {}` becomes `for { plain.Select() }`. The case operands move to
// the select's line; /*line*/ directives keep their positions.
func (r *rw) selectStmt(s *ast.SelectStmt) {
	clauses := s.Body.List
	var label *ast.LabeledStmt
	if l, ok := r.parent(1).(*ast.LabeledStmt); ok && l.Stmt == s {
		label = l
	}
	if len(clauses) == 0 {
		r.add(s.Pos(), s.End(), lit("for { "+plainName+".Select() }"))
		return
	}
	moveLabel := false
	if label != nil {
		obj := r.info.Defs[label.Label]
		switch {
		case r.gotoLabels[obj] && r.breakLabels[obj]:
			r.note(s.Pos(), "select labeled %s is the target of both goto and break; left as it was", label.Label.Name)
			r.skipComms(s)
			return
		case r.breakLabels[obj]:
			moveLabel = true
		}
	}
	var names, cases []string
	var built [][]piece
	for i, c := range clauses {
		cc := c.(*ast.CommClause)
		name := fmt.Sprintf("execsim_c%d", i)
		names = append(names, name)
		cases = append(cases, name)
		switch comm := cc.Comm.(type) {
		case nil:
			built = append(built, []piece{lit(plainName + ".Default()")})
		case *ast.SendStmt:
			targs := r.sendTypeArgs(comm.Chan, comm.Value)
			if targs == "?" {
				r.note(cc.Pos(), "select sends on a chan of a type this file cannot name; select left as it was")
				r.skipComms(s)
				return
			}
			r.skip[comm] = true
			built = append(built, []piece{lit(plainName + ".SendCase" + targs + "("), r.src(comm.Chan), lit(", "), r.src(comm.Value), lit(")")})
		default:
			u := recvOf(comm)
			if u == nil {
				r.note(cc.Pos(), "select case of an unexpected form; select left as it was")
				r.skipComms(s)
				return
			}
			r.skip[u] = true
			built = append(built, []piece{lit(plainName + ".RecvCase("), r.src(u.X), lit(")")})
		}
	}
	start := s.Pos()
	var ps []piece
	if moveLabel {
		start = label.Pos()
	}
	ps = append(ps, openBlock(names, built)...)
	if moveLabel {
		ps = append(ps, restore(r.off(label.Pos())), lit(label.Label.Name+": "))
	}
	ps = append(ps, restore(r.off(s.Pos())))
	ps = append(ps, lit("switch "+plainName+".Select("+strings.Join(cases, ", ")+") {"))
	prev := s.Body.Lbrace + 1
	for i, c := range clauses {
		cc := c.(*ast.CommClause)
		ps = append(ps, r.srcSpan(prev, cc.Case))
		if i == len(clauses)-1 {
			ps = append(ps, lit("default:"))
		} else {
			ps = append(ps, lit(fmt.Sprintf("case %d:", i)))
		}
		if as, ok := cc.Comm.(*ast.AssignStmt); ok {
			rhs := []string{names[i] + ".V", names[i] + ".OK"}[:len(as.Lhs)]
			ps = append(ps, lit(" "), r.srcSpan(as.Lhs[0].Pos(), as.Lhs[len(as.Lhs)-1].End()),
				lit(" "+as.Tok.String()+" "+strings.Join(rhs, ", ")+";"))
		}
		ps = append(ps, r.srcSpan(cc.Colon+1, cc.End()))
		prev = cc.End()
	}
	ps = append(ps, r.srcSpan(prev, s.Body.Rbrace+1), lit(" }"))
	r.add(start, s.End(), ps...)
}

// recvOf is the receive of a select case `case <-ch:`, `case v := <-ch:`,
// `case v, ok = <-ch:`.
func recvOf(comm ast.Stmt) *ast.UnaryExpr {
	var e ast.Expr
	switch c := comm.(type) {
	case *ast.ExprStmt:
		e = c.X
	case *ast.AssignStmt:
		if len(c.Rhs) == 1 && (c.Tok == token.DEFINE || c.Tok == token.ASSIGN) {
			e = c.Rhs[0]
		}
	}
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return nil
	}
	return u
}

// skipComms keeps the channel operations of a select that is left as it
// was from being rewritten into calls, which a select case cannot hold.
func (r *rw) skipComms(s *ast.SelectStmt) {
	for _, c := range s.Body.List {
		switch comm := c.(*ast.CommClause).Comm.(type) {
		case *ast.SendStmt:
			r.skip[comm] = true
		case nil:
		default:
			if u := recvOf(comm); u != nil {
				r.skip[u] = true
			}
		}
	}
}
