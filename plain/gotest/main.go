package gotest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Main runs execsim with args (without the program's name) and returns the
// exit status: go test's own for execsim test, 2 for a bad command line, 1
// for any other error.
func Main(args []string, stdout, stderr io.Writer) int {
	return (&Command{Stdout: stdout, Stderr: stderr}).Main(args)
}

// Command is one execsim command run, with what it runs in. The zero value
// of each field is the ordinary one; tests set them.
type Command struct {
	Stdout, Stderr io.Writer
	Dir            string   // the directory to run in; "" the current one
	Env            []string // the environment of the go command; nil os.Environ()
	Rewriter       Rewriter // nil: package plain/rewrite's
	CacheDir       string   // where rewritten files are kept; "": os.UserCacheDir()/execsim/rewrite
}

// Main is [Main] for c.
func (c *Command) Main(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.Stderr, helpText)
		return 2
	}
	var err error
	code := 0
	switch args[0] {
	case "test":
		code, err = c.test(args[1:])
	case "rewrite":
		err = c.rewrite(args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Fprint(c.Stdout, helpText)
		return 0
	default:
		err = usagef("unknown command %q (commands: test, rewrite, help)", args[0])
	}
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(c.Stderr, "%v\nrun 'execsim help' for usage\n", err)
		return 2
	case err != nil:
		fmt.Fprintln(c.Stderr, err)
		return 1
	}
	return code
}

// setup is what both commands need: the go command, the module, and the
// flags that make rewritten files compile in it.
type setup struct {
	g       goTool
	mod     module
	modArgs []string // -modfile and -mod for a module that does not require execsim
	// execsimDir is where the temporary -modfile finds execsim, "" without one.
	execsimDir string
	deps       []depModule // the modules rewritten in copies (depmodule.go)
	command    string      // the command prefix a failure prints (EXECSIM_COMMAND)
	cleanup    func()
}

func (c *Command) setup(userMod bool) (*setup, error) {
	path, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("execsim: no go command on PATH: %v", err)
	}
	env := c.Env
	if env == nil {
		env = os.Environ()
	}
	dir := c.Dir
	if dir == "" {
		if dir, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	s := &setup{g: goTool{path: path, dir: dir, env: env}, cleanup: func() {}}
	if s.mod, err = mainModule(s.g); err != nil {
		return nil, err
	}
	switch {
	case s.mod.Path == execsimModule:
		s.command = "go run ./cmd/execsim test"
	case requiresExecsim(s.g, s.mod):
		s.command = "go run " + execsimModule + "/cmd/execsim test"
	case userMod:
		return nil, usagef("-modfile: the module does not require %s, so execsim needs a -modfile of its own", execsimModule)
	default:
		tmp, err := os.MkdirTemp("", "execsim-mod-")
		if err != nil {
			return nil, err
		}
		s.cleanup = func() { os.RemoveAll(tmp) }
		if s.modArgs, s.execsimDir, err = tempModfile(s.g, s.mod, tmp); err != nil {
			s.cleanup()
			return nil, err
		}
		// go run of execsim in a module that does not require it fails:
		// the command installed (go install .../cmd/execsim) is the one.
		s.command = "execsim test"
	}
	return s, nil
}

func (c *Command) rewriter() Rewriter {
	if c.Rewriter != nil {
		return c.Rewriter
	}
	return builtin{}
}

func (c *Command) cacheDir() (string, error) {
	if c.CacheDir != "" {
		return c.CacheDir, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("execsim: no cache directory for rewritten files: %v", err)
	}
	return filepath.Join(dir, "execsim", "rewrite"), nil
}

