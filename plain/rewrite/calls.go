package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// methods maps "pkgpath.Type.Method" of a method whose receiver becomes
// the first argument to the plain function that replaces the call.
var methods = map[string]string{
	"sync.Mutex.Lock":       "Lock",
	"sync.Mutex.Unlock":     "Unlock",
	"sync.Mutex.TryLock":    "TryLock",
	"sync.RWMutex.Lock":     "RWLock",
	"sync.RWMutex.Unlock":   "RWUnlock",
	"sync.RWMutex.TryLock":  "RWTryLock",
	"sync.RWMutex.RLock":    "RLock",
	"sync.RWMutex.RUnlock":  "RUnlock",
	"sync.RWMutex.TryRLock": "TryRLock",
	"sync.RWMutex.RLocker":  "RLocker",
	"sync.Locker.Lock":      "LockerLock",
	"sync.Locker.Unlock":    "LockerUnlock",
	"sync.WaitGroup.Add":    "WaitAdd",
	"sync.WaitGroup.Done":   "WaitDone",
	"sync.WaitGroup.Wait":   "WaitWait",
	"sync.WaitGroup.Go":     "WaitGo",
	"sync.Once.Do":          "OnceDo",
	"sync.Cond.Wait":        "CondWait",
	"sync.Cond.Signal":      "CondSignal",
	"sync.Cond.Broadcast":   "CondBroadcast",
	"sync.Pool.Get":         "PoolGet",
	"sync.Pool.Put":         "PoolPut",
	"time.Timer.Stop":       "TimerStop",
	"time.Timer.Reset":      "TimerReset",
	"time.Ticker.Stop":      "TickerStop",
	"time.Ticker.Reset":     "TickerReset",
}

// funcs maps "pkgpath.Func" of a package-level function to the plain
// function with the same signature that replaces it, as a callee or as a
// value.
var funcs = map[string]string{
	"time.Now":                  "Now",
	"time.Since":                "Since",
	"time.Until":                "Until",
	"time.Sleep":                "Sleep",
	"time.After":                "After",
	"time.Tick":                 "Tick",
	"time.NewTimer":             "NewTimer",
	"time.AfterFunc":            "AfterFunc",
	"time.NewTicker":            "NewTicker",
	"context.WithCancel":        "WithCancel",
	"context.WithCancelCause":   "WithCancelCause",
	"context.WithTimeout":       "WithTimeout",
	"context.WithTimeoutCause":  "WithTimeoutCause",
	"context.WithDeadline":      "WithDeadline",
	"context.WithDeadlineCause": "WithDeadlineCause",
	"context.AfterFunc":         "ContextAfterFunc",
	"context.Cause":             "Cause",
	"runtime.Gosched":           "Gosched",
	"runtime.NumGoroutine":      "NumGoroutine",
	"runtime.SetFinalizer":      "SetFinalizer",
	"crypto/rand.Read":          "CryptoRead",
	"crypto/rand.Text":          "CryptoText",
	"runtime.AddCleanup":        "AddCleanup",
	"sync.OnceFunc":             "OnceFunc",
	"sync.OnceValue":            "OnceValue",
	"sync.OnceValues":           "OnceValues",
	"math/rand/v2.N":            "RandN",
}

// vars maps "pkgpath.Var" of a package-level variable read as a value to
// the plain call that gives it; one assigned to, or whose address is
// taken, stays (a test that replaces crypto/rand.Reader replaces the
// package's own, which the call gives back natively).
var vars = map[string]string{
	"crypto/rand.Reader": "CryptoReader()",
}

// randKeep are the math/rand(/v2) functions that stay: explicit
// generators, and the global Seed, whose effect on the global source a
// world generator cannot have.
var randKeep = map[string]bool{
	"New": true, "NewSource": true, "NewZipf": true, "Seed": true,
	"NewPCG": true, "NewChaCha8": true,
}

// tbMethods are the methods of plain.TB.
var tbMethods = map[string]bool{
	"Name": true, "Helper": true, "Log": true, "Logf": true, "Error": true, "Errorf": true,
	"Fatal": true, "Fatalf": true, "Fail": true, "FailNow": true, "Failed": true, "Skip": true,
	"Skipf": true, "SkipNow": true, "Skipped": true, "Cleanup": true, "TempDir": true,
	"Setenv": true, "Chdir": true, "Context": true, "Parallel": true, "Run": true,
}

// methodKey is "pkgpath.Type.Method" for a method selection.
func methodKey(sel *types.Selection) string {
	fn, ok := sel.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil {
		return ""
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return ""
	}
	path, name := named(recv.Type())
	if name == "" {
		return ""
	}
	return path + "." + name + "." + fn.Name()
}

