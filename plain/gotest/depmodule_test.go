package gotest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// -rewrite of a package of the module cache (errgroup): its go statement
// starts world goroutines, so the workers the fixture leaves blocked are
// a leak reported with their stacks through errgroup's source (named in
// the module cache, not the copy), and the fixed twin passes. The second
// run reuses the copy and the rewrite; without -rewrite errgroup's
// goroutines are native, and the world reports their first plain call as
// one from a goroutine it did not start. The module's go.mod and go.sum
// are never touched.
func TestRewriteDependency(t *testing.T) {
	root := moduleRoot(t)
	if !plainInWorlds() {
		t.Skip("package plain's calls are native in this build")
	}
	gomodcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	require.NoError(t, err)
	errgroupSrc := regexp.QuoteMeta(filepath.Join(strings.TrimSpace(string(gomodcache)), "golang.org/x/sync@v0.23.0/errgroup/errgroup.go"))
	gomod, gosum := readFile(t, filepath.Join(root, "go.mod")), readFile(t, filepath.Join(root, "go.sum"))
	fixture := filepath.Join("testdata", "errgroupleak", "first.go")
	spawn, send, rng := lineOf(t, fixture, "marker: spawn"), lineOf(t, fixture, "marker: send"), lineOf(t, fixture, "marker: range")
	cache := t.TempDir()
	const pkg, dep = "./plain/gotest/testdata/errgroupleak", "golang.org/x/sync/errgroup"

	code, out := execsimReal(t, root, cache, "test", pkg, "-count=1", "-v", "-seeds=50", "-rewrite", dep)
	require.Equal(t, 1, code, out)
	require.Regexp(t, `execsim: rewrote \d+ file\(s\) in 2 package\(s\)`, out)
	require.Contains(t, out, "seed 0 (run 1 of 50), strategy random: leak")
	require.Regexp(t, `goroutine \d+ "errgroup\.\(\*Group\)\.Go" \(started at \S+/errgroupleak/first\.go:`+spawn+`\)\n\s+blocked in chan send on \S+ chan #\d+ \(since 0s\) at \S+/errgroupleak/first\.go:`+send, out)
	require.Regexp(t, `golang\.org/x/sync/errgroup\.\(\*Group\)\.Go\.func1\(\)\n\s+`+errgroupSrc+`:\d+`, out, "errgroup's frames name its source in the module cache")
	require.Contains(t, out, "--- FAIL: TestBuggy")
	require.Contains(t, out, "--- PASS: TestFixed")
	copied := filepath.Join(cache, "modules", "golang.org/x/sync@v0.23.0")
	require.Contains(t, out, "execsim: module golang.org/x/sync@v0.23.0 is rewritten in its copy "+copied+"\n")
	require.FileExists(t, filepath.Join(copied, "errgroup", "errgroup.go"))
	require.FileExists(t, filepath.Join(copied, "go.mod"))
	before, err := os.Stat(copied)
	require.NoError(t, err)

	code, out = execsimReal(t, root, cache, "test", pkg, "-run", "^TestFixed$", "-count=1", "-v", "-seeds=200", "-strategy=pct", "-rewrite", dep)
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "execsim: reused the rewrite of ")
	require.Regexp(t, `passed: 0 saved schedule\(s\) and 200 seed\(s\) 0\.\.199`, out)
	after, err := os.Stat(copied)
	require.NoError(t, err)
	require.True(t, os.SameFile(before, after), "the copy is made once")

	code, out = execsimReal(t, root, cache, "test", pkg, "-run", "^TestBuggy$", "-count=1", "-seeds=5")
	require.Equal(t, 1, code, out)
	// When the native worker's call lands (before the world blocks, or
	// while it waits at quiescence) is the wall clock's: the replay that
	// checks determinism may see it at the other place, and then the
	// verdict is nondeterministic, with the same call reported.
	require.Regexp(t, `strategy random: (unreachable|nondeterministic)`, out)
	require.Regexp(t, `plain\.(RangeChan|RecvNext) at \S+/errgroupleak/first\.go:`+rng+`: called from a goroutine the world did not start`, out)
	require.NotContains(t, out, "errgroup.(*Group).Go\" (started", "errgroup's goroutines are not the world's")

	require.Equal(t, gomod, readFile(t, filepath.Join(root, "go.mod")))
	require.Equal(t, gosum, readFile(t, filepath.Join(root, "go.sum")))
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

