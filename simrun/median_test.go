package simrun

import (
	"bytes"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/execsim/execsim/scenarios"
)

// The histogram's median is exact below 128 and within 1/64 above, for
// spread-out and for clustered values, up to the largest int64.
func TestStepsHistMedian(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cases := map[string]func() int64{
		"small":     func() int64 { return rng.Int64N(128) },
		"wide":      func() int64 { return rng.Int64N(1 << 40) },
		"clustered": func() int64 { return 5000 + rng.Int64N(50) },
		"huge":      func() int64 { return math.MaxInt64 - rng.Int64N(1000) },
	}
	for name, gen := range cases {
		for _, n := range []int{1, 2, 3, 100, 10001} {
			var h stepsHist
			vals := make([]int64, n)
			for i := range vals {
				vals[i] = gen()
				h.add(vals[i])
			}
			slices.Sort(vals)
			exact := float64(vals[n/2])
			got, ok := h.median()
			if !ok {
				t.Fatalf("%s n=%d: no median", name, n)
			}
			if exact < 128 && float64(got) != exact || math.Abs(float64(got)-exact) > exact/64 {
				t.Errorf("%s n=%d: median %d, exact %.0f", name, n, got, exact)
			}
		}
	}
	var empty stepsHist
	if empty.cell() != "-" {
		t.Errorf("empty: %q", empty.cell())
	}
	for v := uint64(0); v < 1<<20; v += 1 + v/7 {
		if b := histBucket(v); b >= histBuckets || histMid(b) < v-v/64 || histMid(b) > v+v/64 {
			t.Fatalf("value %d: bucket %d, mid %d", v, b, histMid(b))
		}
	}
	if b := histBucket(math.MaxUint64); b != histBuckets-1 {
		t.Fatalf("MaxUint64 in bucket %d of %d", b, histBuckets)
	}
}

// A sweep's summary keeps no per-run slice: counting 200,000 runs, failing
// ones included, allocates next to nothing.
func TestSummaryMemoryFlat(t *testing.T) {
	sum := newSummary([]scenarios.Scenario{{Name: "a"}})
	pass := &scenarios.Outcome{Scenario: "a", Engine: scenarios.EngineSim, Verdict: "pass", Steps: 1234}
	fail := &scenarios.Outcome{Scenario: "a", Engine: scenarios.EngineSim, Verdict: "fail", Steps: 99,
		Failure: &scenarios.Failure{Kind: scenarios.Kinds()[0], Message: "m"}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range 200_000 {
		o := pass
		if i%2 == 1 {
			o = fail
		}
		sum.add(result{o: o})
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<10 {
		t.Fatalf("200,000 runs allocated %d bytes in the summary", got)
	}
	if sum.runs != 200_000 || sum.fails != 100_000 || len(sum.rows[0].more[fail.Failure.Kind]) != moreSeeds {
		t.Fatalf("runs %d fails %d more %d", sum.runs, sum.fails, len(sum.rows[0].more[fail.Failure.Kind]))
	}
}

// One slow run does not let the others pile up behind it: while seed 0
// runs, at most the sweep's window of later jobs start.
func TestSweepWindowBoundsPending(t *testing.T) {
	const workers = 2
	window := int64(sweepWindowPerWorker * workers)
	release := make(chan struct{})
	var started, over atomic.Int64
	var released atomic.Bool
	var out, errb bytes.Buffer
	c := &cli{stdout: &out, stderr: &errb, dir: t.TempDir(), reg: scenarios.Default(),
		getenv:     func(string) string { return "" },
		isTerminal: func(io.Writer) bool { return false },
		run: func(cfg scenarios.Config) (*scenarios.Outcome, error) {
			if cfg.Seed == 0 {
				<-release
			} else if n := started.Add(1); n > window-1 && !released.Load() {
				over.Store(n)
			}
			return &scenarios.Outcome{Scenario: cfg.Scenario, Seed: cfg.Seed, Strategy: cfg.Strategy, Defects: []string{}, Engine: scenarios.EngineSim, Verdict: "pass", Steps: 1}, nil
		}}
	done := make(chan int)
	go func() {
		done <- c.main([]string{"-scenario", "start-shutdown", "-seeds", "5000", "-workers", "2", "-progress", "off"})
	}()
	tick := time.NewTicker(time.Millisecond)
	for i := 0; started.Load() < window-1; i++ {
		if i == 10000 {
			t.Fatalf("only %d jobs started behind the slow one", started.Load())
		}
		<-tick.C
	}
	tick.Stop()
	released.Store(true)
	close(release)
	if code := <-done; code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	if n := over.Load(); n > 0 {
		t.Fatalf("%d jobs started while seed 0 ran; the window is %d", n, window)
	}
	if !strings.Contains(out.String(), "PASS: 5000 of 5000 runs") {
		t.Fatalf("output:\n%s", out.String())
	}
}
