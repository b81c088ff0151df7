package rewrite

import (
	"bytes"
	"encoding/json"
	"flag"
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/packages"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden (not .go: the output keeps the input's lines, not gofmt's layout) from the rewriter's output")

// A golden case is testdata/NAME.input.go, a main package; its rewrite is
// compared with testdata/NAME.golden.go, and the notes with the lines of
// testdata/NAME.notes (absent: none). A name with _test in it is
// rewritten as a _test.go file.
type goldenCase struct {
	name   string
	input  []byte
	output []byte
	notes  []Note
	file   *ast.File   // the input, parsed
	info   *types.Info // and type-checked
	inDir  string      // the virtual package directory of the input
	outDir string      // and of the output
}

var (
	goldenOnce  sync.Once
	goldenCases []*goldenCase
	goldenErr   error
)

func modRoot(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// loadGolden type-checks every input as its own package in a directory
// that exists only in an overlay (so that it resolves this module's
// packages, plain included), and rewrites it.
func loadGolden(t testing.TB) []*goldenCase {
	goldenOnce.Do(func() {
		dir := modRoot(t)
		inputs, err := filepath.Glob(filepath.Join(dir, "testdata", "*.input.go"))
		if err != nil || len(inputs) == 0 {
			goldenErr = err
			return
		}
		overlay := map[string][]byte{}
		var patterns []string
		byDir := map[string]*goldenCase{}
		for _, in := range inputs {
			src, err := os.ReadFile(in)
			if err != nil {
				goldenErr = err
				return
			}
			name := strings.TrimSuffix(filepath.Base(in), ".input.go")
			c := &goldenCase{
				name:   name,
				input:  src,
				inDir:  filepath.Join(dir, "execsim_golden", "in", strings.ReplaceAll(name, "_test", "_t")),
				outDir: filepath.Join(dir, "execsim_golden", "out", strings.ReplaceAll(name, "_test", "_t")),
			}
			overlay[filepath.Join(c.inDir, "main.go")] = src
			patterns = append(patterns, c.inDir)
			byDir[c.inDir] = c
			goldenCases = append(goldenCases, c)
		}
		cfg := &packages.Config{
			Mode:    packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo,
			Dir:     dir,
			Overlay: overlay,
		}
		pkgs, err := packages.Load(cfg, patterns...)
		if err != nil {
			goldenErr = err
			return
		}
		for _, p := range pkgs {
			if len(p.Errors) > 0 {
				goldenErr = p.Errors[0]
				return
			}
			c := byDir[filepath.Dir(p.GoFiles[0])]
			if c == nil || len(p.Syntax) != 1 {
				continue
			}
			c.file, c.info = p.Syntax[0], p.TypesInfo
			c.output, c.notes, err = Source(p.Fset, c.file, c.input, p.TypesInfo, strings.Contains(c.name, "_test"))
			if err != nil {
				goldenErr = err
				return
			}
		}
	})
	if goldenErr != nil {
		t.Fatalf("loading golden inputs: %v", goldenErr)
	}
	return goldenCases
}

// portable replaces the virtual directory in //line directives and notes
// by the case's file name, so that golden files do not name this machine.
func (c *goldenCase) portable(b []byte) []byte {
	return bytes.ReplaceAll(b, []byte(filepath.Join(c.inDir, "main.go")), []byte(c.name+".input.go"))
}

func (c *goldenCase) notesText() []byte {
	var b bytes.Buffer
	for _, n := range c.notes {
		b.WriteString(n.Pos + ": " + n.Msg + "\n")
	}
	return c.portable(b.Bytes())
}

func TestGolden(t *testing.T) {
	for _, c := range loadGolden(t) {
		t.Run(c.name, func(t *testing.T) {
			if c.output == nil {
				t.Fatalf("nothing was rewritten")
			}
			got := c.portable(c.output)
			notes := c.notesText()
			gp := filepath.Join("testdata", c.name+".golden")
			np := filepath.Join("testdata", c.name+".notes")
			if *update {
				if err := os.WriteFile(gp, got, 0o644); err != nil {
					t.Fatal(err)
				}
				if len(notes) > 0 {
					if err := os.WriteFile(np, notes, 0o644); err != nil {
						t.Fatal(err)
					}
				} else {
					os.Remove(np)
				}
				return
			}
			want, err := os.ReadFile(gp)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("rewrite of %s differs from %s (run with -update if the change is intended):\n%s", c.name, gp, got)
			}
			wantNotes, _ := os.ReadFile(np)
			if !bytes.Equal(notes, wantNotes) {
				t.Errorf("notes of %s:\n%s\nwant:\n%s", c.name, notes, wantNotes)
			}
		})
	}
}