// test is execsim test: it rewrites, then runs go test over the rewritten
// files and returns go test's exit status.
func (c *Command) test(args []string) (int, error) {
	a, err := parseTest(args)
	if err != nil {
		return 0, err
	}
	s, err := c.setup(hasFlag(a.buildFlags, "-modfile"))
	if err != nil {
		return 0, err
	}
	defer s.cleanup()
	buildFlags := append(append([]string(nil), a.buildFlags...), s.modArgs...)
	pkgs, err := toRewrite(s.g, buildFlags, a.pkgs, a.rewrite)
	if err != nil {
		return 0, err
	}
	if pkgs, err = c.copyDeps(s, hasFlag(a.buildFlags, "-modfile"), pkgs); err != nil {
		return 0, err
	}
	buildFlags = append(append([]string(nil), a.buildFlags...), s.modArgs...)
	overlayPath, m, cached, err := c.overlay(s, a.keep, a.buildFlags, buildFlags, pkgs)
	if err != nil {
		return 0, err
	}
	printNotes(c.Stderr, m.Notes)
	goArgs := []string{"test", "-overlay=" + overlayPath}
	if !a.vetGiven {
		// vet would check the rewritten text, not the user's: its
		// findings there are the rewriter's, and go vet on the sources
		// checks the user's code.
		goArgs = append(goArgs, "-vet=off")
	}
	goArgs = append(append(append(goArgs, s.modArgs...), a.goArgs...), a.binArgs...)
	env := a.env(s.g.env, s.command)
	if a.verbose {
		how := "rewrote"
		if cached {
			how = "reused the rewrite of"
		}
		fmt.Fprintf(c.Stderr, "execsim: %s %d file(s) in %d package(s); overlay %s\n", how, len(m.Replace), len(pkgs), overlayPath)
		for _, d := range s.deps {
			fmt.Fprintf(c.Stderr, "execsim: module %s@%s is rewritten in its copy %s\n", d.Path, d.Version, d.Copy)
		}
		fmt.Fprintf(c.Stderr, "execsim: %s go %s\n", strings.Join(env[len(env)-countExecsimEnv(env):], " "), strings.Join(goArgs, " "))
	}
	cmd := exec.Command(s.g.path, goArgs...)
	cmd.Dir, cmd.Env = s.g.dir, env
	cmd.Stdout, cmd.Stderr = c.Stdout, c.Stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if code := ee.ExitCode(); code > 0 {
			return code, nil
		}
		return 1, nil // killed by a signal
	}
	if err != nil {
		return 0, fmt.Errorf("execsim: running go test: %v", err)
	}
	return 0, nil
}

// countExecsimEnv counts the EXECSIM_ variables env ends with, which the
// command added.
func countExecsimEnv(env []string) int {
	n := 0
	for i := len(env) - 1; i >= 0 && strings.HasPrefix(env[i], "EXECSIM_"); i-- {
		n++
	}
	return n
}

func hasFlag(flags []string, name string) bool {
	for _, f := range flags {
		if f == name || strings.HasPrefix(f, name+"=") || strings.HasPrefix(f, "-"+name) {
			return true
		}
	}
	return false
}

