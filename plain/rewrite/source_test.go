package rewrite

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

func check(t *testing.T, src string) (*token.FileSet, *ast.File, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
		Implicits: map[ast.Node]types.Object{},
	}
	conf := types.Config{Importer: importer.Default()}
	if _, err := conf.Check("x", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	return fset, f, info
}

// Bad input gets an error naming what is wrong, never a panic.
func TestSourceBadInput(t *testing.T) {
	src := "package x\n\nfunc f(ch chan int) { ch <- 1 }\n"
	fset, f, info := check(t, src)
	if _, _, err := Source(fset, f, []byte(src+"\n"), info, false); err == nil || !strings.Contains(err.Error(), "bytes") {
		t.Errorf("source of another size: %v", err)
	}
	if _, _, err := Source(fset, f, []byte(src), &types.Info{}, false); err == nil || !strings.Contains(err.Error(), "types.Info") {
		t.Errorf("empty types.Info: %v", err)
	}
	if _, _, err := Source(nil, nil, nil, nil, false); err == nil {
		t.Errorf("no file: no error")
	}
	out, _, err := Source(fset, f, []byte(src), info, false)
	if err != nil || !strings.Contains(string(out), "execsim_plain.Send(ch, 1)") {
		t.Errorf("good input: %v\n%s", err, out)
	}
}

// A file with nothing to rewrite is reported unchanged (nil), so that
// cmd/execsim overlays only what changed.
func TestSourceUnchanged(t *testing.T) {
	src := "package x\n\nimport \"fmt\"\n\nfunc f(xs []int) { for _, x := range xs { fmt.Println(x) } }\n"
	fset, f, info := check(t, src)
	out, notes, err := Source(fset, f, []byte(src), info, false)
	if err != nil || out != nil || len(notes) != 0 {
		t.Errorf("Source = %q, %v, %v; want nil, no notes, no error", out, notes, err)
	}
}

// A user type with the methods of a mutex, a wait group and a timer is
// not rewritten: types decide, not names.
func TestSourceTypesNotNames(t *testing.T) {
	src := `package x

type Mutex struct{}

func (*Mutex) Lock()   {}
func (*Mutex) Unlock() {}

type WaitGroup struct{}

func (*WaitGroup) Wait() {}

type clock struct{}

func (clock) Sleep(int) {}

func f() {
	var mu Mutex
	mu.Lock()
	mu.Unlock()
	var wg WaitGroup
	wg.Wait()
	var time clock
	time.Sleep(1)
	close := func(chan int) {}
	close(nil)
}
`
	fset, f, info := check(t, src)
	out, notes, err := Source(fset, f, []byte(src), info, false)
	if err != nil || out != nil {
		t.Errorf("Source rewrote look-alikes: %v\n%s", err, out)
	}
	if len(notes) != 0 {
		t.Errorf("notes: %v", notes)
	}
}

// The edit tree reports an edit that overlaps another without nesting.
func TestTreeOverlap(t *testing.T) {
	a := &edit{start: 0, end: 10, seq: 0}
	b := &edit{start: 2, end: 4, seq: 1}
	c := &edit{start: 8, end: 12, seq: 2}
	roots, bad := tree([]*edit{c, b, a})
	if len(roots) != 1 || roots[0] != a || len(a.children) != 1 || a.children[0] != b {
		t.Errorf("roots %v, children of a %v", roots, a.children)
	}
	if len(bad) != 1 || bad[0] != c {
		t.Errorf("bad = %v, want the overlapping edit", bad)
	}
}

func TestSortNotes(t *testing.T) {
	ns := []Note{{Pos: "b.go:2:1"}, {Pos: "a.go:10:1"}, {Pos: "a.go:9:12"}, {Pos: "a.go:9:3"}, {Pos: "a.go"}}
	sortNotes(ns)
	var got []string
	for _, n := range ns {
		got = append(got, n.Pos)
	}
	if want := "a.go a.go:9:3 a.go:9:12 a.go:10:1 b.go:2:1"; strings.Join(got, " ") != want {
		t.Errorf("sorted %v, want %s", got, want)
	}
}

func TestImportable(t *testing.T) {
	for _, c := range []struct {
		from, path string
		ok         bool
	}{
		{"example.com/a", "io/fs", true},
		{"example.com/a", "example.com/a/internal/x", true},
		{"example.com/a/b", "example.com/a/internal/x", true},
		{"example.com/ab", "example.com/a/internal/x", false},
		{"example.com/c", "example.com/a/internal/x", false},
		{"example.com/a", "internal/poll", false},
		{"net", "internal/poll", true},
	} {
		if got := importable(types.NewPackage(c.from, "p"), c.path); got != c.ok {
			t.Errorf("importable(%s, %s) = %v, want %v", c.from, c.path, got, c.ok)
		}
	}
}

// A type argument is written only for a type this file can name: no
// unexported type or field of another package, no internal package it may
// not import; otherwise the send is left as it was, with a note.
func TestNameable(t *testing.T) {
	here := types.NewPackage("example.com/a", "a")
	other := types.NewPackage("example.com/b", "b")
	internal := types.NewPackage("example.com/b/internal/c", "c")
	iface := types.NewInterfaceType(nil, nil)
	named := func(p *types.Package, name string) types.Type {
		return types.NewNamed(types.NewTypeName(0, p, name, nil), iface, nil)
	}
	r := &rw{pkg: here}
	for _, c := range []struct {
		t  types.Type
		ok bool
	}{
		{named(other, "Exported"), true},
		{named(here, "local"), true},
		{named(other, "hidden"), false},
		{types.NewPointer(types.NewSlice(named(other, "hidden"))), false},
		{named(internal, "Inner"), false},
		{types.NewMap(types.Typ[types.String], named(other, "Exported")), true},
		{types.NewStruct([]*types.Var{types.NewField(0, other, "x", types.Typ[types.Int], false)}, nil), false},
		{types.NewStruct([]*types.Var{types.NewField(0, other, "X", types.Typ[types.Int], false)}, nil), true},
	} {
		if got := r.nameable(c.t, 0); got != c.ok {
			t.Errorf("nameable(%v) = %v, want %v", c.t, got, c.ok)
		}
	}
}