// TestGoldenCompiles type-checks every rewritten golden input with the
// real plain package.
func TestGoldenCompiles(t *testing.T) {
	cases := loadGolden(t)
	overlay := map[string][]byte{}
	var patterns []string
	for _, c := range cases {
		overlay[filepath.Join(c.outDir, "main.go")] = c.output
		patterns = append(patterns, c.outDir)
	}
	cfg := &packages.Config{
		Mode:    packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo,
		Dir:     modRoot(t),
		Overlay: overlay,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != len(cases) {
		t.Fatalf("loaded %d packages for %d cases", len(pkgs), len(cases))
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Errorf("%s: %v", filepath.Base(p.PkgPath), e)
		}
		if p.Types != nil && !imports(p.Types, plainPath) {
			t.Errorf("%s does not import %s", p.PkgPath, plainPath)
		}
	}
}

func imports(p *types.Package, path string) bool {
	for _, i := range p.Imports() {
		if i.Path() == path {
			return true
		}
	}
	return false
}

// tokenLines is, for every identifier and literal of a file, its line:
// where the compiler places it, //line and /*line*/ directives applied.
func tokenLines(t *testing.T, src []byte, skip map[int]bool) map[string][]int {
	lines := map[string][]int{}
	scanTokens(t, src, func(off int, tok token.Token, lit string, line int) {
		if (tok == token.IDENT || tok.IsLiteral()) && !skip[off] {
			lines[lit] = append(lines[lit], line)
		}
	})
	return lines
}

// TestGoldenKeepsLines: every identifier and literal of an input is, in
// its rewrite, on the line it had (as the compiler counts lines), except
// the package names of calls that plain replaces (time.Sleep is plain.Sleep)
// and the variables it reads through a call (crypto/rand.Reader).
func TestGoldenKeepsLines(t *testing.T) {
	for _, c := range loadGolden(t) {
		t.Run(c.name, func(t *testing.T) {
			in := tokenLines(t, c.input, c.renamed())
			out := tokenLines(t, c.output, nil)
			for lit, lines := range in {
				have := map[int]int{}
				for _, l := range out[lit] {
					have[l]++
				}
				want := map[int]int{}
				for _, l := range lines {
					want[l]++
				}
				for l, n := range want {
					if have[l] < n {
						t.Errorf("%s: %q appears %d times on line %d of the input, %d times on that line of the output", c.name, lit, n, l, have[l])
					}
				}
			}
			if got, want := bytes.Count(c.output, []byte("\n")), bytes.Count(c.input, []byte("\n"))+1; got > want {
				t.Errorf("the output has %d lines, the input %d plus the //line header", got, want-1)
			}
		})
	}
}

// TestGoldenGoKeepsItsLine: every go statement's plain.Go call is on the
// go statement's line, as the compiler counts lines, so that a goroutine
// is reported as started there (the call's line is its spawn site), also
// when the statement's function literal and arguments span several lines.
func TestGoldenGoKeepsItsLine(t *testing.T) {
	for _, c := range loadGolden(t) {
		t.Run(c.name, func(t *testing.T) {
			var goLines, callLines []int
			scanTokens(t, c.input, func(_ int, tok token.Token, _ string, line int) {
				if tok == token.GO {
					goLines = append(goLines, line)
				}
			})
			var last [3]string // the last three tokens' text
			scanTokens(t, c.output, func(_ int, tok token.Token, lit string, line int) {
				if lit == "" {
					lit = tok.String()
				}
				last = [3]string{last[1], last[2], lit}
				if last == [3]string{plainName, ".", "Go"} {
					callLines = append(callLines, line)
				}
			})
			if !slices.Equal(goLines, callLines) {
				t.Errorf("the input's go statements are on lines %v, the output's %s.Go calls on %v", goLines, plainName, callLines)
			}
		})
	}
}