// overlay rewrites pkgs, or finds the same rewrite in the cache, and
// returns the overlay file for go test, the rewrite, and whether it came
// from the cache. With keep set the files go there instead, rewritten anew.
//
// The cache key has the user's build flags, not the temporary -modfile's
// path, which is new every run: what that file says follows from the
// module's go.mod, which the key holds, and from execsim's directory.
func (c *Command) overlay(s *setup, keepDir string, userFlags, buildFlags []string, pkgs []listed) (string, manifest, bool, error) {
	rw := c.rewriter()
	req := Request{Dir: s.g.dir, Env: s.g.env, BuildFlags: buildFlags, MainGoVersion: s.mod.GoVersion}
	for _, p := range pkgs {
		req.Patterns = append(req.Patterns, p.ImportPath)
	}
	if keepDir != "" {
		res, err := rewriteAll(rw, req)
		if err != nil {
			return "", manifest{}, false, err
		}
		relocate(res, s.deps)
		replace, err := keep(keepDir, s.mod.Dir, res.Files)
		if err != nil {
			return "", manifest{}, false, fmt.Errorf("execsim: -keep: %v", err)
		}
		path, err := filepath.Abs(filepath.Join(keepDir, "overlay.json"))
		if err != nil {
			return "", manifest{}, false, err
		}
		if err := writeJSON(path, overlay{Replace: replace}); err != nil {
			return "", manifest{}, false, fmt.Errorf("execsim: -keep: %v", err)
		}
		return path, manifest{Replace: replace, Notes: res.Notes}, false, nil
	}
	cache, err := c.cacheDir()
	if err != nil {
		return "", manifest{}, false, err
	}
	goVersion, err := s.g.output("env", "GOVERSION")
	if err != nil {
		return "", manifest{}, false, err
	}
	modFiles := []string{s.mod.GoMod, strings.TrimSuffix(s.mod.GoMod, ".mod") + ".sum"}
	keyFlags := append([]string(nil), userFlags...)
	if s.execsimDir != "" {
		keyFlags = append(keyFlags, "execsim module in "+s.execsimDir)
	}
	for _, d := range s.deps {
		// The copy's files are in the key (pkgs names them); where the
		// module cache has them is in the rewritten //line directives.
		keyFlags = append(keyFlags, "module "+d.Path+"@"+d.Version+" from "+d.Dir)
	}
	key, err := cacheKey(rw.Version(), strings.TrimSpace(string(goVersion)), keyFlags, pkgs, modFiles)
	if err != nil {
		return "", manifest{}, false, fmt.Errorf("execsim: reading the files to rewrite: %v", err)
	}
	manifestPath := filepath.Join(cache, "runs", key+".json")
	overlayPath := filepath.Join(cache, "runs", key+".overlay.json")
	if m, ok := readManifest(manifestPath); ok {
		if _, err := os.Stat(overlayPath); err == nil {
			return overlayPath, m, true, nil
		}
	}
	res, err := rewriteAll(rw, req)
	if err != nil {
		return "", manifest{}, false, err
	}
	relocate(res, s.deps)
	replace, err := store(filepath.Join(cache, "files"), res.Files)
	if err != nil {
		return "", manifest{}, false, fmt.Errorf("execsim: writing rewritten files: %v", err)
	}
	m := manifest{Replace: replace, Notes: res.Notes}
	if err := writeJSON(overlayPath, overlay{Replace: replace}); err != nil {
		return "", manifest{}, false, fmt.Errorf("execsim: writing the overlay: %v", err)
	}
	if err := writeJSON(manifestPath, m); err != nil {
		return "", manifest{}, false, fmt.Errorf("execsim: writing the overlay: %v", err)
	}
	return overlayPath, m, false, nil
}

// copyDeps copies the modules of the module cache that hold packages of
// pkgs into execsim's cache and gives the build a -modfile that replaces
// them by their copies (depmodule.go), so that their files can be
// overlaid; it returns pkgs with their directories in the copies.
func (c *Command) copyDeps(s *setup, userModfile bool, pkgs []listed) ([]listed, error) {
	other := false
	for _, p := range pkgs {
		other = other || p.Module != nil && !p.Module.Main
	}
	if !other {
		return pkgs, nil
	}
	gomodcache, err := modCache(s.g)
	if err != nil {
		return nil, err
	}
	cache, err := c.cacheDir()
	if err != nil {
		return nil, err
	}
	mods, err := depModules(pkgs, gomodcache, cache)
	if err != nil || len(mods) == 0 {
		return pkgs, err
	}
	if userModfile {
		return nil, usagef("-modfile: -rewrite of a package of %s@%s, in the module cache, needs a -modfile of execsim's own, which replaces the module by a copy of it; run without -modfile", mods[0].Path, mods[0].Version)
	}
	for _, m := range mods {
		if err := copyModule(m); err != nil {
			return nil, err
		}
	}
	gomod := s.mod.GoMod
	if len(s.modArgs) > 0 {
		gomod = strings.TrimPrefix(s.modArgs[0], "-modfile=") // tempModfile's
	}
	tmp, err := os.MkdirTemp("", "execsim-mod-")
	if err != nil {
		return nil, err
	}
	prev := s.cleanup
	s.cleanup = func() { os.RemoveAll(tmp); prev() }
	path, err := replaceModfile(s.g, gomod, tmp, mods)
	if err != nil {
		return nil, err
	}
	if len(s.modArgs) > 0 {
		s.modArgs[0] = "-modfile=" + path
	} else {
		s.modArgs = []string{"-modfile=" + path}
	}
	s.deps = mods
	out := make([]listed, len(pkgs))
	for i, p := range pkgs {
		for _, m := range mods {
			if rel, err := filepath.Rel(m.Dir, p.Dir); err == nil && filepath.IsLocal(rel) {
				p.Dir = filepath.Join(m.Copy, rel)
			}
		}
		out[i] = p
	}
	return out, nil
}