// What -rewrite refuses, naming the pattern or the package: execsim's
// runtime, a pattern that matches nothing that can be rewritten, one that
// matches nothing the tests build, and a -modfile of the user's own with a
// package of the module cache (which needs execsim's -modfile).
func TestRewriteDependencyRefusals(t *testing.T) {
	root := moduleRoot(t)
	g := goTool{path: "go", dir: root, env: os.Environ()}
	pool := []string{"./plain/gotest/testdata/pool"}
	for pattern, want := range map[string]string{
		execsimModule + "/sim":                 execsimModule + "/sim is execsim's runtime",
		"./simtest/...":                        "-rewrite ./simtest/...: matches no package that the tests of", // a wildcard leaves the runtime out, unrefused
		"net/...":                              "-rewrite net/...: matches no package that can be rewritten",
		"golang.org/x/sync/semaphore":          "-rewrite golang.org/x/sync/semaphore: matches no package that the tests of ./plain/gotest/testdata/pool build",
		"golang.org/x/sync/nosuchpkg":          "-rewrite golang.org/x/sync/nosuchpkg: ",
		"github.com/stretchr/testify/require/": "", // as go list cleans it
	} {
		_, err := toRewrite(g, nil, pool, []string{pattern})
		if want == "" {
			require.NoError(t, err, pattern)
			continue
		}
		require.ErrorContains(t, err, want, pattern)
	}

	code, out := execsimReal(t, root, t.TempDir(), "test", "-modfile=go.mod", "./plain/gotest/testdata/errgroupleak", "-rewrite", "golang.org/x/sync/errgroup")
	require.Equal(t, 2, code, out)
	require.Contains(t, out, "-modfile: -rewrite of a package of golang.org/x/sync@v0.23.0, in the module cache, needs a -modfile of execsim's own")
}

// A module without a go.mod (one from before modules) gets the go.mod the
// go command made up for it; every file is there; a copy that exists is
// kept as it is; a cache beneath GOMODCACHE is refused.
func TestCopyModule(t *testing.T) {
	gomodcache, cache := t.TempDir(), t.TempDir()
	dir := filepath.Join(gomodcache, "example.com", "old@v1.0.0")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "old.go"), []byte("package old\n"), 0o444))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "data.txt"), []byte("embedded\n"), 0o444))
	made := filepath.Join(gomodcache, "cache", "download", "v1.0.0.mod")
	require.NoError(t, os.MkdirAll(filepath.Dir(made), 0o755))
	require.NoError(t, os.WriteFile(made, []byte("module example.com/old\n"), 0o444))

	p := listed{ImportPath: "example.com/old", Dir: dir,
		Module: &listedModule{Path: "example.com/old", Version: "v1.0.0", Dir: dir, GoMod: made}}
	mods, err := depModules([]listed{p}, gomodcache, cache)
	require.NoError(t, err)
	require.Len(t, mods, 1)
	require.Equal(t, filepath.Join(cache, "modules", "example.com", "old@v1.0.0"), mods[0].Copy)

	require.NoError(t, copyModule(mods[0]))
	require.Equal(t, "package old\n", readFile(t, filepath.Join(mods[0].Copy, "old.go")))
	require.Equal(t, "embedded\n", readFile(t, filepath.Join(mods[0].Copy, "sub", "data.txt")))
	require.Equal(t, "module example.com/old\n", readFile(t, filepath.Join(mods[0].Copy, "go.mod")))
	require.NoError(t, os.WriteFile(filepath.Join(mods[0].Copy, "mark"), nil, 0o644))
	require.NoError(t, copyModule(mods[0]))
	require.FileExists(t, filepath.Join(mods[0].Copy, "mark"), "an existing copy is kept")
	left, err := filepath.Glob(filepath.Join(filepath.Dir(mods[0].Copy), ".tmp-*"))
	require.NoError(t, err)
	require.Empty(t, left, "no half-made copy left")

	_, err = depModules([]listed{p}, gomodcache, filepath.Join(gomodcache, "x"))
	require.ErrorContains(t, err, "is beneath GOMODCACHE")
}

// A module that requires an older golang.org/x/sync than execsim does is
// built with execsim's (the build list's) version, and a -rewrite of one of
// its packages rewrites that version's copy: listed before execsim's
// requirements were completed, the package named the older version, and
// the go command refused the overlay of the newer one in the module cache.
func TestRewriteDependencyOlderThanExecsims(t *testing.T) {
	moduleRoot(t) // skips where go test cannot run
	if out, err := exec.Command("go", "mod", "download", "golang.org/x/sync@v0.22.0").CombinedOutput(); err != nil {
		t.Skipf("golang.org/x/sync@v0.22.0, which the fixture requires, is not in the module cache and cannot be fetched: %v\n%s", err, out)
	}
	_, code, out := execsimOnFixture(t, "oldsync", "-seeds=5", "-rewrite", "golang.org/x/sync/semaphore")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "execsim: module golang.org/x/sync@v0.23.0 is rewritten in its copy")
	require.Contains(t, out, "--- PASS: TestBoth")
	require.Regexp(t, `passed: 0 saved schedule\(s\) and 5 seed\(s\) 0\.\.4`, out)
}