// scanTokens calls f with every token of src, its offset and its line as
// the compiler counts lines (//line and /*line*/ directives applied).
func scanTokens(t *testing.T, src []byte, f func(off int, tok token.Token, lit string, line int)) {
	fset := token.NewFileSet()
	file := fset.AddFile("src.go", -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, func(pos token.Position, msg string) { t.Errorf("%s: %s", pos, msg) }, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return
		}
		f(file.Offset(pos), tok, lit, fset.Position(pos).Line)
	}
}

// renamed are the offsets of the identifiers that the rewrite replaces by
// design: the package of a function plain replaces (time in time.Sleep),
// close, len and cap of channels, the methods whose receiver becomes an
// argument (Wait in wg.Wait() is plain.WaitWait).
func (c *goldenCase) renamed() map[int]bool {
	skip := map[int]bool{}
	base := int(c.file.FileStart)
	for id, obj := range c.info.Defs {
		if _, ok := obj.(*types.PkgName); ok {
			skip[int(id.Pos())-base] = true // an import name that became _
		}
	}
	for id, obj := range c.info.Uses {
		switch obj := obj.(type) {
		case *types.PkgName, *types.Builtin:
			skip[int(id.Pos())-base] = true
		case *types.Func:
			if sig := obj.Type().(*types.Signature); sig.Recv() != nil {
				path, name := named(sig.Recv().Type())
				if _, ok := methods[path+"."+name+"."+obj.Name()]; ok {
					skip[int(id.Pos())-base] = true
				}
			}
			if _, ok := funcs[funcKey(obj)]; ok {
				skip[int(id.Pos())-base] = true
			}
		case *types.Var:
			if obj.Pkg() != nil {
				if _, ok := vars[obj.Pkg().Path()+"."+obj.Name()]; ok {
					skip[int(id.Pos())-base] = true
				}
			}
		}
	}
	return skip
}

// semanticCases are the golden inputs whose output Go fixes (no schedule
// or map order in what they print).
var semanticCases = []string{"go", "chan", "select", "sync", "maps", "edges", "dot", "lines"}

// TestGoldenRunsAlike runs the original and the rewritten program
// natively and compares what they print.
func TestGoldenRunsAlike(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	cases := map[string]*goldenCase{}
	for _, c := range loadGolden(t) {
		cases[c.name] = c
	}
	tmp := t.TempDir()
	ov := map[string]string{}
	for _, name := range semanticCases {
		c := cases[name]
		if c == nil {
			t.Fatalf("no golden case %s", name)
		}
		for _, side := range []struct {
			dir string
			src []byte
		}{{c.inDir, c.input}, {c.outDir, c.output}} {
			f := filepath.Join(tmp, strings.ReplaceAll(side.dir, string(filepath.Separator), "_")+".go")
			if err := os.WriteFile(f, side.src, 0o644); err != nil {
				t.Fatal(err)
			}
			ov[filepath.Join(side.dir, "main.go")] = f
		}
	}
	js, _ := json.Marshal(map[string]any{"Replace": ov})
	ovFile := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ovFile, js, 0o644); err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, name := range semanticCases {
		dirs = append(dirs, cases[name].inDir, cases[name].outDir)
	}
	// both sides build to a binary named after the directory: build each
	// side on its own
	for _, side := range []int{0, 1} {
		var ds []string
		for i := side; i < len(dirs); i += 2 {
			ds = append(ds, dirs[i])
		}
		out := filepath.Join(tmp, []string{"in", "out"}[side]) + string(filepath.Separator)
		cmd := exec.Command(goCmd, append([]string{"build", "-overlay=" + ovFile, "-o", out}, ds...)...)
		cmd.Dir = modRoot(t)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, b)
		}
	}
	for _, name := range semanticCases {
		bin := filepath.Base(cases[name].inDir)
		var outs [2]string
		for side := range outs {
			b, err := exec.Command(filepath.Join(tmp, []string{"in", "out"}[side], bin)).CombinedOutput()
			if err != nil {
				t.Errorf("%s (%s): %v\n%s", name, []string{"original", "rewritten"}[side], err, b)
			}
			outs[side] = string(b)
		}
		if outs[0] != outs[1] {
			t.Errorf("%s prints differently rewritten:\noriginal:\n%s\nrewritten:\n%s", name, outs[0], outs[1])
		}
		if outs[0] == "" {
			t.Errorf("%s prints nothing: the comparison proves nothing", name)
		}
	}
}
