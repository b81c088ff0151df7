package fuzz

import (
	"path/filepath"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/sim/simrapid"
)

// TestFoundFailureReplays is the round trip a person makes after a find:
// rapid drives random-ops (the scenario FuzzLifecycle fuzzes) with
// panic-on-send-after-shutdown on, finds and shrinks the panic; the
// shrunk run is saved as a simrun schedule file with the shared writer
// (Outcome.Schedule); reading it back with ConfigFromSchedule and
// replaying it with NewReplay gives the same kind and the same trace
// hash, with no divergence. The file is what
// go run ./cmd/simrun -replay FILE replays.
func TestFoundFailureReplays(t *testing.T) {
	defects := []string{"panic-on-send-after-shutdown"}
	restore := setFlags(t, map[string]string{"rapid.nofailfile": "true", "rapid.shrinktime": (2 * time.Second).String(), "rapid.checks": "5000", "rapid.seed": "1"})
	defer restore()
	var found *scenarios.Outcome
	rapid.Check(&expectTB{T: t}, func(rt *rapid.T) {
		out, err := scenarios.Run(scenarios.Config{Scenario: lifecycleScenario, Chooser: simrapid.NewChooser(rt), Defects: defects})
		if err != nil {
			rt.Fatalf("%v", err)
		}
		if out.Failure != nil {
			found = out
			rt.Fatalf("%s", out.Failure.Error())
		}
	})
	if found == nil {
		t.Fatal("fuzz: rapid found no failure of random-ops with panic-on-send-after-shutdown in 5000 checks")
	}
	t.Setenv(envFailures, t.TempDir())
	file, err := saveSchedule(found, found.Result.Schedule(), "TestFoundFailureReplays")
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.ReadScheduleFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(scenarios.MetaFailure); got != string(found.Failure.Kind) {
		t.Errorf("fuzz: %s records failure %q, want %q", filepath.Base(file), got, found.Failure.Kind)
	}
	again, err := replay(s)
	if err != nil {
		t.Fatal(err)
	}
	if again.Failure == nil || again.Failure.Kind != found.Failure.Kind || again.TraceHash != found.TraceHash {
		t.Fatalf("fuzz: the saved schedule replays to %s (trace_hash %s), rapid's run gave %s (%s)", kindOf(again), again.TraceHash, found.Failure.Kind, found.TraceHash)
	}
	t.Logf("rapid's shrunk %s: %d choices, replayed from %s", found.Failure.Kind, len(s.Choices), file)
}
