package gotest

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/execsim/execsim/plain"
	"github.com/execsim/execsim/sim"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var update = flag.Bool("update", false, "rewrite testdata/help.txt")

// handRewriter stands for package plain/rewrite in these tests: it answers
// with the files rewritten by hand next to the originals (pool_test.go:
// pool_test.go.rewritten), with the //line directive the rewriter puts
// first, so that the pipeline is tested apart from the rewriter.
type handRewriter struct{}

func (handRewriter) Version() string { return "hand" }

func (handRewriter) Rewrite(req Request) (*Rewritten, error) {
	args := append(append([]string{"list", "-f", "{{.Dir}}"}, req.BuildFlags...), req.Patterns...)
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = req.Dir, req.Env
	out, err := cmd.Output()
	if err != nil {
		return nil, err
	}
	res := &Rewritten{Files: map[string][]byte{}}
	for _, dir := range strings.Fields(string(out)) {
		hand, _ := filepath.Glob(filepath.Join(dir, "*.go.rewritten"))
		for _, f := range hand {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			orig := strings.TrimSuffix(f, ".rewritten")
			res.Files[orig] = append([]byte("//line "+orig+":1\n"), data...)
			res.Notes = append(res.Notes, Note{Pos: orig + ":1:1", Msg: "rewritten by hand"})
		}
	}
	return res, nil
}

// moduleRoot is execsim's module directory; tests that run go test skip
// under -short.
func moduleRoot(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs go test on fixture packages")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	require.FileExists(t, filepath.Join(root, "go.mod"))
	return root
}

// execsim runs the command in dir with the hand rewriter and a cache of
// the test's own, and returns its exit status and output.
func execsim(t *testing.T, dir, cache string, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	c := &Command{Stdout: &out, Stderr: &out, Dir: dir, Rewriter: handRewriter{}, CacheDir: cache,
		// The failing fixtures' schedules are not kept in the repository.
		Env: append(os.Environ(), "EXECSIM_PERSIST=false")}
	code := c.Main(args)
	return code, out.String()
}

// lineOf is the line of file that holds marker.
func lineOf(t *testing.T, file, marker string) string {
	t.Helper()
	src, err := os.ReadFile(file)
	require.NoError(t, err)
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, marker) {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("no line of %s holds %q", file, marker)
	return ""
}

// shellWords splits a command line as sh would, for the quoting
// simtest's repro lines use ('...').
func shellWords(s string) []string {
	var words []string
	var w strings.Builder
	in, any := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			in, any = !in, true
		case r == ' ' && !in:
			if any {
				words = append(words, w.String())
			}
			w.Reset()
			any = false
		default:
			w.WriteRune(r)
			any = true
		}
	}
	if any {
		words = append(words, w.String())
	}
	return words
}

