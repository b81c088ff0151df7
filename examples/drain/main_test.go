package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/execsim/execsim/simrun"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// drain runs the example binary in-process and returns its output and
// exit status.
func drain(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	reg, err := registry()
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code = simrun.Main(args, &out, &errb, reg)
	return out.String(), errb.String(), code
}

// The correct queue passes; each planted bug is found by a sweep, and the
// schedule the sweep wrote replays to the same failure, through the same
// simrun a user's binary gets from simrun.Main.
func TestSweepFindsAndReplayReproduces(t *testing.T) {
	dir := t.TempDir()
	if out, errs, code := drain(t, "-seeds", "200", "-workers", "1", "-o", dir); code != 0 {
		t.Fatalf("correct queue: exit %d, want 0\n%s%s", code, out, errs)
	}
	for _, tc := range []struct{ defect, kind string }{
		{"unlocked-submit", "panic"},
		{"no-join", "lost-job"},
	} {
		out, errs, code := drain(t, "-seeds", "200", "-workers", "1", "-defect", tc.defect, "-o", dir)
		if code != 1 || !strings.Contains(out, "("+tc.kind+"=") {
			t.Fatalf("-defect %s: exit %d, want 1 with %s failures\n%s%s", tc.defect, code, tc.kind, out, errs)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "submit-during-shutdown-seed*-"+tc.kind+".schedule"))
		if len(files) != 1 {
			t.Fatalf("-defect %s: schedule files %v, want one", tc.defect, files)
		}
		if !strings.Contains(out, "replay: go run ./examples/drain -replay "+files[0]) {
			t.Errorf("-defect %s: the replay command does not name this binary:\n%s", tc.defect, out)
		}
		out, errs, code = drain(t, "-replay", files[0], "-shrink", "-trace", filepath.Join(dir, tc.defect+".txt"), "-o", dir)
		if code != 1 || !strings.Contains(out, tc.kind) || strings.Contains(out, "note: the schedule recorded") {
			t.Errorf("replay of %s: exit %d, want 1 reproducing %s\n%s%s", files[0], code, tc.kind, out, errs)
		}
		if _, err := os.Stat(filepath.Join(dir, tc.defect+".txt")); err != nil {
			t.Errorf("replay of %s wrote no trace: %v", files[0], err)
		}
		os.Remove(files[0])
	}
}

// Shards of a sweep merge into one verdict, and the merge accepts the
// registry's own failure kind.
func TestShardsMerge(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for k := range 2 {
		out, errs, code := drain(t, "-seeds", "100", "-workers", "1", "-defect", "no-join", "-json", "-shard", []string{"0/2", "1/2"}[k], "-o", dir)
		if code != 1 {
			t.Fatalf("shard %d: exit %d, want 1\n%s", k, code, errs)
		}
		f := filepath.Join(dir, []string{"a.jsonl", "b.jsonl"}[k])
		if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	out, errs, code := drain(t, append([]string{"-merge"}, files...)...)
	if code != 1 || !strings.Contains(out, "lost-job=") || !strings.Contains(out, "of 100 runs failed") {
		t.Errorf("merge: exit %d, want 1 with lost-job over 100 runs\n%s%s", code, out, errs)
	}
}

// A user's registry is what -list and -h describe.
func TestListIsTheRegistry(t *testing.T) {
	out, _, code := drain(t, "-list")
	for _, want := range []string{"submit-during-shutdown", "unlocked-submit", "no-join", "lost-job"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("-list: exit %d, no %q:\n%s", code, want, out)
		}
	}
	if strings.Contains(out, "no-stop-signal") || strings.Contains(out, "start-shutdown") {
		t.Errorf("-list shows the executor's scenarios or defects:\n%s", out)
	}
	if _, _, code := drain(t, "-defect", "no-stop-signal", "-seeds", "1"); code != 2 {
		t.Errorf("an executor defect given to the example: exit %d, want 2", code)
	}
}
