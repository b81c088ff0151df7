package eval

import (
	"regexp"
	"strconv"
	"strings"
)

// processOutcome is what one test-binary process said about the runs it
// made of one test.
type processOutcome struct {
	runs   int    // runs started (=== RUN lines of the test itself)
	failed bool   // some run or the process's exit check failed
	how    string // what showed it
	detail string
}

// leakMarker starts the line the generated leak-profile TestMain prints
// when the profile lists goroutines (see leakprofile.go).
const leakMarker = "goroutineleak: "

// parseNative reads the -test.v output of a test binary that ran test
// -test.count times with -test.failfast, and its exit status. A run that
// fails with t.Errorf ends the process's runs (failfast); a panic ends the
// process; a leak check at exit (goleak, the leak profile) fails a process
// whose runs all passed.
func parseNative(out string, test string, exitCode int) processOutcome {
	var o processOutcome
	run, fail := "=== RUN   "+test, "--- FAIL: "+test+" "
	for line := range strings.SplitSeq(out, "\n") {
		switch {
		case line == run:
			o.runs++
		case strings.HasPrefix(line, fail) && !o.failed:
			o.failed, o.how = true, "check"
		}
	}
	if o.failed {
		o.detail = firstFailureLine(out)
		if strings.Contains(out, "WARNING: DATA RACE") {
			o.how = "race"
		}
		switch {
		case strings.Contains(out, "deadlock: "):
			o.how = "deadlock"
		case strings.Contains(out, "panic: "):
			o.how = "panic"
		}
		return o
	}
	if exitCode == 0 {
		return o
	}
	o.failed = true
	switch {
	case strings.Contains(out, "deadlock: "), strings.Contains(out, "all goroutines are asleep"):
		o.how = "deadlock"
	case strings.Contains(out, "panic: "), strings.Contains(out, "fatal error: "):
		o.how = "panic"
	case strings.Contains(out, "goleak: "), strings.Contains(out, "found unexpected goroutines"):
		o.how = "leak"
	case strings.Contains(out, leakMarker):
		o.how = "leak"
	case strings.Contains(out, "WARNING: DATA RACE"):
		o.how = "race"
	default:
		o.how = "exit " + strconv.Itoa(exitCode)
	}
	o.detail = firstFailureLine(out)
	return o
}

// failureLine matches the lines worth quoting as a failure's detail.
var failureLine = regexp.MustCompile(`^(panic: |fatal error: |goleak: |` + leakMarker + `|WARNING: DATA RACE|\s+\S+_test\.go:\d+: |\s+\S+\.go:\d+: )`)

func firstFailureLine(out string) string {
	for line := range strings.SplitSeq(out, "\n") {
		if failureLine.MatchString(line) {
			return clip(strings.TrimSpace(line), 160)
		}
	}
	return ""
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// seedLine is simtest's report of a failing seed: "seed 41 (run 3 of
// 100), strategy pct depth=3 sized for 1000 steps: not-joined".
var seedLine = regexp.MustCompile(`seed (\d+) \(run (\d+) of [^)]*\), strategy [^:]*: ([a-z-]+)`)

// parseExecsim reads the output of a test binary built by execsim test
// that ran one test under seeds: the run of the first failure (simtest
// stops at it) and its kind. A binary that failed without such a line
// (the rewritten test could not run) is failed with how "error".
func parseExecsim(out string, exitCode int) (run int, found bool, how, detail string) {
	if m := seedLine.FindStringSubmatch(out); m != nil {
		n, _ := strconv.Atoi(m[2])
		return n, true, m[3], clip(strings.TrimSpace(m[0]), 160)
	}
	if exitCode != 0 {
		return 0, false, "error", firstFailureLine(out)
	}
	return 0, false, "", ""
}

// passedLine is simtest's summary of a test that passed every seed.
var passedLine = regexp.MustCompile(`simtest: passed: \d+ saved schedule\(s\) and (?:(\d+) seed\(s\)|seed \d+)`)

// seedsPassed is how many seeds a passing execsim run ran, from simtest's
// summary (-test.v); -1 if the output has none.
func seedsPassed(out string) int {
	m := passedLine.FindStringSubmatch(out)
	switch {
	case m == nil:
		return -1
	case m[1] == "":
		return 1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
