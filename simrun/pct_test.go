package simrun

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A pct sweep sizes PCT from each scenario's first seeds, and a failure's
// replay command carries that length as -pct-steps: pasted, it gives the
// failing run's trace hash; and the sweep's lines are the same with one
// worker or two.
func TestPCTSweepReplayLineReproduces(t *testing.T) {
	procsMu.Lock()
	defer procsMu.Unlock()
	type line struct {
		Seed      uint64 `json:"seed"`
		Verdict   string `json:"verdict"`
		TraceHash string `json:"trace_hash"`
		Replay    string `json:"replay"`
		PCTSteps  int64  `json:"pct_steps"`
	}
	var first []line
	for _, workers := range []string{"1", "2"} {
		out, errOut, code := runIn(t.TempDir(), nil, "-json", "-scenario", "lossy-execute", "-seeds", "20", "-strategy", "pct", "-defect", "no-join", "-progress", "off", "-workers", workers)
		require.Equal(t, exitFail, code, "no-join fails lossy-execute under PCT within 20 seeds:\n%s", errOut)
		require.Regexp(t, `simrun: pct sized from seeds 0\.\.9: lossy-execute=\d+ steps`, errOut)
		var lines []line
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var v line
			require.NoError(t, json.Unmarshal([]byte(l), &v), l)
			lines = append(lines, v)
		}
		if first == nil {
			first = lines
		} else {
			require.Equal(t, first, lines, "the sweep's lines do not depend on the number of workers")
		}
	}
	var fail *line
	for i := range first {
		if first[i].Verdict == "fail" {
			fail = &first[i]
			break
		}
	}
	require.NotNil(t, fail)
	require.Positive(t, fail.PCTSteps)
	require.Contains(t, fail.Replay, " -pct-steps ")
	args, ok := strings.CutPrefix(fail.Replay, "go run ./cmd/simrun ")
	require.True(t, ok, fail.Replay)
	out, errOut, code := runIn(t.TempDir(), nil, append([]string{"-json"}, strings.Fields(args)...)...)
	require.Equal(t, exitFail, code, errOut)
	var again line
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(out)), &again), out)
	require.Equal(t, fail.TraceHash, again.TraceHash, "the replay line reproduces the run")
}

func TestPCTStepsFlagErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-pct-steps", "100"}, "simrun: -pct-steps: only the pct strategy is sized (add -strategy pct)\n"},
		{[]string{"-strategy", "pct", "-pct-steps", "-1"}, "simrun: -pct-steps: -1: want 1 to 1000000000000, or 0 to learn it\n"},
		{[]string{"-replay", "x.schedule", "-pct-steps", "100"}, "simrun: -replay: cannot be combined with -pct-steps\n"},
	} {
		_, errOut, code := runIn(t.TempDir(), nil, c.args...)
		require.Equal(t, exitUsage, code, "%v", c.args)
		require.Equal(t, c.want, errOut, "%v", c.args)
	}
}
