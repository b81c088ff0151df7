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
var opNames = scenarios.OpNames()

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
// go test ./fuzz -run '^TestWriteSeedCorpus$' -write-seeds: for each
// operation, the first unused random-ops seed (random walk) whose run
// draws it at least twice and passes, encoded with scheduleBytes so that
// the fuzz input replays that seed's whole run.
//
// Without the flag it checks what the corpus is for: that together its
// files still reach every operation, so the fuzzer starts from runs that
// exercise each one. It does not fail when one file no longer reaches the
// operation it was chosen for. A fuzz input is bytes answering decisions
// in order, so any change that adds or moves a scheduling point shifts
// which operation each file draws; the file is still a valid input, and
// FuzzLifecycle replays every one of them in the default run, which is
// where a behaviour change shows. Failing per file would flag every such
// harmless change (measured on the nine-operation corpus this check was
// written for: with every answer moved one place, the nine files together
// still reached all nine operations). The drift is logged (go test -v) and the regeneration
// command is in the failure message for when the corpus as a whole loses
// an operation.
func TestWriteSeedCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzLifecycle")
	if !*writeSeeds {
		reached := map[int]bool{}
		for op, name := range opNames {
			file := filepath.Join(dir, "seed-"+name)
			data, err := readCorpusFile(file)
			if err != nil {
				t.Fatalf("fuzz: %v (rewrite the corpus: go test ./fuzz -run '^TestWriteSeedCorpus$' -write-seeds)", err)
			}
			ops := drawnOps(t, data)
			for _, o := range ops {
				reached[o] = true
			}
			if count(ops, op) == 0 {
				t.Logf("%s no longer reaches %s (ops %v): the corpus drifted", file, name, ops)
			}
		}
		missing := missingOps(reached)
		if len(missing) > 0 {
			t.Errorf("fuzz: no file of the seed corpus %s reaches %v any more; rewrite it with\n\tgo test ./fuzz -run '^TestWriteSeedCorpus$' -write-seeds\nand commit the new files", dir, missing)
		}
		return
	}
	used := map[uint64]bool{} // one seed per file: duplicates would only cost time
	for op, name := range opNames {
		file := filepath.Join(dir, "seed-"+name)
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

// drawnOps runs random-ops on a fuzz input and returns the operations it
// drew.
func drawnOps(t *testing.T, data []byte) []int {
	t.Helper()
	rec := &opRecorder{Chooser: sim.NewBytes(data)}
	if _, err := scenarios.Run(scenarios.Config{Scenario: lifecycleScenario, Chooser: rec}); err != nil {
		t.Fatal(err)
	}
	return rec.ops
}

// missingOps names the operations not in reached.
func missingOps(reached map[int]bool) []string {
	var missing []string
	for op, name := range opNames {
		if !reached[op] {
			missing = append(missing, name)
		}
	}
	return missing
}

// The corpus check can fail: a corpus of calm inputs (every answer 0)
// does not reach every operation.
func TestSeedCorpusCheckFiresOnPoorCorpus(t *testing.T) {
	reached := map[int]bool{}
	for _, data := range [][]byte{{}, {0, 0, 0}, {1}} {
		for _, o := range drawnOps(t, data) {
			reached[o] = true
		}
	}
	if len(missingOps(reached)) == 0 {
		t.Fatalf("three calm inputs reached every operation (%v): the corpus check cannot tell a poor corpus", reached)
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
