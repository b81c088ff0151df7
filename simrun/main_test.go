package simrun

import (
	"bytes"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/execsim/execsim/scenarios"
	"github.com/rogpeppe/go-internal/testscript"
	"go.uber.org/goleak"
)

var update = flag.Bool("update", false, "rewrite testdata/help.txt and the cmp targets of the scripts")

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// procsMu serializes the runs that set GOMAXPROCS, which is process-wide.
var procsMu sync.Mutex

// runIn runs simrun in-process with dir as its working directory and env
// as its environment.
func runIn(dir string, env map[string]string, args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	c := &cli{stdout: &out, stderr: &errb, dir: dir, reg: scenarios.Default(),
		getenv:     func(k string) string { return env[k] },
		isTerminal: func(io.Writer) bool { return false }}
	code = c.main(args)
	return out.String(), errb.String(), code
}

// TestScripts runs the CLI scripts in testdata/script: each flag, each
// exit status, malformed input. The simrun command runs simrun
// in-process (so that goleak and the race detector see it) in the
// script's directory, with the script's environment; GOMAXPROCS in that
// environment sets runtime.GOMAXPROCS for the run. It fails on a non-zero
// exit unless negated; "exitcode N" checks the last status.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"simrun": func(ts *testscript.TestScript, neg bool, args []string) {
				c := &cli{stdout: ts.Stdout(), stderr: ts.Stderr(), getenv: ts.Getenv, dir: ts.MkAbs("."), reg: scenarios.Default(),
					isTerminal: func(io.Writer) bool { return false }}
				var code int
				if p := ts.Getenv("GOMAXPROCS"); p != "" {
					n, err := strconv.Atoi(p)
					ts.Check(err)
					procsMu.Lock()
					old := runtime.GOMAXPROCS(n)
					code = c.main(args)
					runtime.GOMAXPROCS(old)
					procsMu.Unlock()
				} else {
					code = c.main(args)
				}
				ts.Setenv("SIMRUN_EXIT", strconv.Itoa(code))
				if (code != 0) != neg {
					ts.Fatalf("simrun exited %d", code)
				}
			},
			"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 || neg {
					ts.Fatalf("usage: exitcode N")
				}
				if got := ts.Getenv("SIMRUN_EXIT"); got != args[0] {
					ts.Fatalf("simrun exited %s, want %s", got, args[0])
				}
			},
		},
	})
}

// The help text is the contract's documentation: a change to it shows in
// review. Update with: go test ./simrun -run TestHelp -update
func TestHelp(t *testing.T) {
	out, errOut, code := runIn(t.TempDir(), nil, "-h")
	if code != 0 || errOut != "" {
		t.Fatalf("simrun -h: exit %d, stderr %q", code, errOut)
	}
	golden := filepath.Join("testdata", "help.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	if out != string(want) {
		t.Errorf("simrun -h differs from %s (run with -update after a deliberate change):\n%s", golden, out)
	}
}

// The shards of a range are disjoint and cover it exactly, and differ in
// size by at most one, for many ranges and shard counts, near the ends of
// uint64 too.
func TestShardDisjointCovering(t *testing.T) {
	froms := []uint64{0, 1, 7, 1 << 40, math.MaxUint64 - 2000}
	counts := []uint64{1, 2, 3, 5, 7, 10, 99, 100, 1000, 1001}
	for _, from := range froms {
		for _, count := range counts {
			for n := 1; n <= 17; n++ {
				next := from
				minSize, maxSize := uint64(math.MaxUint64), uint64(0)
				for k := range n {
					lo, hi := shardRange(from, count, k, n)
					if lo != next {
						t.Fatalf("from %d count %d: shard %d/%d starts at %d, want %d (gap or overlap)", from, count, k, n, lo, next)
					}
					if hi < lo {
						t.Fatalf("from %d count %d: shard %d/%d is [%d, %d)", from, count, k, n, lo, hi)
					}
					minSize, maxSize = min(minSize, hi-lo), max(maxSize, hi-lo)
					next = hi
				}
				if next != from+count {
					t.Fatalf("from %d count %d: %d shards end at %d, want %d", from, count, n, next, from+count)
				}
				if maxSize-minSize > 1 {
					t.Fatalf("from %d count %d n %d: shard sizes from %d to %d", from, count, n, minSize, maxSize)
				}
			}
		}
	}
	// A huge range: the products need 128 bits.
	lo, hi := shardRange(0, math.MaxUint64, 3, 4)
	if lo != 13835058055282163711 || hi != math.MaxUint64 { // floor((2^64-1)*3/4)
		t.Fatalf("shard 3/4 of everything: [%d, %d)", lo, hi)
	}
}

