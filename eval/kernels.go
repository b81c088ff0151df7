package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// kernelBuilder builds one test binary per kernel and tool family, in a
// work directory, with the go command in the module root.
type kernelBuilder struct {
	root    string // the module root
	work    string // where binaries and overlays go
	execsim string // the execsim command, built once ("" until built)
}

// binaryFamily is which binary a tool runs: the execsim strategies share
// one.
func binaryFamily(tool string) string {
	if _, _, ok := isExecsim(tool); ok {
		return "execsim"
	}
	return tool
}

// build builds kernel k's binary for tool and returns its path.
func (b *kernelBuilder) build(ctx context.Context, k, tool string) (string, error) {
	fam := binaryFamily(tool)
	bin := filepath.Join(b.work, k+"."+fam+".test")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	pkg := "./kernels/" + k
	var args []string
	env := os.Environ()
	switch fam {
	case "execsim":
		if b.execsim == "" {
			exe := filepath.Join(b.work, "execsim")
			if err := b.goCmd(ctx, env, "build", "-o", exe, "./cmd/execsim"); err != nil {
				return "", err
			}
			b.execsim = exe
		}
		cmd := exec.CommandContext(ctx, b.execsim, "test", "-c", "-o", bin, pkg)
		cmd.Dir = b.root
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("eval: execsim test -c %s: %v\n%s", pkg, err, clip(string(out), 2000))
		}
		return bin, nil
	case ToolStress:
		args = []string{"test", "-c", "-race", "-o", bin, pkg}
	case ToolSynctest, ToolLeakProfile:
		ov, err := b.overlay(k, fam)
		if err != nil {
			return "", err
		}
		args = []string{"test", "-c", "-overlay=" + ov, "-o", bin, pkg}
		if fam == ToolLeakProfile {
			env = append(env, "GOEXPERIMENT=goroutineleakprofile")
		}
	default:
		return "", fmt.Errorf("eval: no kernel binary for tool %s", tool)
	}
	if err := b.goCmd(ctx, env, args...); err != nil {
		return "", err
	}
	return bin, nil
}

func (b *kernelBuilder) goCmd(ctx context.Context, env []string, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir, cmd.Env = b.root, env
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("eval: go %s: %v\n%s", strings.Join(args, " "), err, clip(string(out), 2000))
	}
	return nil
}

// overlay writes the overlay file of kernel k for the synctest or
// leak-profile binary and returns its path.
func (b *kernelBuilder) overlay(k, fam string) (string, error) {
	dir := filepath.Join(b.root, "kernels", k)
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return "", err
	}
	replace := map[string]string{}
	for i, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		var out []byte
		switch {
		case fam == ToolSynctest:
			var ok bool
			if out, ok, err = synctestSource(f, src); err != nil || !ok {
				if err != nil {
					return "", err
				}
				continue
			}
		case filepath.Base(f) == "main_test.go":
			if out, err = leakProfileSource(f, src); err != nil {
				return "", err
			}
		default:
			continue
		}
		dst := filepath.Join(b.work, fmt.Sprintf("%s.%s.%d.go", k, fam, i))
		if err := os.WriteFile(dst, out, 0o644); err != nil {
			return "", err
		}
		replace[f] = dst
	}
	if len(replace) == 0 {
		return "", fmt.Errorf("eval: %s: no test file to change for %s", k, fam)
	}
	j, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	ov := filepath.Join(b.work, k+"."+fam+".overlay.json")
	return ov, os.WriteFile(ov, j, 0o644)
}

// kernelCampaign is one campaign of tool on kernel k's form from base: a
// native tool runs the binary in processes of chunk runs each
// (-test.count, -test.failfast) until a run fails or a cap is reached; an
// execsim strategy runs it once over the seeds base*RunsMax onwards.
func kernelCampaign(ctx context.Context, root, bin, k, form, tool string, base uint64, runsMax int, wallMax time.Duration, chunk int) (c Campaign) {
	test := "TestBuggy"
	if form == FormFixed {
		test = "TestFixed"
	}
	dir := filepath.Join(root, "kernels", k)
	c = Campaign{Base: base}
	start := time.Now()
	defer func() { c.WallNS = time.Since(start).Nanoseconds() }()
	if strategy, depth, ok := isExecsim(tool); ok {
		env := append(os.Environ(), "EXECSIM_REWRITE=1", "EXECSIM_COMMAND=go run ./cmd/execsim test",
			"EXECSIM_SEEDS="+strconv.Itoa(runsMax), "EXECSIM_START="+strconv.FormatUint(base*uint64(runsMax), 10),
			"EXECSIM_STRATEGY="+strategy, "EXECSIM_PERSIST=false", "EXECSIM_FOR="+wallMax.String())
		if depth > 0 {
			env = append(env, "EXECSIM_DEPTH="+strconv.Itoa(depth))
		}
		out, code, timedOut := runProcess(ctx, bin, dir, env, wallMax+30*time.Second, "-test.run=^"+test+"$", "-test.v", "-test.count=1")
		run, found, how, detail := parseExecsim(out, code)
		switch {
		case found:
			c.Found, c.Runs, c.How, c.Detail = true, run, how, detail
		case timedOut:
			c.How = "wall cap"
		case how == "error":
			c.How, c.Detail = "error", detail
		default:
			c.Runs = max(seedsPassed(out), 0)
			c.How = "runs cap"
			if c.Runs < runsMax {
				c.How = "wall cap"
			}
		}
		return c
	}
	env := os.Environ()
	if form == FormBuggy {
		env = append(env, "EXECSIM_BUGGY=1")
	}
	inChunks(&c, start, runsMax, wallMax, chunk, func(n int, left time.Duration) bool {
		out, code, timedOut := runProcess(ctx, bin, dir, env, left, "-test.run=^"+test+"$", "-test.v", "-test.failfast", "-test.count="+strconv.Itoa(n))
		if timedOut {
			// The runs that passed before the kill count; the one cut
			// short does not.
			c.Runs += strings.Count(out, "--- PASS: "+test+" ")
			c.How = "wall cap"
			return true
		}
		o := parseNative(out, test, code)
		c.Runs += max(o.runs, 1)
		if o.failed {
			c.Found, c.How, c.Detail = true, o.how, o.detail
			return true
		}
		return false
	})
	return c
}

// inChunks runs a campaign as processes of up to chunk runs each: run is
// given the next process's runs and the wall time left, and reports
// whether the campaign is over. Otherwise it ends at runsMax runs ("runs
// cap") or when the wall time is spent ("wall cap").
func inChunks(c *Campaign, start time.Time, runsMax int, wallMax time.Duration, chunk int, run func(n int, left time.Duration) (over bool)) {
	for c.Runs < runsMax {
		left := wallMax - time.Since(start)
		if left <= 0 {
			c.How = "wall cap"
			return
		}
		if run(min(chunk, runsMax-c.Runs), left) {
			return
		}
	}
	c.How = "runs cap"
}

// runProcess runs bin in dir and returns its combined output and exit
// status; timedOut when it was killed at the deadline.
func runProcess(ctx context.Context, bin, dir string, env []string, limit time.Duration, args ...string) (out string, code int, timedOut bool) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir, cmd.Env = dir, env
	cmd.WaitDelay = 5 * time.Second
	var b bytes.Buffer
	cmd.Stdout, cmd.Stderr = &b, &b
	err := cmd.Run()
	if ctx.Err() != nil {
		return b.String(), -1, true
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return b.String(), max(ee.ExitCode(), 1), false
	}
	if err != nil {
		return err.Error(), 1, false
	}
	return b.String(), 0, false
}
