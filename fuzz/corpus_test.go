package fuzz

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/sim"
)

var writeSeeds = flag.Bool("write-seeds", false, "rewrite testdata/fuzz/FuzzLifecycle/seed-* from random-ops runs")

// opNames are random-ops' operations, by the answer of its "op" draw.
var opNames = [...]string{"submit", "wait", "shutdown", "restart", "crash", "restart-host", "partition", "heal", "restart-coordinator"}

// opRecorder is a chooser that remembers the operations a run drew.
type opRecorder struct {
	sim.Chooser
	ops []int
}

func (r *opRecorder) Choose(d sim.Decision) int {
	a := r.Chooser.Choose(d)
	if d.Kind == sim.DrawDecision && d.Label == "op" {
		r.ops = append(r.ops, a)
	}
	return a
}

// TestWriteSeedCorpus rewrites FuzzLifecycle's seed corpus with
// go test ./fuzz -run TestWriteSeedCorpus -write-seeds: for each
// operation, the first unused random-ops seed (random walk) whose run
// draws it at least twice and passes, encoded with scheduleBytes so that the fuzz input
// replays that seed's whole run. Without the flag it checks that every
// seed file still reaches the operation it was chosen for: a change to
// random-ops or to the kit can silently move them.
func TestWriteSeedCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzLifecycle")
	used := map[uint64]bool{} // one seed per file: duplicates would only cost time
	for op, name := range opNames {
		file := filepath.Join(dir, "seed-"+name)
		if !*writeSeeds {
			data, err := readCorpusFile(file)
			if err != nil {
				t.Fatalf("fuzz: %v (rewrite with -write-seeds)", err)
			}
			rec := &opRecorder{Chooser: sim.NewBytes(data)}
			if _, err := scenarios.Run(scenarios.Config{Scenario: lifecycleScenario, Chooser: rec}); err != nil {
				t.Fatal(err)
			}
			if count(rec.ops, op) == 0 {
				t.Errorf("fuzz: %s no longer reaches %s (ops %v); rewrite with -write-seeds", file, name, rec.ops)
			}
			continue
		}
		for seed := uint64(0); ; seed++ {
			if seed == 1000 {
				t.Fatalf("fuzz: no seed in 0..999 draws %s twice", name)
			}
			rec := &opRecorder{Chooser: sim.NewRandom(seed)}
			out, err := scenarios.Run(scenarios.Config{Scenario: lifecycleScenario, Chooser: rec})
			if err != nil {
				t.Fatal(err)
			}
			if used[seed] || count(rec.ops, op) < 2 || out.Failure != nil {
				continue
			}
			data := scheduleBytes(out.Result.Schedule())
			again, err := scenarios.Run(scenarios.Config{Scenario: lifecycleScenario, Chooser: sim.NewBytes(data)})
			if err != nil {
				t.Fatal(err)
			}
			if again.TraceHash != out.TraceHash {
				t.Fatalf("fuzz: seed %d encoded as bytes runs differently: trace_hash %s, want %s", seed, again.TraceHash, out.TraceHash)
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
			if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			used[seed] = true
			t.Logf("%s: random-ops seed %d, %d bytes, ops %v", file, seed, len(data), rec.ops)
			break
		}
	}
}

func count(xs []int, x int) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

// readCorpusFile reads a one-value "go test fuzz v1" file of a []byte.
func readCorpusFile(file string) ([]byte, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var s string
	if _, err := fmt.Sscanf(string(b), "go test fuzz v1\n[]byte(%q)\n", &s); err != nil {
		return nil, fmt.Errorf("%s: not a one-[]byte go test fuzz v1 file: %v", file, err)
	}
	return []byte(s), nil
}
