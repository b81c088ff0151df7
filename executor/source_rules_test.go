package executor

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The rules that let a world schedule the package: outside tcp.go (the
// real network edge) no go statement, no native channel, no clock, no
// sync primitive, no math/rand, and no range over a map, whose order
// would leak into behaviour.
var forbiddenSelectors = map[string]map[string]bool{
	"time": {"Now": true, "Sleep": true, "After": true, "AfterFunc": true, "NewTimer": true, "NewTicker": true, "Tick": true, "Since": true, "Until": true},
	"sync": {"Mutex": true, "RWMutex": true, "WaitGroup": true, "Cond": true, "Once": true, "OnceFunc": true, "OnceValue": true, "OnceValues": true},
}

var forbiddenImports = map[string]bool{"math/rand": true, "math/rand/v2": true, "net": true, "os/signal": true}

func TestSourceRules(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "tcp.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
	}
	if len(parsed) < 10 {
		t.Fatalf("only %d source files found: is the test running in the package directory?", len(parsed))
	}
	violations := checkSourceRules(t, fset, parsed)
	for _, v := range violations {
		t.Error(v)
	}
}

func checkSourceRules(t *testing.T, fset *token.FileSet, files []*ast.File) []string {
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil), Error: func(error) {}}
	conf.Check("github.com/execsim/execsim/executor", fset, files, info)
	var out []string
	bad := func(n ast.Node, format string) {
		out = append(out, fset.Position(n.Pos()).String()+": "+format)
	}
	for _, f := range files {
		for _, imp := range f.Imports {
			if p := strings.Trim(imp.Path.Value, `"`); forbiddenImports[p] {
				bad(imp, "imports "+p)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				bad(n, "go statement: start goroutines with the kit (Runtime.Go)")
			case *ast.ChanType:
				bad(n, "native channel type: use sim.Chan")
			case *ast.SendStmt:
				bad(n, "native channel send")
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					bad(n, "native channel receive")
				}
			case *ast.SelectStmt:
				bad(n, "native select: use Runtime.Select")
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok {
					pkg := id.Name
					if obj, ok := info.Uses[id].(*types.PkgName); ok {
						pkg = obj.Imported().Path()
					}
					if forbiddenSelectors[pkg][n.Sel.Name] {
						bad(n, pkg+"."+n.Sel.Name+": use the kit")
					}
				}
			case *ast.RangeStmt:
				tv, ok := info.Types[n.X]
				if !ok {
					bad(n, "range over an expression of unknown type")
					break
				}
				if _, isMap := tv.Type.Underlying().(*types.Map); isMap {
					bad(n, "range over a map: iterate over sorted keys or an ordered slice")
				}
			}
			return true
		})
	}
	return out
}

// The checker must catch what it claims to.
func TestSourceRulesCatchViolations(t *testing.T) {
	src := `package executor
import (
	"math/rand"
	"sync"
	"time"
)
var mu sync.Mutex
func bad(m map[string]int) {
	go func() {}()
	c := make(chan int)
	<-c
	time.Sleep(time.Now().Sub(time.Now()))
	for k := range m { _ = k }
	_ = rand.Int()
}`
	dir := t.TempDir()
	name := filepath.Join(dir, "bad.go")
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(checkSourceRules(t, fset, []*ast.File{f}), "\n")
	for _, want := range []string{"imports math/rand", "sync.Mutex", "go statement", "native channel type", "native channel receive", "time.Sleep", "time.Now", "range over a map"} {
		if !strings.Contains(got, want) {
			t.Errorf("violation %q not reported; got:\n%s", want, got)
		}
	}
}
