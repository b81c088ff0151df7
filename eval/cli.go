package eval

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
)

const module = "github.com/execsim/execsim"

// Main runs simeval with args (without the program's name) and returns its
// exit status: 0 done, 1 an error, 2 a bad command line.
func Main(args []string, stdout, stderr io.Writer) int {
	err := run(args, stdout, stderr)
	var ue *usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%v\nrun 'simeval -h' for usage\n", err)
		return 2
	case err != nil:
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

const usageText = `simeval measures execsim against the tools Go teams use today (a stress loop
with goleak, testing/synctest, the goroutine leak profile) on the kernel corpus
(kernels/, buggy and fixed) and the executor's audited defects, and writes the
raw results (JSON) and docs/EVALUATION.md with its charts.

Usage (at the root of the execsim module):
  simeval [flags]            measure and write the results and the document
  simeval -render            the document and charts again from the results file

Flags:
`

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("simeval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usageText); fs.PrintDefaults() }
	var (
		p                                     Plan
		out, doc, root                        string
		render, resume                        bool
		kernels, defects, tools, scenarioFlag string
	)
	fs.BoolVar(&p.Short, "short", false, "the short mode: 3 kernels, 2 defects, 3 base seeds, small caps (CI, under ~2 minutes)")
	fs.StringVar(&out, "o", "docs/evaluation/results.json", "the results `file`")
	fs.StringVar(&doc, "doc", "docs/EVALUATION.md", "the document `file` (charts go in evaluation/ beside it)")
	fs.StringVar(&root, "root", ".", "the execsim module's root `dir`")
	fs.BoolVar(&render, "render", false, "do not measure: write the document and charts from the results file")
	fs.BoolVar(&resume, "resume", false, "continue the results file: keep its cells measured with the same caps, and those outside this run's programs and tools; measure the rest")
	fs.StringVar(&kernels, "kernels", "", "the kernels to measure, `k1,k2`, or none (default: all; -short: "+strings.Join(shortKernels, ",")+")")
	fs.StringVar(&defects, "defects", "", "the executor's defects to measure, `d1,d2`, or none (default: all; -short: "+strings.Join(shortDefects, ",")+")")
	fs.StringVar(&tools, "tools", "", "the tools, `t1,t2` (default: all: "+strings.Join(slices.Concat(KernelTools, []string{ToolReal}), ",")+")")
	fs.StringVar(&scenarioFlag, "scenarios", "", "the scenarios whose throughput is measured, `s1,s2`, or none (default: all; -short: "+strings.Join(shortScenarios, ",")+")")
	fs.IntVar(&p.Bases, "bases", 0, "base seeds (campaigns) per buggy cell, `N` (default 20; -short 3)")
	fs.IntVar(&p.RunsMax, "runs-max", 0, "the runs of one campaign at most, `N` (default 1000; -short 30)")
	fs.DurationVar(&p.CellWallMax, "cell-wall", 0, "the wall time of one cell at most, `D`, shared by its campaigns (default 60s; -short 4s)")
	fs.IntVar(&p.Chunk, "chunk", 0, "the runs of one native test process, `N` (-test.count; default 50; -short 10)")
	fs.IntVar(&p.ThroughputSeeds, "throughput-seeds", 0, "seeds per throughput sweep, `N` (default 2000; -short 200)")
	fs.IntVar(&p.MemoryRuns, "memory-runs", 0, "runs the memory per world is averaged over, `N` (default 100; -short 20)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{"simeval: " + err.Error()}
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("simeval: unexpected argument %q", fs.Arg(0))}
	}
	if render && resume {
		return &usageError{"simeval: -render and -resume conflict: -render measures nothing"}
	}
	if err := checkRoot(root); err != nil {
		return err
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	at := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(root, p)
	}
	if render {
		r, err := Load(at(out))
		if err != nil {
			return err
		}
		return Render(r, at(doc))
	}
	p.Kernels, p.Defects, p.Tools, p.Scenarios = list(kernels), list(defects), list(tools), list(scenarioFlag)
	if err := p.withDefaults().check(); err != nil {
		return &usageError{err.Error()}
	}
	e := &Evaluation{Root: root, Plan: p, Out: at(out), Log: stderr, Args: args}
	if resume {
		prev, err := Load(at(out))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		e.Prev = prev
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	r, err := e.Run(ctx)
	if err != nil {
		return err
	}
	if err := Render(r, at(doc)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "simeval: wrote %s and %s (%d cells)\n", at(out), at(doc), len(r.Cells))
	return nil
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// checkRoot makes sure dir is the execsim module's root: simeval builds
// and runs its packages by relative path.
func checkRoot(dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return &usageError{fmt.Sprintf("simeval: -root %s: not a module root (%v); run simeval at the root of %s", dir, err, module)}
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" && f[1] == module {
			return nil
		}
	}
	return &usageError{fmt.Sprintf("simeval: -root %s: the module there is not %s", dir, module)}
}