// funcKey is "pkgpath.Func" for a package-level function object.
func funcKey(obj types.Object) string {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Type().(*types.Signature).Recv() != nil {
		return ""
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// isTB reports whether t is *testing.T or testing.TB.
func isTB(t types.Type) bool {
	path, name := named(t)
	if path != "testing" {
		return false
	}
	_, ptr := deref(t)
	return (name == "T" && ptr) || (name == "TB" && !ptr)
}

// tbPath finds the test a method selection calls: the receiver itself
// (t.Errorf), or a *testing.T or testing.TB embedded in it (h.Fatalf on
// a harness struct embedding *testing.T), whose field path it returns.
func (r *rw) tbPath(sel *types.Selection) (string, bool) {
	fn, ok := sel.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "testing" {
		return "", false
	}
	t := sel.Recv()
	if isTB(t) {
		return "", true
	}
	var path strings.Builder
	idx := sel.Index()
	for _, i := range idx[:len(idx)-1] {
		base, _ := deref(t)
		st, ok := base.Underlying().(*types.Struct)
		if !ok {
			return "", false
		}
		fld := st.Field(i)
		if !fld.Exported() && fld.Pkg() != r.pkg {
			return "", false
		}
		path.WriteString("." + fld.Name())
		t = fld.Type()
		if isTB(t) {
			return path.String(), true
		}
	}
	return "", false
}

// receiver returns the pieces of a pointer to the receiver of sel: the
// expression x, the implicit field path of an embedded value written
// out, and an & where the value itself is the receiver.
func (r *rw) receiver(x ast.Expr, sel *types.Selection) ([]piece, bool) {
	t := sel.Recv()
	idx := sel.Index()
	var path strings.Builder
	for _, i := range idx[:len(idx)-1] {
		base, _ := deref(t)
		st, ok := base.Underlying().(*types.Struct)
		if !ok {
			return nil, false
		}
		fld := st.Field(i)
		if !fld.Exported() && fld.Pkg() != r.pkg {
			r.note(x.Pos(), "the embedded field %s on the way to %s is not visible here; left as it was", fld.Name(), sel.Obj().Name())
			return nil, false
		}
		path.WriteString("." + fld.Name())
		t = fld.Type()
	}
	_, ptr := deref(t)
	if _, isIface := t.Underlying().(*types.Interface); isIface {
		ptr = true // an interface value is passed as it is
	}
	var ps []piece
	if !ptr {
		ps = append(ps, lit("&"))
	}
	if !isPrimary(x) && (path.Len() > 0 || !ptr) {
		ps = append(ps, lit("("), r.src(x), lit(")"))
	} else {
		ps = append(ps, r.src(x))
	}
	if path.Len() > 0 {
		ps = append(ps, lit(path.String()))
	}
	return ps, true
}

// callArgs are the pieces of a call's arguments in their own source, from
// the first argument to the closing parenthesis, so that a call that
// spans lines keeps them.
func (r *rw) callArgs(call *ast.CallExpr, lead bool) []piece {
	if len(call.Args) == 0 {
		return []piece{r.srcSpan(call.Lparen+1, call.Rparen+1)}
	}
	var ps []piece
	if lead {
		ps = append(ps, lit(", "))
	}
	return append(ps, r.srcSpan(call.Args[0].Pos(), call.Rparen+1))
}

// methodCall finds a call whose receiver becomes plain's first argument.
func (r *rw) methodCall(call *ast.CallExpr) (fn string, recv []piece, ok bool) {
	se, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !isSel {
		return "", nil, false
	}
	sel := r.info.Selections[se]
	if sel == nil || sel.Kind() != types.MethodVal {
		return "", nil, false
	}
	fn, ok = methods[methodKey(sel)]
	if !ok {
		return "", nil, false
	}
	recv, ok = r.receiver(se.X, sel)
	return fn, recv, ok
}

func (r *rw) call(call *ast.CallExpr) {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := r.info.Uses[id].(*types.Builtin); ok {
			r.builtin(call, id, b)
			return
		}
	}
	r.tbArgs(call)
	if r.skip[call] {
		return
	}
	if fn, recv, ok := r.methodCall(call); ok {
		r.skip[ast.Unparen(call.Fun)] = true
		ps := append([]piece{lit(plainName + "." + fn + "(")}, recv...)
		r.add(call.Pos(), call.End(), append(ps, r.callArgs(call, true)...)...)
		return
	}
	var obj types.Object
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		obj = r.info.Uses[fun]
	case *ast.SelectorExpr:
		obj = r.info.Uses[fun.Sel]
		if sel := r.info.Selections[fun]; sel != nil && sel.Kind() == types.MethodVal {
			r.foreignMethod(call, fun, sel)
			return
		}
	}
	if obj == nil || obj.Pkg() == nil {
		return
	}
	switch obj.Pkg().Path() {
	case "sync/atomic":
		if _, ok := obj.(*types.Func); ok && len(call.Args) > 0 {
			a := call.Args[0]
			r.add(a.Pos(), a.End(), lit(plainName+".Point("), r.src(a), lit(")"))
		}
	case "math/rand", "math/rand/v2":
		if fk := funcKey(obj); fk != "" && !randKeep[obj.Name()] && funcs[fk] == "" {
			gen := "Rand()"
			if obj.Pkg().Path() == "math/rand/v2" {
				gen = "RandV2()"
			}
			r.replaceFunc(ast.Unparen(call.Fun), obj, plainName+"."+gen+"."+obj.Name())
		}
	default:
		r.foreignFunc(call, obj)
	}
}