// The buggy fixtures fail with a seed, the report names the leaked worker
// and its spawn line, the repro line pasted fails the same way, and the
// fixed twin passes every seed under both strategies.
func TestPlainTestsUnderSeeds(t *testing.T) {
	root := moduleRoot(t)
	cache := t.TempDir()
	spawn := lineOf(t, filepath.Join("testdata", "pool", "pool.go"), "marker: spawn")

	code, out := execsim(t, root, cache, "test", "./plain/gotest/testdata/pool", "-count=1", "-v", "-seeds", "100")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "execsim: not rewritten: "+filepath.Join(root, "plain/gotest/testdata/pool/pool_test.go")+":1:1: rewritten by hand")
	require.Contains(t, out, "execsim: rewrote 1 file(s) in 1 package(s)")
	require.Contains(t, out, "seed 0 (run 1 of 100), strategy random: leak")
	require.Regexp(t, `goroutine \d+ "worker 0" \(started at \S+/plain/gotest/testdata/pool/pool\.go:`+spawn+`\)\n\s+blocked in chan receive`, out)
	require.Regexp(t, `strategy random: check\n`, out, "TestNoWait's require fails a seed")
	require.Contains(t, out, "Shutdown waits for the submitted job")
	require.Contains(t, out, "--- PASS: TestFixed")

	m := regexp.MustCompile(`reproduce from the module root:\n\s+(go run ./cmd/execsim test .*-run '\^TestLeak\$'.*)\n`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	require.Equal(t, "go run ./cmd/execsim test ./plain/gotest/testdata/pool -run '^TestLeak$' -seed=0", m[1])
	words := shellWords(m[1])
	code, again := execsim(t, root, cache, append(words[3:], "-count=1")...)
	require.Equal(t, 1, code, again)
	require.Contains(t, again, "seed 0 (run 1 of 1), strategy random: leak")
	require.Contains(t, again, "pool.go:"+spawn+")")

	code, out = execsim(t, root, cache, "test", "./plain/gotest/testdata/pool", "-run", "^TestFixed$", "-count=1", "-v", "-seeds", "300", "-strategy", "pct", "-pct-depth", "3")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "execsim: reused the rewrite of 1 file(s)", "nothing changed since the first run")
	require.Contains(t, out, "strategy pct depth=3")
	require.Regexp(t, `passed: 0 saved schedule\(s\) and 300 seed\(s\) 0\.\.299`, out)
	require.Contains(t, out, "EXECSIM_REWRITE=1 EXECSIM_COMMAND=go run ./cmd/execsim test EXECSIM_SEEDS=300 EXECSIM_STRATEGY=pct EXECSIM_DEPTH=3 go test -overlay=")
}

// plainInWorlds reports whether package plain's calls act in a world (a
// go statement starts a world goroutine) rather than natively.
func plainInWorlds() bool {
	res := sim.Run(sim.Options{}, func(sim.Runtime) { plain.Go(func() {}) })
	return res.Failure == nil && len(res.Goroutines) > 1
}

// The same with plain Go rewritten by hand as the rewriter's table says:
// the worker a go statement started, left blocked on a channel by a
// Shutdown that forgot to close it, is reported as a leak with the go
// statement's line; the fixed twin passes.
func TestPlainGoLeak(t *testing.T) {
	root := moduleRoot(t)
	if !plainInWorlds() {
		t.Skip("package plain's calls are native in this build: its world behaviour is not here yet")
	}
	spawn := lineOf(t, filepath.Join("testdata", "plainleak", "pool.go"), "marker: spawn")
	code, out := execsim(t, root, t.TempDir(), "test", "./plain/gotest/testdata/plainleak", "-count=1", "-v", "-seeds=200")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "seed 0 (run 1 of 200), strategy random: leak")
	require.Regexp(t, `started at \S+/plain/gotest/testdata/plainleak/pool\.go:`+spawn+`\)`, out)
	require.Contains(t, out, "--- FAIL: TestBuggy")
	require.Contains(t, out, "--- PASS: TestFixed")
}

// The same fixture through the real rewriter (package plain/rewrite, the
// default Rewriter) rather than by hand: the leak is found with the go
// statement's line, the fixed twin passes.
func TestRewriterFindsPlainGoLeak(t *testing.T) {
	root := moduleRoot(t)
	if !plainInWorlds() {
		t.Skip("package plain's calls are native in this build")
	}
	spawn := lineOf(t, filepath.Join("testdata", "plainleak", "pool.go"), "marker: spawn")
	var out bytes.Buffer
	c := &Command{Stdout: &out, Stderr: &out, Dir: root, CacheDir: t.TempDir(),
		Env: append(os.Environ(), "EXECSIM_PERSIST=false")}
	code := c.Main([]string{"test", "./plain/gotest/testdata/plainleak", "-count=1", "-v", "-seeds=200"})
	require.Equal(t, 1, code, out.String())
	require.Contains(t, out.String(), "execsim: rewrote 2 file(s) in 1 package(s)")
	require.Regexp(t, `started at \S+/plain/gotest/testdata/plainleak/pool\.go:`+spawn+`\)`, out.String())
	require.Contains(t, out.String(), "--- FAIL: TestBuggy")
	require.Contains(t, out.String(), "--- PASS: TestFixed")
}

