package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// busy is a program that exercises every kind of kit operation and
// decision, so that its trace hash moves if anything in the world's
// scheduling changes.
func busy(rt Runtime) {
	ctx, cancel := rt.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	work := NewChan[int](rt, 2)
	results := NewChan[int](rt, 0)
	mu := rt.NewMutex()
	total := 0
	wg := rt.NewWaitGroup()
	for i := range 3 {
		wg.Go(fmt.Sprintf("worker-%d", i), func() {
			for {
				var v int
				var ok bool
				switch rt.Select(work.RecvCase(&v, &ok), DoneCase(ctx)) {
				case 0:
					if !ok {
						return
					}
					rt.Sleep(time.Duration(rt.Choose("latency", 5)) * time.Millisecond)
					mu.Lock()
					total += v
					mu.Unlock()
					results.Send(v * v)
				case 1:
					return
				}
			}
		})
	}
	rt.Go("feeder", func() {
		for i := range 10 {
			work.Send(i)
		}
		work.Close()
	})
	sum := 0
	for range 10 {
		v, _ := results.Recv()
		sum += v
	}
	wg.Wait()
	if sum != 285 || total != 45 {
		panic(fmt.Sprintf("wrong sums %d %d", sum, total))
	}
}

func runBusy(seed uint64, chooser Chooser) *Result {
	return Run(Options{Seed: seed, Chooser: chooser, KeepTrace: true}, busy)
}

// The same seed gives the same trace hash on every run and whatever
// GOMAXPROCS is; different seeds explore different paths.
func TestSameSeedSameTrace(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	hashes := map[uint64]bool{}
	for seed := uint64(0); seed < 30; seed++ {
		var want *Result
		for _, procs := range []int{1, 4, 2} {
			runtime.GOMAXPROCS(procs)
			for range 2 {
				r := runBusy(seed, nil)
				require.Nil(t, r.Failure, "seed %d: %v", seed, r.Err())
				if want == nil {
					want = r
					continue
				}
				require.Equal(t, want.Hash, r.Hash, "seed %d GOMAXPROCS=%d", seed, procs)
				require.Equal(t, want.Trace, r.Trace)
				require.Equal(t, want.Schedule(), r.Schedule())
			}
		}
		hashes[want.Hash] = true
	}
	require.Greater(t, len(hashes), 20, "30 seeds should mostly take different paths")
}

// Golden hashes pin the traces across processes: the same values must come
// out with and without -race, on any machine. Run with -update after a
// deliberate change to the world's scheduling or trace.
func TestGoldenTraceHashes(t *testing.T) {
	var b strings.Builder
	for seed := uint64(0); seed < 5; seed++ {
		fmt.Fprintf(&b, "random seed=%d hash=%016x\n", seed, runBusy(seed, nil).Hash)
		fmt.Fprintf(&b, "pct    seed=%d hash=%016x\n", seed, runBusy(seed, NewPCT(seed, 3, 500)).Hash)
	}
	golden := filepath.Join("testdata", "golden-hashes.txt")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./sim -run TestGoldenTraceHashes -update to create it")
	require.Equal(t, string(want), b.String(), "trace hashes changed; if that is intended, rerun with -update")
}

// Replaying a run's schedule reproduces it exactly, even with a different
// seed in the options: the schedule, not the seed, decides.
func TestReplayReproducesRun(t *testing.T) {
	for seed := uint64(0); seed < 10; seed++ {
		orig := runBusy(seed, NewPCT(seed, 3, 300))
		rp := NewReplay(orig.Schedule(), nil)
		again := Run(Options{Seed: 999, Chooser: rp, KeepTrace: true}, busy)
		require.Nil(t, rp.Divergence())
		require.Zero(t, rp.Unused())
		require.Equal(t, orig.Hash, again.Hash)
		require.Equal(t, orig.Trace, again.Trace)
	}
}

func TestTraceExports(t *testing.T) {
	r := runBusy(7, nil)
	var text bytes.Buffer
	require.NoError(t, WriteTrace(&text, r))
	require.Contains(t, text.String(), `"worker-1" started at`)
	require.Contains(t, text.String(), "draw")
	events := 0
	for _, line := range strings.Split(strings.TrimSpace(text.String()), "\n") {
		if !strings.HasPrefix(line, "#") {
			events++
		}
	}
	require.Equal(t, len(r.Trace), events)

	var js bytes.Buffer
	require.NoError(t, WriteChromeTrace(&js, r))
	var doc struct {
		TraceEvents []struct {
			Name string         `json:"name"`
			Ph   string         `json:"ph"`
			Tid  int            `json:"tid"`
			Args map[string]any `json:"args"`
		} `json:"traceEvents"`
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &doc))
	tracks := map[int]string{}
	slices := 0
	for _, e := range doc.TraceEvents {
		switch e.Ph {
		case "M":
			tracks[e.Tid] = e.Args["name"].(string)
		case "X":
			slices++
			require.Contains(t, tracks, e.Tid, "every slice is on a named track")
		}
	}
	require.Len(t, tracks, len(r.Goroutines)+1)
	require.Equal(t, len(r.Trace), slices)
}
