package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// plainPath is the runtime package every rewritten file imports, and
// plainName the name it is imported under: no user code writes an
// identifier that starts with execsim_.
const (
	plainPath = "github.com/execsim/execsim/plain"
	plainName = "execsim_plain"
)

// rw is the state of rewriting one file.
type rw struct {
	fset  *token.FileSet
	tf    *token.File
	f     *ast.File
	code  []byte
	info  *types.Info
	test  bool
	pkg   *types.Package
	edits []*edit
	notes []Note
	// skip holds nodes another rewrite has taken over (the channel
	// operation of a select case, the receive of a comma-ok assignment).
	skip map[ast.Node]bool
	// dropped counts, per imported package, the uses a rewrite removed;
	// an import left with none is kept as a blank import.
	dropped map[*types.PkgName]int
	// extra imports the rewrite needs to name a type, by path.
	extra map[string]string
	// labels used by goto and by break, so that a select's label is moved
	// only where Go still accepts it.
	gotoLabels, breakLabels map[types.Object]bool
	stack                   []ast.Node
	// rangesOverFuncs: the rewrite made a range over a channel or a map
	// one over plain's iterator, which needs go1.23 (languageHeader).
	rangesOverFuncs bool
}

// Source rewrites one type-checked file; test reports whether it is a
// _test.go file. It returns nil contents when nothing in the file needs
// rewriting.
func Source(fset *token.FileSet, f *ast.File, src []byte, info *types.Info, test bool) (out []byte, notes []Note, err error) {
	return source(fset, f, src, info, test, "")
}