// -keep writes the rewritten files and the overlay where a person can
// read them, and go test runs from them.
func TestKeep(t *testing.T) {
	root := moduleRoot(t)
	dir := t.TempDir()
	code, out := execsim(t, root, t.TempDir(), "test", "./plain/gotest/testdata/pool", "-run", "^TestFixed$", "-seeds=5", "-keep", dir)
	require.Equal(t, 0, code, out)
	kept := filepath.Join(dir, "plain/gotest/testdata/pool/pool_test.go")
	data, err := os.ReadFile(kept)
	require.NoError(t, err)
	require.Contains(t, string(data), "plain.Test(t, func(t *testing.T) {")
	overlay, err := os.ReadFile(filepath.Join(dir, "overlay.json"))
	require.NoError(t, err)
	require.Contains(t, string(overlay), kept)
}

func TestRewriteCommand(t *testing.T) {
	root := moduleRoot(t)
	code, out := execsim(t, root, "", "rewrite", "./plain/gotest/testdata/pool")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "// ==> "+filepath.Join(root, "plain/gotest/testdata/pool/pool_test.go")+" <==\n//line ")
	dir := t.TempDir()
	code, out = execsim(t, root, "", "rewrite", "-o", dir, "./plain/gotest/testdata/pool")
	require.Equal(t, 0, code, out)
	require.FileExists(t, filepath.Join(dir, "plain/gotest/testdata/pool/pool_test.go"))
}

// A module that does not require execsim is given it through a temporary
// -modfile; its own go.mod stays as it is.
func TestModuleWithoutExecsim(t *testing.T) {
	root := moduleRoot(t)
	dir := filepath.Join(root, "plain/gotest/testdata/othermod")
	before, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	cache := t.TempDir()
	code, out := execsim(t, dir, cache, "test", ".", "-count=1", "-seeds=20")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "seed 0 (run 1 of 20), strategy random: check")
	require.Contains(t, out, "othermod_test.go:"+lineOf(t, filepath.Join(dir, "othermod_test.go"), "marker: check")+": ")
	require.Regexp(t, `reproduce from the module root:\n\s+execsim test \. -run '\^TestTwice\$' -seed=0\n`, out)
	code, out = execsim(t, dir, cache, "test", "-v", "-count=1", "-seed=3")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "execsim: reused the rewrite of 1 file(s)", "the temporary -modfile is not in the cache key")
	require.Contains(t, out, "seed 3 (run 1 of 1)")
	after, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	require.Equal(t, string(before), string(after))
	_, err = os.Stat(filepath.Join(dir, "go.sum"))
	require.True(t, os.IsNotExist(err), "no go.sum left in the module")
}

// The help text is the command's documentation: a change to it shows in
// review. Update with: go test ./plain/gotest -run TestHelp -update
func TestHelp(t *testing.T) {
	var out bytes.Buffer
	require.Equal(t, 0, Main([]string{"help"}, &out, &out))
	golden := filepath.Join("testdata", "help.txt")
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), out.String())
}

// Bad command lines are usage errors (exit 2) that name the flag, before
// anything is built.
func TestBadFlags(t *testing.T) {
	for args, want := range map[string]string{
		"":                                 "Usage:",
		"frobnicate":                       `unknown command "frobnicate"`,
		"test -seeds 0":                    `-seeds: "0": want a number of seeds, 1 to 1000000`,
		"test -seeds 1000001":              `-seeds: "1000001"`,
		"test -seeds=x":                    `-seeds: "x"`,
		"test -seed -1":                    `-seed: "-1": want a seed`,
		"test -seed 3 -seeds 5":            "-seed and -seeds conflict",
		"test -strategy dfs":               `-strategy: unknown strategy "dfs" (known: random, pct)`,
		"test -pct-depth 3":                "-pct-depth: only the pct strategy has a depth",
		"test -strategy pct -pct-depth 0":  `-pct-depth: "0": want a depth, 1 to 64`,
		"test -strategy pct -pct-depth 65": `-pct-depth: "65"`,
		"test -seeds":                      "flag needs an argument: -seeds",
		"test -run":                        "flag needs an argument: -run",
		"test -overlay=x.json":             "-overlay: execsim writes the overlay",
		"test -C dir":                      "-C: run execsim in the directory instead",
		"test -v=maybe":                    `-v: "maybe": want true or false`,
		"test -rewrite=":                   "-rewrite: empty package pattern",
		"test -keep=":                      "-keep: empty directory name",
		"rewrite -x":                       "rewrite: unknown flag -x",
		"rewrite -o":                       "flag needs an argument: -o",
	} {
		var out bytes.Buffer
		code := (&Command{Stdout: &out, Stderr: &out, Dir: t.TempDir()}).Main(strings.Fields(args))
		require.Equal(t, 2, code, "%s: %s", args, out.String())
		require.Contains(t, out.String(), want, args)
	}
}