func TestParseShard(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == shardEnv {
				return v
			}
			return ""
		}
	}
	for _, c := range []struct {
		arg, env string
		k, n     int
		err      string
	}{
		{"0/1", "", 0, 1, ""},
		{"3/4", "", 3, 4, ""},
		{"index/4", "2", 2, 4, ""},
		{"index/4", "", 0, 0, "JOB_COMPLETION_INDEX is not set"},
		{"index/4", "4", 0, 0, "from 0 to 3"},
		{"4/4", "", 0, 0, "from 0 to 3"},
		{"-1/4", "", 0, 0, "from 0 to 3"},
		{"1/0", "", 0, 0, "from 1 to 1048576"},
		{"0/1048577", "", 0, 0, "from 1 to 1048576"},
		{"1", "", 0, 0, "want K/N"},
		{"a/b", "", 0, 0, "N must be"},
	} {
		k, n, err := parseShard(c.arg, env(c.env))
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || !strings.HasPrefix(err.Error(), "simrun: -shard: ") {
				t.Errorf("-shard %s: error %v, want one containing %q", c.arg, err, c.err)
			}
			continue
		}
		if err != nil || k != c.k || n != c.n {
			t.Errorf("-shard %s: %d/%d, %v; want %d/%d", c.arg, k, n, err, c.k, c.n)
		}
	}
}

// The same seeds give the same JSON lines, trace_hash included, whatever
// GOMAXPROCS and the number of workers.
func TestDeterminismAcrossGOMAXPROCS(t *testing.T) {
	procsMu.Lock()
	defer procsMu.Unlock()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	args := [][]string{
		{"-json", "-scenario", "random-ops,start-shutdown,lossy-execute", "-seeds", "4", "-progress", "off"},
		{"-json", "-scenario", "start-shutdown", "-seeds", "3", "-defect", "no-stop-signal,no-join,senders-never-closed", "-progress", "off"},
		{"-json", "-scenario", "random-ops", "-seed", "11", "-strategy", "pct", "-depth", "2"},
	}
	for _, a := range args {
		var first string
		for _, procs := range []int{1, 2} {
			for _, workers := range []string{"1", "2"} {
				runtime.GOMAXPROCS(procs)
				out, errOut, code := runIn(t.TempDir(), nil, append(a, "-workers", workers)...)
				if code == 2 {
					t.Fatalf("%v: exit 2: %s", a, errOut)
				}
				if !strings.Contains(out, `"trace_hash":"`) {
					t.Fatalf("%v: no trace_hash in %q", a, out)
				}
				if first == "" {
					first = out
				} else if out != first {
					t.Fatalf("%v with GOMAXPROCS=%d -workers %s:\n%s\nwant\n%s", a, procs, workers, out, first)
				}
			}
		}
	}
}

var shrinkLine = regexp.MustCompile(`shrink: (\d+) choices \((\d+) non-zero\) -> (\d+) choices \((\d+) non-zero\)`)

