package simvet

import (
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Config narrows or widens the rules for one package's own test. The zero
// value is the rule set the command applies.
type Config struct {
	// ExtraImports bans more import paths, each mapped to the reason the
	// diagnostic gives. A package may hold itself to more than the kit
	// needs (fakenet bans reflect and unsafe on its hot path).
	ExtraImports map[string]string
	// ListAllowed also reports every exception an allow comment granted,
	// as a diagnostic in category "allowed", so that a run can list them.
	ListAllowed bool
}

// Analyzer applies the rules with the zero Config. Its -list-allowed flag
// sets Config.ListAllowed.
var Analyzer = newAnalyzer(&Config{})

// New returns an analyzer that applies the rules with cfg.
func New(cfg Config) *analysis.Analyzer {
	c := cfg
	c.ExtraImports = maps.Clone(cfg.ExtraImports)
	return newAnalyzer(&c)
}

func newAnalyzer(cfg *Config) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:       "simvet",
		Doc:        doc,
		URL:        "https://pkg.go.dev/github.com/execsim/execsim/simvet",
		Run:        func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
		ResultType: reflect.TypeOf([]Allowed(nil)),
	}
	a.Flags.Init("simvet", flag.ContinueOnError)
	a.Flags.BoolVar(&cfg.ListAllowed, "list-allowed", cfg.ListAllowed, "also report each exception a //simvet:allow comment granted (category \"allowed\")")
	return a
}

const doc = `report code a simulated world cannot schedule deterministically

simvet reports, in non-test files: go statements; native channel types,
sends, receives, selects and ranges; time.Now, Sleep, After, timers and
tickers; sync's blocking primitives and sync.Map; math/rand, math/rand/v2
and crypto/rand; and every iteration whose order is a map's (range over a
map, maps.Keys/Values/All outside slices.Sorted, reflect's MapKeys and
MapRange). A line marked "//simvet:allow reason" is exempt; an allow
comment without a reason, or one that exempts nothing, is reported.`

// Allowed is one exception an allow comment granted.
type Allowed struct {
	Pos    token.Position // where the exempted construct is
	Rule   string         // the rule it would have broken: go, chan, time, sync, rand, import, maporder
	Reason string         // the text after //simvet:allow
}

func (a Allowed) String() string {
	return fmt.Sprintf("%s: %s allowed: %s", a.Pos, a.Rule, a.Reason)
}

// finding is a violation before allow comments are applied.
type finding struct {
	pos  token.Pos
	rule string
	msg  string
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	var allowed []Allowed
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		found := checkFile(pass, f, cfg)
		allows := parseAllows(pass, f, name)
		for _, fd := range found {
			line := pass.Fset.Position(fd.pos).Line
			if al := allows.covering(line); al != nil {
				al.used = true
				if al.reason != "" {
					a := Allowed{Pos: pass.Fset.Position(fd.pos), Rule: fd.rule, Reason: al.reason}
					allowed = append(allowed, a)
					if cfg.ListAllowed {
						pass.Report(analysis.Diagnostic{Pos: fd.pos, Category: "allowed", Message: fd.rule + " allowed: " + al.reason})
					}
					continue
				}
			}
			pass.Report(analysis.Diagnostic{Pos: fd.pos, Category: fd.rule, Message: fd.msg})
		}
		for _, al := range allows {
			switch {
			case al.reason == "":
				pass.Report(analysis.Diagnostic{Pos: al.pos, Category: "allow", Message: "//simvet:allow needs a reason after it, saying why this line may break the rule"})
			case !al.used:
				pass.Report(analysis.Diagnostic{Pos: al.pos, Category: "allow", Message: "//simvet:allow exempts nothing on its line: remove it"})
			}
		}
	}
	return allowed, nil
}

