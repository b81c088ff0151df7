package eval

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// realCampaign is one campaign of the executor on the real engine (real
// goroutines, loopback TCP, the wall clock): the executor's stress loop.
// It runs in simrun processes of chunk seeds each, because a defect that
// panics on a real goroutine ends the process, as it would a go test
// binary.
func realCampaign(ctx context.Context, simrun, work string, p defectProgram, form string, base uint64, runsMax int, wallMax time.Duration, chunk int) (c Campaign) {
	c = Campaign{Base: base}
	start := time.Now()
	defer func() { c.WallNS = time.Since(start).Nanoseconds() }()
	from := base * uint64(runsMax)
	inChunks(&c, start, runsMax, wallMax, chunk, func(n int, left time.Duration) bool {
		args := []string{"-engine", "real", "-scenario", p.Scenario, "-from", strconv.FormatUint(from+uint64(c.Runs), 10),
			"-seeds", strconv.Itoa(n), "-stop-on-fail", "-json", "-progress", "off", "-o", filepath.Join(work, "simrun-failures")}
		if form == FormBuggy {
			args = append(args, "-defect", strings.Join(p.Defects, ","))
		}
		out, code, timedOut := runProcess(ctx, simrun, work, os.Environ(), left, args...)
		// A process killed at the cap still wrote the lines of the runs
		// it finished: they count, a failure among them too.
		runs, failed, how, detail := parseSimrunJSON(out)
		c.Runs += runs
		switch {
		case timedOut && !failed:
			c.How = "wall cap"
			return true
		case failed:
			c.Found, c.How, c.Detail = true, how, detail
			return true
		case code != 0 && strings.Contains(out, "panic: "):
			// A real goroutine's panic ended the process during the next run.
			c.Runs++
			c.Found, c.How, c.Detail = true, "panic", firstFailureLine(out)
			return true
		case code != 0:
			c.How, c.Detail = "error", clip(firstLine(out), 160)
			return true
		}
		return false
	})
	return c
}

// parseSimrunJSON reads the run lines of simrun -json among the rest of
// its output: how many runs ended and the first failure.
func parseSimrunJSON(out string) (runs int, failed bool, how, detail string) {
	for line := range strings.SplitSeq(out, "\n") {
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var l struct {
			Verdict string `json:"verdict"`
			Failure *struct {
				Kind    string `json:"kind"`
				Message string `json:"message"`
			} `json:"failure"`
		}
		if json.Unmarshal([]byte(line), &l) != nil || l.Verdict == "" {
			continue
		}
		runs++
		if l.Verdict == "fail" && l.Failure != nil && !failed {
			failed, how, detail = true, l.Failure.Kind, clip(firstLine(l.Failure.Message), 160)
		}
	}
	return runs, failed, how, detail
}
