package scenarios

import (
	"strings"
	"testing"

	"github.com/execsim/execsim/sim"
)

// A registry of one's own: its scenarios, defects and kinds are the only
// ones a Config naming it accepts, a declared kind is a verdict, and an
// undeclared one is a harness failure that says what to do.
func TestRegistry(t *testing.T) {
	r := NewRegistry("go run ./cmd/mine")
	if err := r.AddKind("stale-read"); err != nil {
		t.Fatal(err)
	}
	if err := r.AddDefect(Defect{Name: "cache-bug", Description: "reads may be stale"}); err != nil {
		t.Fatal(err)
	}
	fail := func(kind Kind) func(*Env) error {
		return func(e *Env) error {
			if e.Defect("cache-bug") {
				e.Fail(kind, "read %d", e.Choose("x", 3))
			}
			return nil
		}
	}
	for _, s := range []Scenario{{Name: "declared", Run: fail("stale-read")}, {Name: "undeclared", Run: fail("made-up")}} {
		if err := r.Register(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []Scenario{{Name: "declared", Run: fail("x")}, {Name: "Bad Name", Run: fail("x")}, {Name: "all", Run: fail("x")}, {Name: "norun"}} {
		if err := r.Register(bad); err == nil {
			t.Errorf("Register(%q) accepted", bad.Name)
		}
	}
	if err := r.AddKind(Leak); err == nil {
		t.Error("AddKind of a standard kind accepted")
	}
	if err := Default().AddDefect(Defect{Name: "x"}); err == nil {
		t.Error("the executor's registry accepted a defect of its own")
	}

	run := func(name string, defects ...string) *Outcome {
		t.Helper()
		o, err := Run(Config{Scenario: name, Seed: 1, Defects: defects, Registry: r})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	if o := run("declared"); o.Failure != nil {
		t.Errorf("correct twin failed: %v", o.Failure)
	}
	o := run("declared", "cache-bug")
	if o.Failure == nil || o.Failure.Kind != "stale-read" {
		t.Fatalf("declared kind: %v, want stale-read", o.Failure)
	}
	if o.Program != "go run ./cmd/mine" {
		t.Errorf("outcome's program %q, want the registry's (simrun builds the replay command from it)", o.Program)
	}
	if f := run("undeclared", "cache-bug").Failure; f == nil || f.Kind != Harness || !strings.Contains(f.Message, "AddKind") {
		t.Errorf("undeclared kind: %v, want a harness failure naming AddKind", f)
	}

	// A schedule of the registry's run reads back to a Config of the registry.
	s := o.Schedule(o.Result.Schedule())
	cfg, err := r.ConfigFromSchedule(s)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Chooser = sim.NewReplay(s.Choices, nil)
	again, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if again.TraceHash != o.TraceHash || again.Failure == nil || again.Failure.Kind != "stale-read" {
		t.Errorf("replay: %v %s, want stale-read %s", again.Failure, again.TraceHash, o.TraceHash)
	}

	// Names outside the registry are errors, in both directions.
	for _, cfg := range []Config{
		{Scenario: "start-shutdown", Registry: r},
		{Scenario: "declared", Defects: []string{"no-join"}, Registry: r},
		{Scenario: "start-shutdown", Defects: []string{"cache-bug"}},
	} {
		if _, err := Run(cfg); err == nil {
			t.Errorf("Run(%s, defects %v, own registry %v) accepted", cfg.Scenario, cfg.Defects, cfg.Registry != nil)
		}
	}
	if _, err := ConfigFromSchedule(s); err == nil {
		t.Error("the executor's registry read a schedule of another registry's scenario")
	}
}