// checkFile returns the file's violations in source order.
func checkFile(pass *analysis.Pass, f *ast.File, cfg *Config) []finding {
	var out []finding
	add := func(n ast.Node, rule, format string, args ...any) {
		out = append(out, finding{pos: n.Pos(), rule: rule, msg: fmt.Sprintf(format, args...)})
	}
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		if why, ok := bannedImports[path]; ok {
			add(imp, "rand", "import %q: %s", path, why)
		} else if why, ok := cfg.ExtraImports[path]; ok {
			add(imp, "import", "import %q: %s", path, why)
		}
	}
	// Iterator calls that feed a sorting or map-building sink directly are
	// fine; the sink is visited before its arguments.
	sunk := map[ast.Expr]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			add(n, "go", "go statement: start goroutines with Runtime.Go, so the world schedules them")
		case *ast.ChanType:
			add(n, "chan", "native channel type: use sim.Chan")
		case *ast.SendStmt:
			add(n, "chan", "native channel send: use sim.Chan.Send")
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				add(n, "chan", "native channel receive: use sim.Chan.Recv or Runtime.Select")
			}
		case *ast.SelectStmt:
			add(n, "chan", "native select statement: use Runtime.Select")
		case *ast.RangeStmt:
			if t := pass.TypesInfo.TypeOf(n.X); t != nil {
				switch t.Underlying().(type) {
				case *types.Map:
					add(n, "maporder", "range over a map: its order would leak into behaviour; range over slices.Sorted(maps.Keys(m))")
				case *types.Chan:
					add(n, "chan", "range over a native channel: use sim.Chan.Recv in a loop")
				}
			}
		case *ast.Ident:
			checkIdent(pass, n, add)
		case *ast.CallExpr:
			fn := calledFunc(pass, n)
			if fn == nil {
				break
			}
			pkg := ""
			if fn.Pkg() != nil {
				pkg = fn.Pkg().Path()
			}
			if orderFreeSinks[pkg][fn.Name()] && isPackageLevel(fn) {
				for _, a := range n.Args {
					sunk[ast.Unparen(a)] = true
				}
			}
			if pkg == "maps" && mapIterators[fn.Name()] && isPackageLevel(fn) && !sunk[n] {
				add(n, "maporder", "maps.%s yields in map order, which would leak into behaviour; wrap it in slices.Sorted", fn.Name())
			}
			if pkg == "reflect" && reflectMapMethods[fn.Name()] && !isPackageLevel(fn) {
				add(n, "maporder", "reflect.Value.%s visits a map in its own order; sort the keys", fn.Name())
			}
		}
		return true
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

// checkIdent reports a use of a banned time or sync name, however it was
// imported (renamed, dot-imported).
func checkIdent(pass *analysis.Pass, id *ast.Ident, add func(ast.Node, string, string, ...any)) {
	obj := pass.TypesInfo.Uses[id]
	if obj == nil || obj.Pkg() == nil || !isPackageLevel(obj) {
		return
	}
	switch obj.Pkg().Path() {
	case "time":
		if why, ok := bannedTime[obj.Name()]; ok {
			add(id, "time", "time.%s reads or waits on the wall clock: %s", obj.Name(), why)
		}
	case "sync":
		if why, ok := bannedSync[obj.Name()]; ok {
			add(id, "sync", "sync.%s blocks outside the world: %s", obj.Name(), why)
		}
	}
}

func isPackageLevel(obj types.Object) bool {
	return obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope()
}

// calledFunc is the function or method a call invokes, if it is static.
func calledFunc(pass *analysis.Pass, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	case *ast.IndexExpr: // an explicit instantiation: maps.Keys[M](m)
		if sel, ok := fun.X.(*ast.SelectorExpr); ok {
			id = sel.Sel
		} else if x, ok := fun.X.(*ast.Ident); ok {
			id = x
		}
	case *ast.IndexListExpr:
		if sel, ok := fun.X.(*ast.SelectorExpr); ok {
			id = sel.Sel
		} else if x, ok := fun.X.(*ast.Ident); ok {
			id = x
		}
	}
	if id == nil {
		return nil
	}
	fn, _ := pass.TypesInfo.Uses[id].(*types.Func)
	if fn != nil {
		fn = fn.Origin()
	}
	return fn
}
