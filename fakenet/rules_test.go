package fakenet

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// fakenet's determinism rules (docs/architecture.md), held by parsing its
// non-test source: everything concurrent or timed goes through the sim
// kit, and nothing depends on map order.

// bannedImports may not be imported at all: their blocking primitives and
// global generators bypass the world.
var bannedImports = map[string]string{
	"sync":           "use Runtime.NewMutex, NewWaitGroup, NewOnce",
	"sync/atomic":    "state lives under the network's sim.Mutex",
	"math/rand":      "draw with Runtime.Choose",
	"math/rand/v2":   "draw with Runtime.Choose",
	"crypto/rand":    "draw with Runtime.Choose",
	"os/signal":      "no process-level events in the network",
	"unsafe":         "no tricks behind the type system",
	"runtime":        "no scheduler calls: the world schedules",
	"net":            "the network is simulated",
	"reflect":        "keep the hot path plain",
	"container/heap": "its interface boxing allocates per message; use flightHeap",
}

// bannedTime are the package time functions that read the wall clock or
// block outside the kit; time.Duration and time.Time stay allowed.
var bannedTime = []string{"Now", "Since", "Until", "Sleep", "After", "AfterFunc", "NewTimer", "NewTicker", "Tick"}

// checkRules returns one line per violation in the parsed files.
func checkRules(fset *token.FileSet, files []*ast.File, info *types.Info) []string {
	var bad []string
	report := func(n ast.Node, format string, args ...any) {
		bad = append(bad, fmt.Sprintf("%s: %s", fset.Position(n.Pos()), fmt.Sprintf(format, args...)))
	}
	for _, f := range files {
		timeName := ""
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if why, ok := bannedImports[path]; ok {
				report(imp, "import %q: %s", path, why)
			}
			if path == "time" {
				timeName = "time"
				if imp.Name != nil {
					timeName = imp.Name.Name
				}
			}
		}
		// Calls whose argument is allowed to be an iterator over a map,
		// because they sort it: slices.Sorted(maps.Keys(m)).
		sortedArgs := map[ast.Node]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				report(n, "go statement: start goroutines with Runtime.Go")
			case *ast.ChanType:
				report(n, "raw channel type: use sim.Chan")
			case *ast.SendStmt:
				report(n, "raw channel send: use sim.Chan.Send")
			case *ast.SelectStmt:
				report(n, "select statement: use Runtime.Select")
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					report(n, "raw channel receive: use sim.Chan.Recv or Runtime.Select")
				}
			case *ast.CallExpr:
				if isPkgFunc(n.Fun, "slices", "Sorted", "SortedFunc", "SortedStableFunc") {
					for _, a := range n.Args {
						sortedArgs[a] = true
					}
				}
				if isPkgFunc(n.Fun, "maps", "Keys", "Values", "All") && !sortedArgs[n] {
					report(n, "map iterator outside slices.Sorted: map order would leak; sort the keys")
				}
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok && timeName != "" && id.Name == timeName && slices.Contains(bannedTime, n.Sel.Name) {
					report(n, "time.%s: use the Runtime's clock and timers", n.Sel.Name)
				}
			case *ast.RangeStmt:
				if info != nil {
					if tv, ok := info.Types[n.X]; ok && tv.Type != nil {
						if _, isMap := tv.Type.Underlying().(*types.Map); isMap {
							report(n, "range over a map: its order would leak into behaviour; range over slices.Sorted(maps.Keys(m))")
						}
					}
				}
			}
			return true
		})
	}
	return bad
}

func isPkgFunc(fun ast.Expr, pkg string, names ...string) bool {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == pkg && slices.Contains(names, sel.Sel.Name)
}

// parseDir parses the non-test Go files of dir.
func parseDir(t *testing.T, dir string) (*token.FileSet, []*ast.File) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		t.Fatalf("no Go files in %s", dir)
	}
	return fset, files
}

func TestDeterminismRules(t *testing.T) {
	fset, files := parseDir(t, ".")
	// Types tell a range over a map from one over a slice. Imports come
	// from the export data the go command already built (far quicker than
	// type-checking them from source).
	var typeErrs []error
	conf := types.Config{
		Importer: exportImporter(t, fset),
		Error:    func(err error) { typeErrs = append(typeErrs, err) },
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf.Check("github.com/execsim/execsim/fakenet", fset, files, info)
	if len(typeErrs) > 0 {
		t.Errorf("type-checking failed (%d errors; first: %v): the map-range rule cannot be checked", len(typeErrs), typeErrs[0])
	}
	for _, v := range checkRules(fset, files, info) {
		t.Error(v)
	}
}

// exportImporter imports packages from the export data of this package's
// dependencies, as listed by the go command.
func exportImporter(t *testing.T, fset *token.FileSet) types.Importer {
	out, err := exec.Command("go", "list", "-export", "-deps", "-f", "{{.ImportPath}}={{.Export}}", ".").Output()
	if err != nil {
		t.Logf("go list -export failed (%v): type-checking falls back to source", err)
		return importer.ForCompiler(fset, "source", nil)
	}
	exports := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if path, file, ok := strings.Cut(line, "="); ok && file != "" {
			exports[path] = file
		}
	}
	return importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(file)
	})
}

// TestDeterminismRulesCatch shows the checker finds each kind of
// violation, so that a silent pass above means something.
func TestDeterminismRulesCatch(t *testing.T) {
	const src = `package bad

import (
	"math/rand"
	"maps"
	"sync"
	"time"
)

type s struct{ m map[string]int }

func f(x s) {
	var mu sync.Mutex
	_ = mu
	go func() {}()
	c := make(chan int)
	c <- 1
	<-c
	select {}
	_ = time.Now()
	time.Sleep(1)
	_ = rand.Int()
	for k := range x.m {
		_ = k
	}
	for k := range maps.Keys(x.m) {
		_ = k
	}
}
`
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset, files := parseDir(t, dir)
	conf := types.Config{Importer: importer.Default(), Error: func(error) {}}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf.Check("bad", fset, files, info)
	got := strings.Join(checkRules(fset, files, info), "\n")
	for _, want := range []string{
		`import "math/rand"`, `import "sync"`, "go statement", "raw channel type", "raw channel send",
		"raw channel receive", "select statement", "time.Now", "time.Sleep", "range over a map",
		"map iterator outside slices.Sorted",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("checker missed %q; it reported:\n%s", want, got)
		}
	}
}