// replaceFunc replaces a reference to a package-level function (x.F or a
// dot-imported F) by text, counting the package use it removes.
func (r *rw) replaceFunc(fun ast.Expr, obj types.Object, text string) {
	switch fun := fun.(type) {
	case *ast.SelectorExpr:
		if id, ok := fun.X.(*ast.Ident); ok {
			if pn, ok := r.info.Uses[id].(*types.PkgName); ok {
				r.dropped[pn]++
			}
		}
		r.skip[fun.Sel] = true
	case *ast.Ident:
		r.skip[fun] = true
	case *ast.IndexExpr, *ast.IndexListExpr:
		return
	}
	r.add(fun.Pos(), fun.End(), lit(text))
}

// selector handles x.M where it is not a call that call rewrites: the
// package functions that plain replaces as values, a test's methods,
// atomic types' methods, and method values that are left as they are.
func (r *rw) selector(se *ast.SelectorExpr) {
	if r.skip[se] {
		return
	}
	if obj := r.info.Uses[se.Sel]; obj != nil {
		if v, ok := obj.(*types.Var); ok && v.Pkg() != nil && !r.isAssigned(se) {
			if call, ok := vars[v.Pkg().Path()+"."+v.Name()]; ok {
				if _, isPkg := r.info.Uses[identOf(se.X)].(*types.PkgName); isPkg {
					r.replaceFunc(se, obj, plainName+"."+call)
					return
				}
			}
		}
		if fn, ok := funcs[funcKey(obj)]; ok {
			if _, isPkg := r.info.Uses[identOf(se.X)].(*types.PkgName); isPkg {
				r.replaceFunc(se, obj, plainName+"."+fn)
				return
			}
		}
		if fk := funcKey(obj); fk != "" && (obj.Pkg().Path() == "math/rand" || obj.Pkg().Path() == "math/rand/v2") && !randKeep[obj.Name()] && !r.isCallee(se) {
			r.note(se.Pos(), "%s used as a value is left as it was (it draws from the global source)", fk)
		}
	}
	sel := r.info.Selections[se]
	if sel == nil {
		return
	}
	switch sel.Kind() {
	case types.MethodVal:
		if path, ok := r.tbPath(sel); ok {
			if !r.isCallee(se) {
				r.note(se.Pos(), "method value %s of a test is left as it was", se.Sel.Name)
				return
			}
			if !tbMethods[se.Sel.Name] {
				r.note(se.Pos(), "testing method %s is not part of plain.TB; left as it was", se.Sel.Name)
				return
			}
			x := r.src(se.X)
			if path != "" && !isPrimary(se.X) {
				r.add(se.X.Pos(), se.X.End(), lit(plainName+".T(("), x, lit(")"+path+")"))
			} else {
				r.add(se.X.Pos(), se.X.End(), lit(plainName+".T("), x, lit(path+")"))
			}
			return
		}
		if path, _ := named(sel.Obj().Type().(*types.Signature).Recv().Type()); path == "sync/atomic" {
			if !r.isCallee(se) {
				r.note(se.Pos(), "method value %s of an atomic is left as it was", se.Sel.Name)
				return
			}
			recv, ok := r.receiver(se.X, sel)
			if !ok {
				return
			}
			ps := append([]piece{lit(plainName + ".Point(")}, recv...)
			r.add(se.X.Pos(), se.X.End(), append(ps, lit(")"))...)
			return
		}
		if fn, ok := methods[methodKey(sel)]; ok && !r.isCallee(se) {
			r.methodValue(se, sel, fn)
		}
	case types.MethodExpr:
		if _, ok := methods[methodKey(sel)]; ok {
			r.note(se.Pos(), "method expression %s is left as it was", r.text(se))
		}
	}
}