func TestParseTest(t *testing.T) {
	a, err := parseTest(strings.Fields("-run ^TestX$ -count=1 ./a/... -tags foo -seeds 7 ./b -race -execsim.trace=t.json -args -x y"))
	require.NoError(t, err)
	require.Equal(t, []string{"./a/...", "./b"}, a.pkgs)
	require.Equal(t, strings.Fields("-run ^TestX$ -count=1 ./a/... -tags foo ./b -race -execsim.trace=t.json"), a.goArgs)
	require.Equal(t, []string{"-args", "-x", "y"}, a.binArgs)
	require.Equal(t, []string{"-tags=foo", "-race"}, a.buildFlags)
	require.Equal(t, 7, a.seeds)

	a, err = parseTest(nil)
	require.NoError(t, err)
	require.Equal(t, []string{"."}, a.pkgs, "no packages: the one in the directory, as go test")

	a, err = parseTest([]string{"-seed=9", "-strategy=pct"})
	require.NoError(t, err)
	env := a.env([]string{"EXECSIM_SEEDS=50", "HOME=/h", "EXECSIM_SEED=1"}, "go run ./cmd/execsim test")
	require.Equal(t, []string{"HOME=/h", "EXECSIM_REWRITE=1", "EXECSIM_COMMAND=go run ./cmd/execsim test", "EXECSIM_SEED=9", "EXECSIM_STRATEGY=pct"}, env, "-seed drops a stale EXECSIM_SEEDS")
}

// What is rewritten: the main module's packages the tests build and those
// -rewrite names, never execsim's runtime or the standard library.
func TestToRewrite(t *testing.T) {
	root := moduleRoot(t)
	g := goTool{path: "go", dir: root, env: os.Environ()}
	paths := func(pkgs []listed) []string {
		var out []string
		for _, p := range pkgs {
			out = append(out, p.ImportPath)
		}
		return out
	}
	pkgs, err := toRewrite(g, nil, []string{"./plain/gotest/testdata/pool"}, nil)
	require.NoError(t, err)
	require.Equal(t, []string{execsimModule + "/plain/gotest/testdata/pool"}, paths(pkgs), "not sim, which pool imports, nor testify, outside the module")
	require.Contains(t, files(pkgs[0]), filepath.Join(root, "plain/gotest/testdata/pool/pool_test.go"))

	pkgs, err = toRewrite(g, nil, []string{"./plain/gotest/testdata/pool"}, []string{"github.com/stretchr/testify/require"})
	require.NoError(t, err)
	require.Equal(t, []string{execsimModule + "/plain/gotest/testdata/pool", "github.com/stretchr/testify/require"}, paths(pkgs))

	// Their tests import internal/testsource, a package of the module
	// like any other, which is rewritten; the runtime is not.
	pkgs, err = toRewrite(g, nil, []string{"./simtest", "./plain"}, nil)
	require.NoError(t, err)
	for _, runtime := range []string{"/sim", "/simtest", "/plain"} {
		require.NotContains(t, paths(pkgs), execsimModule+runtime, "execsim's runtime is never rewritten")
	}

	_, err = toRewrite(g, nil, []string{"./plain/gotest/testdata/pool"}, []string{"fmt"})
	require.ErrorContains(t, err, "fmt is in the standard library, which is never rewritten")
}

