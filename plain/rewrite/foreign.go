package rewrite

import (
	"go/ast"
	"go/types"
	"strings"
)

// Calls the world cannot schedule become plain.Foreign(f, "name")(args),
// which in a world fails the run at once, naming the call and its line.
// Only calls that can block on the outside world are listed: net.ParseIP
// or http.StatusText must keep working in a world.

var foreignFuncs = map[string]bool{
	"net/http.Get": true, "net/http.Head": true, "net/http.Post": true, "net/http.PostForm": true,
	"net/http.ListenAndServe": true, "net/http.ListenAndServeTLS": true,
	"net/http.Serve": true, "net/http.ServeTLS": true,
	"os/signal.Notify": true,
}

var foreignMethods = map[string]bool{
	"net/http.Client.Do": true, "net/http.Client.Get": true, "net/http.Client.Head": true,
	"net/http.Client.Post": true, "net/http.Client.PostForm": true,
	"net/http.Server.ListenAndServe": true, "net/http.Server.ListenAndServeTLS": true,
	"net/http.Server.Serve": true, "net/http.Server.ServeTLS": true, "net/http.Server.Shutdown": true,
	"net/http.Transport.RoundTrip": true, "net/http.RoundTripper.RoundTrip": true,
	"os/exec.Cmd.Run": true, "os/exec.Cmd.Start": true, "os/exec.Cmd.Wait": true,
	"os/exec.Cmd.Output": true, "os/exec.Cmd.CombinedOutput": true,
	"io.PipeReader.Read": true, "io.PipeWriter.Write": true,
}

// netBlocking reports whether a function or method name of package net
// can wait on the network or on a resolver.
func netBlocking(name string) bool {
	for _, p := range []string{"Dial", "Listen", "Lookup", "Resolve", "Accept", "Read", "Write"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func generic(obj types.Object) bool {
	sig, ok := obj.Type().(*types.Signature)
	return ok && sig.TypeParams().Len() > 0
}

func (r *rw) foreignFunc(call *ast.CallExpr, obj types.Object) {
	fk := funcKey(obj)
	if fk == "" || generic(obj) {
		return
	}
	path := obj.Pkg().Path()
	if !(foreignFuncs[fk] || path == "syscall" || (path == "net" && netBlocking(obj.Name()))) {
		return
	}
	r.foreign(call, obj.Pkg().Name()+"."+obj.Name())
}

func (r *rw) foreignMethod(call *ast.CallExpr, se *ast.SelectorExpr, sel *types.Selection) {
	mk := methodKey(sel)
	if mk == "" || generic(sel.Obj()) {
		return
	}
	fn := sel.Obj().(*types.Func)
	path := fn.Pkg().Path()
	if !(foreignMethods[mk] || path == "syscall" || (path == "net" && netBlocking(fn.Name()))) {
		return
	}
	_, typeName := named(fn.Type().(*types.Signature).Recv().Type())
	if path == "net" && typeName == "Buffers" {
		return // reads and writes memory
	}
	r.foreign(call, fn.Pkg().Name()+"."+typeName+"."+fn.Name())
}

func (r *rw) foreign(call *ast.CallExpr, what string) {
	r.add(call.Fun.Pos(), call.Fun.End(), lit(plainName+".Foreign("), r.src(call.Fun), lit(", "+quoted(what)+")"))
}
