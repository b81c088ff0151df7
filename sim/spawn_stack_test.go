package sim

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/internal/testsource"
	"github.com/stretchr/testify/require"
)

// frames expands a stack of return addresses into function:line text.
func frames(pcs []uintptr) []string {
	var out []string
	fs := runtime.CallersFrames(pcs)
	for {
		f, more := fs.Next()
		if f.PC != 0 {
			out = append(out, f.Function+":"+strconv.Itoa(f.Line))
		}
		if !more {
			return out
		}
	}
}

//go:noinline
func probeStacks() (fp, callers spawnStack) {
	fp = callerStack(getfp())
	runtime.Callers(2, callers[:])
	return fp, callers
}

func inlinedProbe() (fp, callers spawnStack) { return probeStacks() }

// callerStack reads the same frames as runtime.Callers, whether its caller
// is called from a plain function, from one inlined into its caller, or
// from a closure.
func TestCallerStack(t *testing.T) {
	check := func(fp, callers spawnStack) {
		t.Helper()
		a, b := frames(fp[:]), frames(callers[:])
		n := min(len(a), len(b))
		require.NotZero(t, n)
		require.Equal(t, b[:n-1], a[:n-1], "frames by frame pointer against runtime.Callers")
	}
	check(probeStacks())
	check(inlinedProbe())
	func() { check(probeStacks()) }()
	done := make(chan struct{})
	go func() { defer close(done); check(probeStacks()) }()
	<-done
}

// Every way the kit starts a goroutine names the line that asked for it.
func TestSpawnSites(t *testing.T) {
	sites := map[string]string{}
	res := Run(Options{Seed: 1}, func(rt Runtime) {
		w := rt.(*world)
		last := func() string { return w.gs[len(w.gs)-1].spawnAt.site() }
		rt.Go("go", func() {}) // site: go
		sites["go"] = last()
		g := NewGroup(rt, "group")
		g.Go("group", func() {}) // site: group
		sites["group"] = last()
		require.NoError(t, g.Wait(context.Background()))
		wg := rt.NewWaitGroup()
		wg.Go("wg", func() {}) // site: waitgroup
		sites["waitgroup"] = last()
		wg.Wait()
		AfterFunc(rt, time.Millisecond, func() { sites["afterfunc"] = last() }) // site: afterfunc
		ctx, cancel := rt.WithCancel(context.Background())
		ContextAfterFunc(rt, ctx, func() { sites["contextafterfunc"] = last() }) // site: contextafterfunc
		cancel()
		rt.Sleep(time.Second)
	})
	require.NoError(t, res.Err())
	for _, name := range []string{"go", "group", "waitgroup", "afterfunc", "contextafterfunc"} {
		require.Contains(t, sites, name)
		require.True(t, strings.HasSuffix(sites[name], "spawn_stack_test.go:"+testsource.Line(t, "spawn_stack_test.go", "// site: "+name)), "%s: %s", name, sites[name])
	}
}
