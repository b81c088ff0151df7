package eval

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseNative(t *testing.T) {
	pass := "=== RUN   TestBuggy\n--- PASS: TestBuggy (0.00s)\n=== RUN   TestBuggy\n--- PASS: TestBuggy (0.00s)\nPASS\n"
	for _, tc := range []struct {
		name       string
		out        string
		code       int
		runs       int
		failed     bool
		how        string
		detailPart string
	}{
		{"all passed", pass, 0, 2, false, "", ""},
		{"check failed at the second run", "=== RUN   TestBuggy\n--- PASS: TestBuggy (0.00s)\n=== RUN   TestBuggy\n    kernel_test.go:22: calls lost: 1\n--- FAIL: TestBuggy (0.00s)\nFAIL\n", 1, 2, true, "check", "calls lost"},
		{"panic ends the process", "=== RUN   TestBuggy\npanic: send on closed channel\n\ngoroutine 7 [running]:\n", 2, 1, true, "panic", "send on closed channel"},
		{"goleak at exit", pass + "goleak: Errors on successful test run: found unexpected goroutines:\n", 1, 2, true, "leak", "goleak"},
		{"leak profile at exit", pass + leakMarker + "goroutineleak profile: total 2\n", 1, 2, true, "leak", "total 2"},
		{"synctest deadlock", "=== RUN   TestBuggy\n--- FAIL: TestBuggy (0.00s)\npanic: deadlock: main bubble goroutine has exited but blocked goroutines remain\n", 2, 1, true, "deadlock", "deadlock"},
		{"race", "=== RUN   TestBuggy\nWARNING: DATA RACE\n    testing.go:1490: race detected during execution of test\n--- FAIL: TestBuggy (0.00s)\n", 1, 1, true, "race", ""},
		{"subtests are not runs", "=== RUN   TestBuggy\n=== RUN   TestBuggy/a\n--- PASS: TestBuggy (0.00s)\n", 0, 1, false, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := parseNative(tc.out, "TestBuggy", tc.code)
			require.Equal(t, tc.runs, o.runs)
			require.Equal(t, tc.failed, o.failed)
			require.Equal(t, tc.how, o.how)
			require.Contains(t, o.detail, tc.detailPart)
		})
	}
}

func TestParseExecsim(t *testing.T) {
	out := "    kernel_test.go:19: simtest: seed 31 (run 2 of at most 30 in 1.3s), strategy pct depth=2 sized for 40 steps: panic\n--- FAIL: TestBuggy (0.00s)\n"
	run, found, how, detail := parseExecsim(out, 1)
	require.True(t, found)
	require.Equal(t, 2, run)
	require.Equal(t, "panic", how)
	require.Contains(t, detail, "seed 31")

	run, found, how, _ = parseExecsim("    kernel_test.go:19: simtest: seed 0 (run 1 of 100), strategy random: not-joined\n", 1)
	require.True(t, found)
	require.Equal(t, 1, run)
	require.Equal(t, "not-joined", how)

	_, found, how, _ = parseExecsim("# github.com/x\n./k.go:3:1: syntax error\n", 1)
	require.False(t, found)
	require.Equal(t, "error", how)

	passed := "    kernel_test.go:26: simtest: passed: 0 saved schedule(s) and 30 seed(s) 0..29, 3 replayed to check determinism, 298 steps\n--- PASS: TestFixed (0.00s)\n"
	_, found, how, _ = parseExecsim(passed, 0)
	require.False(t, found)
	require.Equal(t, "", how)
	require.Equal(t, 30, seedsPassed(passed))
	require.Equal(t, 1, seedsPassed("simtest: passed: 0 saved schedule(s) and seed 4, 0 replayed"))
	require.Equal(t, -1, seedsPassed("PASS\n"))
}

func TestParseSimrunJSON(t *testing.T) {
	out := `simrun: sweeping...
{"version":1,"scenario":"s","seed":0,"verdict":"pass"}
{"version":1,"scenario":"s","seed":1,"verdict":"fail","failure":{"kind":"not-joined","message":"shard 0: still running\nmore"}}
summary`
	runs, failed, how, detail := parseSimrunJSON(out)
	require.Equal(t, 2, runs)
	require.True(t, failed)
	require.Equal(t, "not-joined", how)
	require.Equal(t, "shard 0: still running", detail)

	runs, failed, _, _ = parseSimrunJSON(`{"verdict":"pass"}` + "\n")
	require.Equal(t, 1, runs)
	require.False(t, failed)
}