// -shrink makes a failing seed's schedule simpler, and the shrunk file
// replays to the same failure kind.
func TestShrink(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runIn(dir, nil, "-scenario", "start-shutdown", "-seed", "3",
		"-defect", "no-stop-signal,no-join,senders-never-closed", "-shrink", "-o", "out")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	m := shrinkLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no shrink line in:\n%s", out)
	}
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	if !(n(4) < n(2) || (n(4) == n(2) && n(3) < n(1))) {
		t.Fatalf("not smaller: %s", m[0])
	}
	file := filepath.Join("out", "start-shutdown-seed3-not-joined-shrunk.schedule")
	if !strings.Contains(out, "replay: go run ./cmd/simrun -replay "+file) {
		t.Fatalf("no replay command for %s in:\n%s", file, out)
	}
	out, errOut, code = runIn(dir, nil, "-replay", file)
	if code != 1 || !strings.HasSuffix(out, "FAIL: not-joined\n") || strings.Contains(out, "no longer fits") {
		t.Fatalf("replaying %s: exit %d\n%s%s", file, code, out, errOut)
	}
	if got := regexp.MustCompile(`choices=(\d+)`).FindStringSubmatch(out); got == nil || got[1] != m[3] {
		t.Fatalf("replayed schedule has %v choices, shrink said %s", got, m[3])
	}
}

// The real engine runs a seed (one worker, wall clock); this test is not
// parallel because the real engine checks for leaks process-wide.
func TestRealEngine(t *testing.T) {
	out, errOut, code := runIn(t.TempDir(), nil, "-engine", "real", "-scenario", "start-shutdown", "-seeds", "2", "-workers", "2", "-progress", "off")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"engine=real budget-steps=default workers=1", "-workers ignored", "PASS: 2 of 2 runs"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	_, errOut, code = runIn(t.TempDir(), nil, "-engine", "real", "-scenario", "start-shutdown", "-seed", "1", "-trace", "x.txt")
	if code != 2 || !strings.Contains(errOut, "-trace need -engine sim") {
		t.Errorf("real engine with -trace: exit %d, %s", code, errOut)
	}
	out, _, code = runIn(t.TempDir(), nil, "-engine", "real", "-seeds", "1", "-scenario", "all", "-progress", "off")
	if code != 0 || !strings.Contains(out, "note: skipped on the real engine") {
		t.Errorf("real engine over all: exit %d\n%s", code, out)
	}
}

// Run counts are products; one that does not fit in 64 bits is refused,
// never wrapped into a small, passing sweep.
func TestMulCount(t *testing.T) {
	if n, ok := mulCount(1000, 11); !ok || n != 11000 {
		t.Fatalf("1000 x 11: %d, %v", n, ok)
	}
	if n, ok := mulCount(1676976733973595602, 11); ok {
		t.Fatalf("1676976733973595602 x 11 fits, says mulCount: %d", n)
	}
	if _, ok := mulCount(math.MaxUint64, 1); !ok {
		t.Fatal("MaxUint64 x 1 does not fit, says mulCount")
	}
}

// A panic in simrun is exit 3 with its stack, not 2 (bad usage) and not a
// dead process without a word: in a single run, in a sweep's worker, with
// the sweep's goroutines all joined (goleak checks at the end).
func TestPanicExits3(t *testing.T) {
	for _, args := range [][]string{
		{"-scenario", "start-shutdown", "-seed", "1"},
		{"-scenario", "start-shutdown", "-seeds", "5", "-workers", "2", "-progress", "lines"},
	} {
		var out, errb bytes.Buffer
		c := &cli{stdout: &out, stderr: &errb, dir: t.TempDir(), reg: scenarios.Default(),
			getenv:     func(string) string { return "" },
			isTerminal: func(io.Writer) bool { return false },
			run: func(cfg scenarios.Config) (*scenarios.Outcome, error) {
				if cfg.Seed == 3 || cfg.Seed == 1 {
					panic("boom")
				}
				return scenarios.Run(cfg)
			}}
		code := c.main(args)
		if code != exitInternal {
			t.Errorf("%v: exit %d, want %d\n%s%s", args, code, exitInternal, out.String(), errb.String())
		}
		if !strings.HasPrefix(errb.String(), "simrun: internal error: panic: boom (a bug in simrun") || !strings.Contains(errb.String(), "goroutine ") {
			t.Errorf("%v: stderr %q, want the panic and its stack", args, errb.String())
		}
	}
}
