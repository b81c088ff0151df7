package gotest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/kernels"
)

// The corpora under the real rewrite, as CI runs them: every kernel's
// buggy form is found and its fixed form passes, under both strategies,
// and every conformance program gives in a world the transcript it gives
// natively. The seed counts are CI's; the long run of the issue (10,000
// seeds a fixed form, under each strategy) is
//
//	EXECSIM_CORPUS_SEEDS=10000 go test ./plain/gotest -run TestCorpus -v -timeout 2h
//
// and -v prints, per kernel and strategy, the run that first failed.
func TestCorpus(t *testing.T) {
	root := moduleRoot(t)
	seeds := 200
	if s := os.Getenv("EXECSIM_CORPUS_SEEDS"); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err, "EXECSIM_CORPUS_SEEDS")
		require.True(t, n >= 1 && n <= 1_000_000, "EXECSIM_CORPUS_SEEDS=%d: want 1..1000000", n)
		seeds = n
	}
	kernels := kernelPackages(t, root)
	require.GreaterOrEqual(t, len(kernels), 30)
	cache := t.TempDir()
	found := map[string]map[string]int{} // kernel → strategy → run of the first failure

	for _, strategy := range []string{"random", "pct"} {
		t.Run("buggy/"+strategy, func(t *testing.T) {
			ev := runJSON(t, root, cache, "./kernels/...", "^TestBuggy$", seeds, strategy)
			for _, k := range kernels {
				r := ev[k]
				require.Equal(t, "fail", r.action, "%s: TestBuggy not found in %d seeds (%s)\n%s", k, seeds, strategy, r.output)
				run := firstFailingRun(r.output)
				require.Positive(t, run, "%s: a failure without a seed line\n%s", k, r.output)
				if found[k] == nil {
					found[k] = map[string]int{}
				}
				found[k][strategy] = run
			}
		})
		t.Run("fixed/"+strategy, func(t *testing.T) {
			ev := runJSON(t, root, cache, "./kernels/...", "^TestFixed$", seeds, strategy)
			for _, k := range kernels {
				require.Equal(t, "pass", ev[k].action, "%s: TestFixed failed (%s)\n%s", k, strategy, ev[k].output)
			}
		})
		t.Run("conformance/"+strategy, func(t *testing.T) {
			want := filepath.Join(t.TempDir(), "native.json")
			native := exec.Command("go", "test", "-count=1", "./plain/conformance", "-run", "^TestPrograms$", "-args", "-conformance.write="+want)
			native.Dir = root
			out, err := native.CombinedOutput()
			require.NoError(t, err, "the native run writes the transcripts\n%s", out)
			n := min(seeds, 100)
			code, got := execsimReal(t, root, cache, "test", "-count=1", "./plain/conformance", "-run", "^TestPrograms$",
				"-seeds", strconv.Itoa(n), "-strategy", strategy, "-args", "-conformance.want="+want)
			require.Equal(t, 0, code, got)
		})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "first failing run of TestBuggy (of %d seeds):\n%-20s %7s %7s\n", seeds, "kernel", "random", "pct")
	for _, k := range kernels {
		fmt.Fprintf(&b, "%-20s %7d %7d\n", filepath.Base(k), found[k]["random"], found[k]["pct"])
	}
	t.Log(b.String())
}

// kernelPackages lists the kernels' import paths.
func kernelPackages(t *testing.T, root string) []string {
	names, err := kernels.List(root)
	require.NoError(t, err)
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "github.com/execsim/execsim/kernels/" + n
	}
	return out
}

type testResult struct {
	action string // pass, fail or skip of the test; "" if it never ended
	output string
}

// runJSON runs execsim with the real rewriter on pkgs with go test -json
// and returns each package's result for the one test run selects.
func runJSON(t *testing.T, root, cache, pkgs, run string, seeds int, strategy string) map[string]testResult {
	t.Helper()
	code, out := execsimReal(t, root, cache, "test", "-json", "-count=1", pkgs, "-run", run, "-seeds", strconv.Itoa(seeds), "-strategy", strategy)
	require.Contains(t, []int{0, 1}, code, out)
	res := map[string]testResult{}
	outputs := map[string]*strings.Builder{}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e struct{ Action, Package, Test, Output string }
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Test == "" {
			continue
		}
		if outputs[e.Package] == nil {
			outputs[e.Package] = &strings.Builder{}
		}
		outputs[e.Package].WriteString(e.Output)
		if e.Action == "pass" || e.Action == "fail" || e.Action == "skip" {
			res[e.Package] = testResult{action: e.Action}
		}
	}
	for p, r := range res {
		r.output = outputs[p].String()
		res[p] = r
	}
	return res
}

var failingRun = regexp.MustCompile(`simtest: seed \d+ \(run (\d+) of \d+\)`)

func firstFailingRun(output string) int {
	if m := failingRun.FindStringSubmatch(output); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// execsimReal runs the command with the real rewriter, saving no
// schedules into the repository.
func execsimReal(t *testing.T, dir, cache string, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	c := &Command{Stdout: &out, Stderr: &out, Dir: dir, CacheDir: cache, Env: append(os.Environ(), "EXECSIM_PERSIST=false")}
	code := c.Main(args)
	return code, out.String()
}