// A dependency of a language version before generics (its go.mod says go
// 1.15) is rewritten into generic calls of package plain all the same:
// each of its rewritten files gets go1.18 through its //go:build line, a
// new one or its own extended, and the tests run in worlds. (The main
// module's language version is raised by the go command when execsim is
// added to it; a dependency's is its own go.mod's.)
func TestRewriteDependencyOfAnOldLanguageVersion(t *testing.T) {
	keep := t.TempDir()
	_, code, out := execsimOnFixture(t, "oldlang", "-seeds=10", "-keep", keep, "-rewrite", "example.com/olddep")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "--- PASS: TestSum")
	require.Regexp(t, `passed: 0 saved schedule\(s\) and 10 seed\(s\) 0\.\.9`, out)
	kept := map[string]string{}
	require.NoError(t, filepath.WalkDir(keep, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			kept[filepath.Base(path)] = readFile(t, path)
		}
		return err
	}))
	require.True(t, strings.HasPrefix(kept["olddep.go"], "//go:build go1.18\n\n//line "), kept["olddep.go"])
	require.Contains(t, kept["constrained.go"], "//go:build (!plan9) && go1.18\n")
	// A range over a channel that declares its variable becomes a
	// three-clause loop, which needs nothing new; one that assigns to a
	// variable declared before it ranges over plain's iterator: go1.23.
	require.True(t, strings.HasPrefix(kept["ranges.go"], "//go:build go1.18\n\n//line "), kept["ranges.go"])
	require.True(t, strings.HasPrefix(kept["assign.go"], "//go:build go1.23\n\n//line "), kept["assign.go"])
}

// A module whose go.mod is below go 1.22 keeps its loop semantics under
// execsim test, although adding execsim raises the temporary go.mod's go
// line: a goroutine that captures a shared loop variable fails as it does
// natively, and the loop that copies it passes. A file with nothing to
// rewrite keeps the version too, and so does one whose ranges over a
// channel and a map are rewritten: their closures share the loop's
// variable.
func TestModuleKeepsItsLanguageVersion(t *testing.T) {
	dir, code, out := execsimOnFixture(t, "loopvar", "-seeds=20")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "--- FAIL: TestShared")
	require.Contains(t, out, "loopvar_test.go:"+lineOf(t, filepath.Join(dir, "loopvar_test.go"), "marker: shared")+": got [")
	require.Contains(t, out, "--- PASS: TestCopied")
	require.Contains(t, out, "--- PASS: TestClosuresShareTheLoopVariable")
	require.Contains(t, out, "--- PASS: TestRangeClosuresShareTheirVariable", "a file with a rewritten range over a channel or a map keeps go1.21 too")
}

// A fuzz test's target runs in worlds as a test function's body does:
// each input of the seed corpus under every seed, a lost update found,
// and the command to paste names the corpus entry.
func TestFuzzTargetRunsInWorlds(t *testing.T) {
	dir, code, out := execsimOnFixture(t, "fuzzrace", "-seeds=100", "-execsim.persist=false")
	require.Equal(t, 1, code, out)
	require.Contains(t, out, "--- FAIL: FuzzAddTwice/seed#0")
	require.Contains(t, out, "fuzzrace_test.go:"+lineOf(t, filepath.Join(dir, "fuzzrace_test.go"), "marker: lost")+": AddTwice(3) = 3, want 6")
	require.Regexp(t, `execsim test \. -run '\^FuzzAddTwice\$/\^seed#0\$' -seed=\d+`, out)
}

// execsimOnFixture runs execsim test -count=1 -v on the fixture module
// testdata/name with args, in a cache of its own, where package plain's
// calls are a world's; it returns the fixture's directory, the exit code
// and the output.
func execsimOnFixture(t *testing.T, name string, args ...string) (dir string, code int, out string) {
	t.Helper()
	root := moduleRoot(t)
	if !plainInWorlds() {
		t.Skip("package plain's calls are native in this build")
	}
	dir = filepath.Join(root, "plain", "gotest", "testdata", name)
	code, out = execsimReal(t, dir, t.TempDir(), append([]string{"test", ".", "-count=1", "-v"}, args...)...)
	return dir, code, out
}