// rewriteAll calls the rewriter and checks its answer: every file it
// rewrote must be named by its absolute path.
func rewriteAll(rw Rewriter, req Request) (*Rewritten, error) {
	if len(req.Patterns) == 0 {
		return &Rewritten{}, nil
	}
	res, err := rw.Rewrite(req)
	if err != nil {
		return nil, fmt.Errorf("execsim: rewriting: %w", err)
	}
	for f := range res.Files {
		if !filepath.IsAbs(f) {
			return nil, fmt.Errorf("execsim: the rewriter named a file by a relative path: %s", f)
		}
	}
	return res, nil
}

// printNotes prints what the rewriter left as it was, once each.
func printNotes(w io.Writer, notes []Note) {
	seen := map[Note]bool{}
	for _, n := range notes {
		if seen[n] {
			continue
		}
		seen[n] = true
		fmt.Fprintf(w, "execsim: not rewritten: %s: %s\n", n.Pos, n.Msg)
	}
}

// rewrite is execsim rewrite: the rewritten sources of the named packages,
// printed, or written under -o.
func (c *Command) rewrite(args []string) error {
	var out string
	var buildFlags, patterns []string
	for i := 0; i < len(args); i++ {
		name, value, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		switch {
		case !strings.HasPrefix(args[i], "-"):
			patterns = append(patterns, args[i])
		case name == "o" || name == "tags":
			if !hasValue {
				if i+1 >= len(args) {
					return usagef("flag needs an argument: -%s", name)
				}
				i++
				value = args[i]
			}
			if value == "" {
				return usagef("-%s: empty value", name)
			}
			if name == "o" {
				out = value
			} else {
				buildFlags = append(buildFlags, "-tags="+value)
			}
		default:
			return usagef("rewrite: unknown flag %s (flags: -o dir, -tags list)", args[i])
		}
	}
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	s, err := c.setup(false)
	if err != nil {
		return err
	}
	defer s.cleanup()
	buildFlags = append(buildFlags, s.modArgs...)
	pkgs, err := s.g.list(append(append([]string{}, buildFlags...), append([]string{"--"}, patterns...)...)...)
	if err != nil {
		return err
	}
	req := Request{Dir: s.g.dir, Env: s.g.env, BuildFlags: buildFlags, MainGoVersion: s.mod.GoVersion}
	for _, p := range pkgs {
		if p.Error != nil {
			return fmt.Errorf("execsim: %s: %s", p.ImportPath, p.Error.Err)
		}
		req.Patterns = append(req.Patterns, p.ImportPath)
	}
	res, err := rewriteAll(c.rewriter(), req)
	if err != nil {
		return err
	}
	printNotes(c.Stderr, res.Notes)
	if out != "" {
		_, err := keep(out, s.mod.Dir, res.Files)
		return err
	}
	names := make([]string, 0, len(res.Files))
	for f := range res.Files {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		fmt.Fprintf(c.Stdout, "// ==> %s <==\n%s", f, res.Files[f])
		if !strings.HasSuffix(string(res.Files[f]), "\n") {
			fmt.Fprintln(c.Stdout)
		}
	}
	return nil
}
