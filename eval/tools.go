package eval

import (
	"fmt"
	"slices"
)

// The tools, by the names the results and the document use.
const (
	ToolRandom      = "execsim-random"
	ToolPCT1        = "execsim-pct1"
	ToolPCT2        = "execsim-pct2"
	ToolPCT3        = "execsim-pct3"
	ToolStress      = "stress"      // go test -race -count=N with goleak in TestMain
	ToolSynctest    = "synctest"    // the test's body in testing/synctest.Test
	ToolLeakProfile = "leakprofile" // GOEXPERIMENT=goroutineleakprofile, checked after m.Run
	ToolReal        = "real-engine" // the executor on real goroutines and loopback TCP (simrun -engine real)
)

// KernelTools are the tools run on the kernels, execsim's first.
var KernelTools = []string{ToolRandom, ToolPCT1, ToolPCT2, ToolPCT3, ToolStress, ToolSynctest, ToolLeakProfile}

// ExecutorTools are the tools run on the executor's audited defects.
var ExecutorTools = []string{ToolRandom, ToolPCT1, ToolPCT2, ToolPCT3, ToolReal}

// isExecsim reports whether tool is one of execsim's strategies, and which.
func isExecsim(tool string) (strategy string, depth int, ok bool) {
	switch tool {
	case ToolRandom:
		return "random", 0, true
	case ToolPCT1:
		return "pct", 1, true
	case ToolPCT2:
		return "pct", 2, true
	case ToolPCT3:
		return "pct", 3, true
	}
	return "", 0, false
}

// checkTools validates a -tools list against the known ones.
func checkTools(tools []string) error {
	for _, t := range tools {
		if !slices.Contains(KernelTools, t) && !slices.Contains(ExecutorTools, t) {
			return fmt.Errorf("eval: -tools: unknown tool %q (known: %v and %s)", t, KernelTools, ToolReal)
		}
	}
	return nil
}
