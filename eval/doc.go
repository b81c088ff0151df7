// Package eval is the command simeval (cmd/simeval is its shim): it
// measures execsim against the tools Go teams use today on the same
// programs, and writes the raw results and docs/EVALUATION.md.
//
//	go run ./cmd/simeval -short     # a few programs, small caps: CI, under ~2 minutes
//	go run ./cmd/simeval            # every kernel and defect, 20 base seeds, 60 s per cell
//	go run ./cmd/simeval -render    # the document again from docs/evaluation/results.json
//
// # Programs, tools, campaigns
//
// The programs are the kernels (kernels/<name>, each a buggy form tested
// by TestBuggy and a fixed twin tested by TestFixed) and the executor's
// audited defects, each with the scenario scenarios/testdata/defects.txt
// aims at it (the fixed twin is that scenario with no defect).
//
// The tools: execsim's random walk and PCT at depths 1, 2 and 3; a stress
// loop (go test -race -count=N -failfast, goleak in the kernel's TestMain);
// testing/synctest (each test body wrapped in synctest.Test by an overlay
// of the test file); Go's goroutine leak profile
// (GOEXPERIMENT=goroutineleakprofile, checked by a TestMain put in place of
// the kernel's); and, for the executor, its real engine (simrun -engine
// real). Every kernel tool runs a test binary built once, in processes.
//
// A campaign is one tool's search from one base seed: runs until the first
// detection, or until its cap of runs or of wall time. A detection is a
// run that fails in any way. A cell is a program, a form (buggy or fixed)
// and a tool: Plan.Bases campaigns for the buggy form (their per-run rate,
// and the median and quartiles of the runs and wall time to the first
// detection, a campaign that found nothing counting as beyond its cap),
// one long campaign for the fixed twin (its failures are false alarms).
//
// # Results
//
// The results file (Results) holds every campaign, and is saved after
// every cell: -resume keeps the cells already measured with the same caps
// and those outside the run's plan, so that an interrupted run continues
// and an evaluation can be measured in parts (-kernels, -defects,
// -scenarios, each also "none"). The document and its SVG charts are a
// function of the file alone ([Render]), and name every program where a
// peer finds the bug more often per run, or sooner, than execsim.
package eval
