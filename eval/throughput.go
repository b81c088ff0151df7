package eval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"github.com/execsim/execsim/scenarios"
)

// throughput sweeps seeds of one scenario with the simrun binary and
// workers runs at a time, and measures the sweep's wall time: seeds/s as
// a user of simrun sees it, process start included.
func throughput(ctx context.Context, simrun, work, scenario string, seeds, workers int) (Throughput, error) {
	t := Throughput{Scenario: scenario, Workers: workers, Seeds: seeds}
	start := time.Now()
	out, code, timedOut := runProcess(ctx, simrun, work, os.Environ(), 3*time.Minute,
		"-scenario", scenario, "-seeds", strconv.Itoa(seeds), "-workers", strconv.Itoa(workers),
		"-progress", "off", "-o", filepath.Join(work, "simrun-failures"))
	t.WallNS = time.Since(start).Nanoseconds()
	if timedOut || code != 0 {
		return t, fmt.Errorf("eval: simrun -scenario %s -seeds %d -workers %d: exit %d\n%s", scenario, seeds, workers, code, clip(out, 2000))
	}
	t.PerSec = float64(seeds) / (float64(t.WallNS) / 1e9)
	return t, nil
}

// memory measures what one world of a scenario allocates: the growth of
// runtime.MemStats' TotalAlloc and Mallocs over runs runs in this process,
// divided by runs (the B/op and allocs/op BenchmarkScenario reports).
func memory(scenario string, runs int) (Memory, error) {
	m := Memory{Scenario: scenario, Runs: runs}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range runs {
		if _, err := scenarios.Run(scenarios.Config{Scenario: scenario, Seed: uint64(i)}); err != nil {
			return m, err
		}
	}
	runtime.ReadMemStats(&after)
	m.BytesPerRun = (after.TotalAlloc - before.TotalAlloc) / uint64(runs)
	m.AllocsPerRun = (after.Mallocs - before.Mallocs) / uint64(runs)
	return m, nil
}
