package fuzz

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/execsim/execsim/executor"
	"github.com/execsim/execsim/scenarios"
	"github.com/execsim/execsim/sim"
)

// The environment variables the targets read (doc.go explains them).
const (
	envDefects  = "EXECSIM_DEFECTS"
	envFailures = "EXECSIM_FAILURES"
)

// lifecycleScenario is the scenario every operation of which is a draw,
// so that the fuzzer's bytes choose the operations, the network faults
// and the interleaving together.
const lifecycleScenario = "random-ops"

// defectsFromEnv reads EXECSIM_DEFECTS: a comma-separated list of
// executor defects to switch on, none when unset. A name executor does not
// know stops the test: a typo must not silently fuzz correct code.
func defectsFromEnv(tb testing.TB) []string {
	v := strings.TrimSpace(os.Getenv(envDefects))
	if v == "" || v == "none" {
		return nil
	}
	names := strings.Split(v, ",")
	for i := range names {
		names[i] = strings.TrimSpace(names[i])
	}
	if _, err := executor.ParseDefects(names...); err != nil {
		tb.Fatalf("fuzz: %s=%q: %v", envDefects, v, err)
	}
	return names
}

// failuresDir is where failing runs' schedule files go: EXECSIM_FAILURES,
// else a directory under os.TempDir(), so that fuzzing never leaves files
// in the source tree besides the corpus entry go test -fuzz writes itself.
func failuresDir() string {
	if d := os.Getenv(envFailures); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "execsim-fuzz")
}

// FuzzLifecycle runs the random-ops scenario with the fuzz input as the
// world's chooser (sim.NewBytes): the bytes pick the cluster size, every
// operation (start, shutdown, restart, submit, crash, partition, heal,
// waits), every network draw and every scheduling decision. Any property
// failure (leak, panic, hang, lost, wrong-result, restart) fails the
// target, after a replay has confirmed it, with a schedule file and the
// simrun command that replays it.
func FuzzLifecycle(f *testing.F) {
	defects := defectsFromEnv(f)
	// The seed corpus proper is testdata/fuzz/FuzzLifecycle; these two are
	// the extremes: the calmest run (every answer 0) and a busy one.
	f.Add([]byte{})
	f.Add([]byte{2, 0, 0, 11, 0, 4, 0, 2, 1, 0, 0, 4, 4, 1, 7, 5, 1, 3, 2, 0, 1, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := scenarios.Run(scenarios.Config{Scenario: lifecycleScenario, Chooser: sim.NewBytes(data), Defects: defects})
		if err != nil {
			t.Fatalf("fuzz: %v", err)
		}
		if out.Failure == nil {
			return
		}
		t.Fatal(reportFailure(out, defects, fmt.Sprintf("FuzzLifecycle input %x", sha256.Sum256(data))))
	})
}

// reportFailure replays a failing run's schedule (a failure that does not
// come out the same again is its own verdict, nondeterminism), writes the
// schedule file, and returns the message a failing test prints: the
// configuration, the verdict, the file and the command to paste.
func reportFailure(out *scenarios.Outcome, defects []string, origin string) string {
	choices := out.Result.Schedule()
	var b strings.Builder
	fmt.Fprintf(&b, "scenario=%s defects=%s choices=%d\n", out.Scenario, defectsString(defects), len(choices))
	fmt.Fprintf(&b, "%s\n", out.Failure.Error())
	if out.Failure.Report != "" {
		fmt.Fprintf(&b, "%s\n", out.Failure.Report)
	}
	again, err := replay(out.Schedule(choices))
	switch {
	case err != nil:
		fmt.Fprintf(&b, "NONDETERMINISTIC: replaying the schedule: %v\n", err)
	case again.Failure == nil || again.Failure.Kind != out.Failure.Kind || again.TraceHash != out.TraceHash:
		fmt.Fprintf(&b, "NONDETERMINISTIC: the schedule replays to %s (trace_hash %s), the run gave %s (%s)\n",
			kindOf(again), again.TraceHash, out.Failure.Kind, out.TraceHash)
	}
	file, err := saveSchedule(out, choices, origin)
	if err != nil {
		fmt.Fprintf(&b, "fuzz: %v\n", err)
		return b.String()
	}
	fmt.Fprintf(&b, "schedule written: %s\n", file)
	fmt.Fprintf(&b, "replay: go run ./cmd/simrun -replay %s\n", file)
	fmt.Fprintf(&b, "FAIL: %s", out.Failure.Kind)
	return b.String()
}

// saveSchedule writes choices as a simrun schedule file in failuresDir,
// named by the scenario, kind and a hash of the choices (the same failure
// found twice is one file), and returns its path.
func saveSchedule(out *scenarios.Outcome, choices []sim.Choice, origin string) (string, error) {
	h := sha256.New()
	for _, c := range choices {
		fmt.Fprintf(h, "%d/%d/%d ", c.Kind, c.Pick, c.N)
	}
	name := fmt.Sprintf("%s-%s-%s.schedule", out.Scenario, out.Failure.Kind, hex.EncodeToString(h.Sum(nil))[:12])
	file, err := filepath.Abs(filepath.Join(failuresDir(), name))
	if err != nil {
		return "", err
	}
	s := out.Schedule(choices,
		fmt.Sprintf("%s: %s: %s", origin, out.Scenario, out.Failure.Error()),
		"replay: go run ./cmd/simrun -replay "+file,
		"found by fuzzing: only this file reproduces it, not the seed")
	if err := s.WriteFile(file); err != nil {
		return "", err
	}
	return file, nil
}

// replay runs a schedule file's configuration with its choices, exactly
// as simrun -replay does; a divergence (the file no longer fits the code)
// is an error.
func replay(s *sim.Schedule) (*scenarios.Outcome, error) {
	cfg, err := scenarios.ConfigFromSchedule(s)
	if err != nil {
		return nil, err
	}
	rp := sim.NewReplay(s.Choices, nil)
	cfg.Chooser = rp
	out, err := scenarios.Run(cfg)
	if err != nil {
		return nil, err
	}
	if d := rp.Divergence(); d != nil {
		return out, fmt.Errorf("fuzz: the schedule diverged: %s", d)
	}
	return out, nil
}

func kindOf(o *scenarios.Outcome) string {
	if o.Failure == nil {
		return "pass"
	}
	return string(o.Failure.Kind)
}

func defectsString(d []string) string {
	if len(d) == 0 {
		return "none"
	}
	return strings.Join(d, ",")
}

// scheduleBytes encodes choices as the fuzz input that sim.NewBytes turns
// back into the same answers: one byte for a decision among at most 256,
// two (big-endian) up to 65,536, four beyond. Trailing zero bytes are
// dropped: an exhausted input answers 0 anyway. It turns any recorded run
// (a random seed, a shrunk schedule) into a corpus entry.
func scheduleBytes(choices []sim.Choice) []byte {
	var b []byte
	for _, c := range choices {
		switch {
		case c.N > 1<<16:
			b = append(b, byte(c.Pick>>24), byte(c.Pick>>16), byte(c.Pick>>8), byte(c.Pick))
		case c.N > 1<<8:
			b = append(b, byte(c.Pick>>8), byte(c.Pick))
		default:
			b = append(b, byte(c.Pick))
		}
	}
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	return b
}