// methodValue rewrites x.M, a method value of a method that plain replaces
// (timer.Stop returned as a func() bool, wg.Done passed as a callback),
// into plain's function bound to the receiver, which is evaluated where
// the method value is, as Go binds it:
//
//	execsim_plain.Bind0R(execsim_plain.TimerStop, timer)
//
// Left as it was, the native method would run on a value whose state is
// the world's (a world's *time.Timer is not a runtime timer at all).
func (r *rw) methodValue(se *ast.SelectorExpr, sel *types.Selection, fn string) {
	sig := sel.Obj().Type().(*types.Signature)
	var bind string
	switch {
	case sig.Params().Len() == 0 && sig.Results().Len() == 0:
		bind = "Bind0"
	case sig.Params().Len() == 0 && sig.Results().Len() == 1:
		bind = "Bind0R"
	case sig.Params().Len() == 1 && sig.Results().Len() == 0 && !sig.Variadic():
		bind = "Bind1"
	case sig.Params().Len() == 1 && sig.Results().Len() == 1 && !sig.Variadic():
		bind = "Bind1R"
	default:
		r.note(se.Pos(), "method value %s of %s is left as it was (a call would be rewritten)", se.Sel.Name, r.typeStr(sel.Recv()))
		return
	}
	recv, ok := r.receiver(se.X, sel)
	if !ok {
		return
	}
	ps := append([]piece{lit(plainName + "." + bind + "(" + plainName + "." + fn + ", ")}, recv...)
	r.add(se.Pos(), se.End(), append(ps, lit(")"))...)
}

// isAssigned reports whether e is assigned to or has its address taken
// where it stands: the left of an assignment, or the operand of &.
func (r *rw) isAssigned(e ast.Expr) bool {
	switch p := r.parent(1).(type) {
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == e {
				return true
			}
		}
	case *ast.UnaryExpr:
		return p.Op == token.AND
	}
	return false
}

// ident handles a dot-imported function of the table.
func (r *rw) ident(id *ast.Ident) {
	if r.skip[id] {
		return
	}
	if se, ok := r.parent(1).(*ast.SelectorExpr); ok && se.Sel == id {
		return
	}
	obj := r.info.Uses[id]
	if obj == nil {
		return
	}
	if fn, ok := funcs[funcKey(obj)]; ok {
		if pn := r.dotImport(obj.Pkg()); pn != nil {
			r.dropped[pn]++
		}
		r.add(id.Pos(), id.End(), lit(plainName+"."+fn))
	}
}

// dotImport is the dot import of p in this file, or nil.
func (r *rw) dotImport(p *types.Package) *types.PkgName {
	for _, spec := range r.f.Imports {
		if spec.Name != nil && spec.Name.Name == "." {
			if pn := r.importName(spec); pn != nil && pn.Imported() == p {
				return pn
			}
		}
	}
	return nil
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := e.(*ast.Ident)
	return id
}

// isCallee reports whether e (the node being visited) is the function of
// the enclosing call.
func (r *rw) isCallee(e ast.Expr) bool {
	for up := 1; ; up++ {
		switch p := r.parent(up).(type) {
		case *ast.ParenExpr:
			continue
		case *ast.CallExpr:
			return ast.Unparen(p.Fun) == e
		default:
			return false
		}
	}
}

// tbArgs wraps a test's t passed where the parameter is an interface other
// than testing.TB, whose methods plain.TB has (testify's TestingT,
// goleak's), so that the callee's failures reach the seed's test.
func (r *rw) tbArgs(call *ast.CallExpr) {
	tv, ok := r.info.Types[call.Fun]
	if !ok || tv.IsType() {
		return
	}
	sig, ok := tv.Type.Underlying().(*types.Signature)
	if !ok {
		return
	}
	params := sig.Params()
	for i, a := range call.Args {
		if !isTB(r.typeOf(a)) || params.Len() == 0 {
			continue
		}
		var pt types.Type
		if sig.Variadic() && i >= params.Len()-1 {
			if call.Ellipsis.IsValid() {
				continue
			}
			pt = params.At(params.Len() - 1).Type().(*types.Slice).Elem()
		} else if i < params.Len() {
			pt = params.At(i).Type()
		} else {
			continue
		}
		it, ok := pt.Underlying().(*types.Interface)
		if !ok || it.NumMethods() == 0 {
			continue
		}
		if path, name := named(pt); path == "testing" && name == "TB" {
			continue
		}
		all := true
		for j := 0; j < it.NumMethods(); j++ {
			all = all && tbMethods[it.Method(j).Name()]
		}
		if !all {
			r.note(a.Pos(), "t passed as %v, which needs methods plain.TB lacks; left as it was", r.typeStr(pt))
			continue
		}
		r.add(a.Pos(), a.End(), lit(plainName+".T("), r.src(a), lit(")"))
	}
}

// quoted is a Go string literal.
func quoted(s string) string { return strconv.Quote(s) }

// importName is the package name an import declares.
func (r *rw) importName(spec *ast.ImportSpec) *types.PkgName {
	if spec.Name != nil {
		if pn, ok := r.info.Defs[spec.Name].(*types.PkgName); ok {
			return pn
		}
	}
	pn, _ := r.info.Implicits[spec].(*types.PkgName)
	return pn
}
