package gotest

import (
	"fmt"
	"strconv"
	"strings"
)

// The bounds of execsim's flags: simtest's own (simtest/flags.go and
// simtest/options.go), checked here too, so that a bad value is a usage
// error of the command, before anything is built.
const (
	seedsMax = 1_000_000
	depthMax = 64
)

// testArgs is an execsim test command line, split into execsim's flags and
// the rest, which goes to go test in its order.
type testArgs struct {
	seeds    int // 0: simtest's default
	seed     uint64
	seedSet  bool
	strategy string // "": simtest's default (random)
	depth    int    // 0: PCT's default
	rewrite  []string
	keep     string
	verbose  bool

	goArgs     []string // everything for go test but -args and after, packages included, in order
	pkgs       []string // the packages among goArgs
	binArgs    []string // -args and what follows it
	buildFlags []string // the go flags among goArgs that change what a package is (for go list)
	vetGiven   bool
}

// A usageError is a bad command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf("execsim: "+format, args...)}
}

// goValueFlags are the go test and build flags that take a value, so that
// a value given as the next argument (-run TestX) is not taken for a
// package. Flags of the test binary (-execsim.seed, -test.run) go
// through as they are; give their values with "=".
var goValueFlags = map[string]bool{
	"run": true, "skip": true, "bench": true, "benchtime": true, "count": true, "cpu": true,
	"parallel": true, "timeout": true, "tags": true, "o": true, "p": true, "coverprofile": true,
	"covermode": true, "coverpkg": true, "cpuprofile": true, "memprofile": true, "memprofilerate": true,
	"blockprofile": true, "blockprofilerate": true, "mutexprofile": true, "mutexprofilefraction": true,
	"trace": true, "outputdir": true, "list": true, "fuzz": true, "fuzztime": true,
	"fuzzminimizetime": true, "exec": true, "gcflags": true, "ldflags": true, "asmflags": true,
	"gccgoflags": true, "mod": true, "modfile": true, "pkgdir": true, "toolexec": true, "pgo": true,
	"shuffle": true, "vet": true, "compiler": true, "installsuffix": true, "buildmode": true,
	"overlay": true, "C": true, "reuse": true,
}

// goBuildFlags are the go flags that change which files make a package or
// how they type-check: go list and the rewriter get them too.
var goBuildFlags = map[string]bool{"tags": true, "mod": true, "modfile": true, "race": true, "msan": true, "asan": true}

// parseTest splits the arguments of execsim test.
func parseTest(args []string) (*testArgs, error) {
	a := &testArgs{}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "-args" || arg == "--args" {
			a.binArgs = append(a.binArgs, args[i:]...)
			break
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			a.pkgs = append(a.pkgs, arg)
			a.goArgs = append(a.goArgs, arg)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		// next takes the flag's value: after "=", or the next argument.
		next := func() (string, error) {
			if hasValue {
				return value, nil
			}
			if i+1 >= len(args) {
				return "", usagef("flag needs an argument: -%s", name)
			}
			i++
			return args[i], nil
		}
		switch name {
		case "seeds", "seed", "strategy", "pct-depth", "rewrite", "keep":
			v, err := next()
			if err != nil {
				return nil, err
			}
			if err := a.set(name, v); err != nil {
				return nil, err
			}
			continue
		case "v":
			// go test's -v too: execsim's -v says what it does, and passes on.
			b, err := boolValue(name, value, hasValue)
			if err != nil {
				return nil, err
			}
			a.verbose = b
		case "overlay":
			return nil, usagef("-overlay: execsim writes the overlay of the rewritten files itself")
		case "C":
			return nil, usagef("-C: run execsim in the directory instead")
		case "toolexec":
			// allowed: it wraps the tools, execsim only overlays files
		}
		if name == "vet" {
			a.vetGiven = true
		}
		flagArgs := []string{arg}
		if goValueFlags[name] && !hasValue {
			v, err := next()
			if err != nil {
				return nil, err
			}
			flagArgs = append(flagArgs, v)
		}
		a.goArgs = append(a.goArgs, flagArgs...)
		if goBuildFlags[name] {
			a.buildFlags = append(a.buildFlags, strings.Join(flagArgs, "="))
		}
	}
	if a.seedSet && a.seeds != 0 {
		return nil, usagef("-seed and -seeds conflict: give one seed or a number of seeds")
	}
	if a.depth != 0 && a.strategy != "pct" {
		return nil, usagef("-pct-depth: only the pct strategy has a depth (add -strategy pct)")
	}
	if len(a.pkgs) == 0 {
		a.pkgs = []string{"."}
		a.goArgs = append(a.goArgs, ".")
	}
	return a, nil
}

func (a *testArgs) set(name, v string) error {
	switch name {
	case "seeds":
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > seedsMax {
			return usagef("-seeds: %q: want a number of seeds, 1 to %d", v, seedsMax)
		}
		a.seeds = n
	case "seed":
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return usagef("-seed: %q: want a seed, 0 to %d", v, uint64(1<<64-1))
		}
		a.seed, a.seedSet = n, true
	case "strategy":
		if v != "random" && v != "pct" {
			return usagef("-strategy: unknown strategy %q (known: random, pct)", v)
		}
		a.strategy = v
	case "pct-depth":
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > depthMax {
			return usagef("-pct-depth: %q: want a depth, 1 to %d", v, depthMax)
		}
		a.depth = n
	case "rewrite":
		if v == "" {
			return usagef("-rewrite: empty package pattern")
		}
		a.rewrite = append(a.rewrite, v)
	case "keep":
		if v == "" {
			return usagef("-keep: empty directory name")
		}
		a.keep = v
	}
	return nil
}

func boolValue(name, value string, hasValue bool) (bool, error) {
	if !hasValue {
		return true, nil
	}
	b, err := strconv.ParseBool(value)
	if err != nil {
		return false, usagef("-%s: %q: want true or false", name, value)
	}
	return b, nil
}

// env is the environment simtest reads in the test binaries (simtest's
// EXECSIM_* variables) for these flags, plus EXECSIM_REWRITE, under which
// plain.Test runs its body in worlds, and EXECSIM_COMMAND, the command a
// failure prints to reproduce it. Variables the flags replace are dropped
// from base, so that a stale EXECSIM_SEEDS in the shell does not conflict
// with -seed.
func (a *testArgs) env(base []string, command string) []string {
	set := map[string]string{"EXECSIM_REWRITE": "1", "EXECSIM_COMMAND": command}
	if a.seeds != 0 {
		set["EXECSIM_SEEDS"] = strconv.Itoa(a.seeds)
	}
	if a.seedSet {
		set["EXECSIM_SEED"] = strconv.FormatUint(a.seed, 10)
	}
	if a.strategy != "" {
		set["EXECSIM_STRATEGY"] = a.strategy
	}
	if a.depth != 0 {
		set["EXECSIM_DEPTH"] = strconv.Itoa(a.depth)
	}
	drop := map[string]bool{}
	for k := range set {
		drop[k] = true
	}
	if a.seedSet {
		drop["EXECSIM_SEEDS"] = true
	}
	if a.seeds != 0 {
		drop["EXECSIM_SEED"] = true
	}
	var env []string
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		if !drop[k] {
			env = append(env, kv)
		}
	}
	// In a fixed order, so that -v prints the same line every time.
	for _, k := range []string{"EXECSIM_REWRITE", "EXECSIM_COMMAND", "EXECSIM_SEEDS", "EXECSIM_SEED", "EXECSIM_STRATEGY", "EXECSIM_DEPTH"} {
		if v, ok := set[k]; ok {
			env = append(env, k+"="+v)
		}
	}
	return env
}