// source is Source with the language version the file is to keep (see
// Config.MainGoVersion), "" for the one the build gives it.
func source(fset *token.FileSet, f *ast.File, src []byte, info *types.Info, test bool, keep string) (out []byte, notes []Note, err error) {
	if fset == nil || f == nil {
		return nil, nil, fmt.Errorf("rewrite: no file")
	}
	tf := fset.File(f.Pos())
	if tf == nil {
		return nil, nil, fmt.Errorf("rewrite: file has no position information")
	}
	if tf.Size() != len(src) {
		return nil, nil, fmt.Errorf("rewrite: %s: source is %d bytes, the parsed file %d", tf.Name(), len(src), tf.Size())
	}
	if info == nil || info.Types == nil || info.Uses == nil || info.Selections == nil || info.Defs == nil {
		return nil, nil, fmt.Errorf("rewrite: %s: types.Info needs Types, Defs, Uses and Selections", tf.Name())
	}
	defer func() {
		// a construct the rewriter does not expect must not take the
		// command down: the file's name and the value are what to report
		if v := recover(); v != nil {
			out, notes, err = nil, nil, fmt.Errorf("rewrite: %s: internal error: %v", tf.Name(), v)
		}
	}()
	r := &rw{
		fset: fset, tf: tf, f: f, code: src, info: info, test: test,
		skip:        map[ast.Node]bool{},
		dropped:     map[*types.PkgName]int{},
		extra:       map[string]string{},
		gotoLabels:  map[types.Object]bool{},
		breakLabels: map[types.Object]bool{},
	}
	if obj := info.Defs[f.Name]; obj != nil {
		r.pkg = obj.Pkg()
	}
	if r.pkg == nil {
		// the package name's definition is recorded only in some
		// configurations; any object of the file names the package
		for _, obj := range info.Defs {
			if obj != nil && obj.Pkg() != nil {
				r.pkg = obj.Pkg()
				break
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Label != nil {
			if obj := info.Uses[b.Label]; obj != nil {
				switch b.Tok {
				case token.GOTO:
					r.gotoLabels[obj] = true
				case token.BREAK:
					r.breakLabels[obj] = true
				}
			}
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			r.stack = r.stack[:len(r.stack)-1]
			return false
		}
		r.visit(n)
		r.stack = append(r.stack, n)
		return true
	})
	var header string
	if len(r.edits) == 0 {
		// Nothing to rewrite; but a file whose build gives it a later
		// language version than its module's own (keep) is written out
		// with only that version restored, so that its loops mean what
		// they do natively (a closure made in a go1.21 loop shares the
		// loop's variable) although no world operation is in it.
		if keep != "" {
			header = r.languageHeader(keep)
		}
		if header == "" && len(r.edits) == 0 {
			sortNotes(r.notes)
			return nil, r.notes, nil
		}
	} else {
		r.imports()
		header = r.languageHeader(keep)
	}
	roots, bad := tree(r.edits)
	for _, e := range bad {
		r.note(r.tf.Pos(e.start), "an overlapping rewrite was dropped (a rewriter bug)")
	}
	rd := &renderer{src: src, name: tf.Name(), curLine: 1}
	for i, c := range src {
		if c == '\n' {
			rd.newlines = append(rd.newlines, i)
		}
	}
	fmt.Fprintf(&rd.out, "%s//line %s:1\n", header, tf.Name())
	rd.render(roots, 0, len(src))
	sortNotes(r.notes)
	return []byte(rd.out.String()), r.notes, nil
}

// sortNotes orders notes by file, then line and column as numbers.
func sortNotes(ns []Note) {
	sort.SliceStable(ns, func(i, j int) bool {
		fi, li, ci := splitPos(ns[i].Pos)
		fj, lj, cj := splitPos(ns[j].Pos)
		if fi != fj {
			return fi < fj
		}
		if li != lj {
			return li < lj
		}
		return ci < cj
	})
}

// splitPos splits file:line:col; a position without line and column is
// the file alone.
func splitPos(pos string) (file string, line, col int) {
	file = pos
	for _, n := range []*int{&col, &line} {
		i := strings.LastIndexByte(file, ':')
		if i < 0 {
			return pos, 0, 0
		}
		v, err := strconv.Atoi(file[i+1:])
		if err != nil {
			return pos, 0, 0
		}
		*n, file = v, file[:i]
	}
	return file, line, col
}

func (r *rw) off(p token.Pos) int { return r.tf.Offset(p) }

// add records an edit of the node span [a, b).
func (r *rw) add(a, b token.Pos, pieces ...piece) {
	r.edits = append(r.edits, &edit{start: r.off(a), end: r.off(b), pieces: pieces, seq: len(r.edits)})
}

// src is the piece for a node's own source, with the edits inside it.
func (r *rw) src(n ast.Node) piece { return span(r.off(n.Pos()), r.off(n.End())) }

func (r *rw) srcSpan(a, b token.Pos) piece { return span(r.off(a), r.off(b)) }

func (r *rw) text(n ast.Node) string { return string(r.code[r.off(n.Pos()):r.off(n.End())]) }

func (r *rw) note(p token.Pos, format string, args ...any) {
	pos := r.fset.PositionFor(p, false)
	r.notes = append(r.notes, Note{Pos: fmt.Sprintf("%s:%d:%d", pos.Filename, pos.Line, pos.Column), Msg: fmt.Sprintf(format, args...)})
}

func (r *rw) parent(up int) ast.Node {
	if i := len(r.stack) - up; i >= 0 {
		return r.stack[i]
	}
	return nil
}

func (r *rw) typeOf(e ast.Expr) types.Type {
	if tv, ok := r.info.Types[e]; ok {
		return tv.Type
	}
	if id, ok := e.(*ast.Ident); ok {
		if obj := r.info.Uses[id]; obj != nil {
			return obj.Type()
		}
		if obj := r.info.Defs[id]; obj != nil {
			return obj.Type()
		}
	}
	return nil
}

func (r *rw) visit(n ast.Node) {
	switch n := n.(type) {
	case *ast.FuncDecl:
		if r.test {
			r.testFunc(n)
		}
	case *ast.GoStmt:
		r.goStmt(n)
	case *ast.SendStmt:
		if !r.skip[n] {
			r.send(n)
		}
	case *ast.UnaryExpr:
		if n.Op == token.ARROW && !r.skip[n] {
			r.recv(n, "Recv")
		}
	case *ast.AssignStmt:
		if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
			if u, ok := ast.Unparen(n.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW && !r.skip[u] {
				r.skip[u] = true
				r.recvOK(u, n.Lhs[1])
			}
		}
	case *ast.ValueSpec:
		if len(n.Names) == 2 && len(n.Values) == 1 {
			if u, ok := ast.Unparen(n.Values[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW && !r.skip[u] {
				r.skip[u] = true
				r.recvOK(u, n.Names[1])
			}
		}
	case *ast.RangeStmt:
		r.rangeStmt(n)
	case *ast.SelectStmt:
		r.selectStmt(n)
	case *ast.CallExpr:
		if r.test {
			r.fuzzTarget(n)
		}
		r.call(n)
	case *ast.SelectorExpr:
		r.selector(n)
	case *ast.Ident:
		r.ident(n)
	}
}

// qualifier names packages as this file imports them, adding an import
// for a package the file does not import.
func (r *rw) qualifier(p *types.Package) string {
	if p == r.pkg {
		return ""
	}
	for _, spec := range r.f.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		if path != p.Path() {
			continue
		}
		if spec.Name == nil {
			return p.Name()
		}
		if spec.Name.Name != "_" && spec.Name.Name != "." {
			return spec.Name.Name
		}
	}
	if name, ok := r.extra[p.Path()]; ok {
		return name
	}
	name := fmt.Sprintf("execsim_p%d", len(r.extra))
	r.extra[p.Path()] = name
	return name
}

// imports adds the import of plain on the package clause's line and turns
// an import whose every use a rewrite removed into a blank import.
func (r *rw) imports() {
	var b strings.Builder
	fmt.Fprintf(&b, "; import %s %q", plainName, plainPath)
	paths := make([]string, 0, len(r.extra))
	for p := range r.extra {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(&b, "; import %s %q", r.extra[p], p)
	}
	r.add(r.f.Name.Pos(), r.f.Name.End(), r.src(r.f.Name), lit(b.String()))

	if len(r.dropped) == 0 {
		return
	}
	uses := map[*types.PkgName]int{}
	for id, obj := range r.info.Uses {
		if id.Pos() < r.f.FileStart || id.End() > r.f.FileEnd {
			continue
		}
		if pn, ok := obj.(*types.PkgName); ok {
			uses[pn]++
		} else if obj.Pkg() != nil && obj.Pkg() != r.pkg && obj.Parent() == obj.Pkg().Scope() {
			// a package-level name used unqualified: a dot import's use
			if pn := r.dotImport(obj.Pkg()); pn != nil {
				uses[pn]++
			}
		}
	}
	for _, spec := range r.f.Imports {
		pn := r.importName(spec)
		if pn == nil || r.dropped[pn] == 0 || r.dropped[pn] < uses[pn] {
			continue
		}
		if spec.Name != nil {
			r.add(spec.Name.Pos(), spec.Name.End(), lit("_"), lit(strings.Repeat(" ", len(spec.Name.Name)-1)))
		} else {
			r.add(spec.Path.Pos(), spec.Path.End(), lit("_ "), r.src(spec.Path))
		}
	}
}

// isPrimary reports whether e can take a selector or & without parentheses.
func isPrimary(e ast.Expr) bool {
	switch e.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.CallExpr, *ast.ParenExpr, *ast.BasicLit, *ast.CompositeLit:
		return true
	}
	return false
}

func deref(t types.Type) (types.Type, bool) {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem(), true
	}
	return t, false
}

// named returns the package path and name of t's named type, through one
// pointer.
func named(t types.Type) (path, name string) {
	if t == nil {
		return "", ""
	}
	t, _ = deref(t)
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", ""
	}
	return n.Obj().Pkg().Path(), n.Obj().Name()
}

func chanOf(t types.Type) *types.Chan {
	if t == nil {
		return nil
	}
	c, _ := t.Underlying().(*types.Chan)
	return c
}

// typeStr writes a type for a note, this package's names unqualified.
func (r *rw) typeStr(t types.Type) string {
	if t == nil {
		return "an unknown type"
	}
	return types.TypeString(t, types.RelativeTo(r.pkg))
}
