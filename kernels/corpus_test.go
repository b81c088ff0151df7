package kernels

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// gokerNonBlocking is GoKer's non-blocking set (goker/nonblocking): a kernel
// named after a GoKer bug must come from it, never from the blocking set.
var gokerNonBlocking = []string{
	"cockroach35501", "cockroach4407", "etcd3077", "etcd4876", "etcd8194", "etcd9446",
	"grpc1687", "grpc1748", "grpc2371", "grpc3090", "istio16742", "istio8144", "istio8214",
	"istio8967", "kubernetes13058", "kubernetes49404", "kubernetes70892", "kubernetes77796",
	"kubernetes79631", "kubernetes80284", "kubernetes81091", "kubernetes81148",
	"kubernetes82239", "kubernetes82550", "kubernetes88331", "kubernetes89164", "moby18412",
	"moby22941", "moby27037", "serving3068", "serving3148", "serving4908", "serving5865",
	"serving6171", "serving6472",
}

// gokerName matches a name shaped like a GoKer kernel's: project and id.
var gokerName = regexp.MustCompile(`^(cockroach|etcd|grpc|istio|kubernetes|moby|serving|hugo|syncthing)[0-9]+$`)

// checkKernel returns what is wrong with the kernel package in dir.
func checkKernel(dir string) []string {
	name := filepath.Base(dir)
	var problems []string
	fset := token.NewFileSet()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return []string{err.Error()}
	}
	files := map[string]*ast.File{}
	for _, path := range paths {
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return []string{err.Error()}
		}
		files[path] = f
	}
	tests := map[string]bool{}
	var doc string
	goleakMain := false
	for _, path := range paths {
		f := files[path]
		if f.Doc != nil && !strings.HasSuffix(path, "_test.go") {
			doc += f.Doc.Text()
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			first, _, _ := strings.Cut(p, "/")
			switch {
			case strings.HasPrefix(p, "github.com/execsim/execsim"):
				problems = append(problems, filepath.Base(path)+" imports "+p+": a kernel is plain Go")
			case strings.Contains(first, ".") && !strings.HasSuffix(path, "_test.go"):
				problems = append(problems, filepath.Base(path)+" imports "+p+": a kernel uses the standard library only")
			}
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || !strings.HasPrefix(fd.Name.Name, "Test") {
				continue
			}
			tests[fd.Name.Name] = true
			if fd.Name.Name == "TestMain" {
				goleakMain = strings.Contains(source(fset, fd), "goleak.VerifyTestMain")
			}
			if fd.Name.Name == "TestBuggy" && !strings.Contains(source(fset, fd), `os.Getenv("EXECSIM_BUGGY")`) {
				problems = append(problems, "TestBuggy is not guarded by EXECSIM_REWRITE/EXECSIM_BUGGY")
			}
		}
	}
	for _, want := range []string{"TestBuggy", "TestFixed"} {
		if !tests[want] {
			problems = append(problems, "no "+want)
		}
	}
	for test := range tests {
		if test != "TestBuggy" && test != "TestFixed" && test != "TestMain" {
			problems = append(problems, test+": a kernel has only TestBuggy and TestFixed")
		}
	}
	if !goleakMain {
		problems = append(problems, "no TestMain calling goleak.VerifyTestMain")
	}
	switch {
	case doc == "":
		problems = append(problems, "no package doc comment")
	case gokerName.MatchString(name):
		if !slices.Contains(gokerNonBlocking, name) {
			problems = append(problems, name+" is not a GoKer non-blocking kernel")
		}
		if !strings.Contains(doc, "GoKer") {
			problems = append(problems, "the doc comment does not say which GoKer bug it re-expresses")
		}
	case !strings.Contains(doc, "own design"):
		problems = append(problems, `the doc comment says neither its GoKer origin nor "own design"`)
	}
	return problems
}

func source(fset *token.FileSet, n ast.Node) string {
	pos, end := fset.Position(n.Pos()), fset.Position(n.End())
	data, err := os.ReadFile(pos.Filename)
	if err != nil {
		return ""
	}
	return string(data[pos.Offset:end.Offset])
}

func kernelDirs(t *testing.T) []string {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "testdata" {
			dirs = append(dirs, e.Name())
		}
	}
	return dirs
}

func TestEveryKernelIsWellFormed(t *testing.T) {
	dirs := kernelDirs(t)
	if len(dirs) < 32 {
		t.Errorf("%d kernels, want at least 32", len(dirs))
	}
	for _, d := range dirs {
		for _, p := range checkKernel(d) {
			t.Errorf("kernels/%s: %s", d, p)
		}
	}
}

// The table in doc.go lists every kernel, once.
func TestDocListsEveryKernel(t *testing.T) {
	data, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`(?m)^//\t([a-z0-9]+) +(own|[a-z]+#[0-9]+) `)
	var listed []string
	for _, m := range row.FindAllStringSubmatch(string(data), -1) {
		listed = append(listed, m[1])
	}
	dirs := kernelDirs(t)
	for _, d := range dirs {
		if n := strings.Count(" "+strings.Join(listed, " ")+" ", " "+d+" "); n != 1 {
			t.Errorf("kernels/%s is listed %d times in doc.go, want once", d, n)
		}
	}
	for _, l := range listed {
		if !slices.Contains(dirs, l) {
			t.Errorf("doc.go lists %s, which is not a kernel", l)
		}
	}
}

// The checker fires on a kernel that breaks every rule.
func TestCheckKernelFindsProblems(t *testing.T) {
	got := strings.Join(checkKernel(filepath.Join("testdata", "badkernel")), "\n")
	for _, want := range []string{
		"imports github.com/execsim/execsim/plain",
		"TestBuggy is not guarded",
		"no TestFixed",
		"TestExtra: a kernel has only",
		"no TestMain calling goleak",
		"neither its GoKer origin",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("checkKernel(testdata/badkernel) did not report %q; it reported:\n%s", want, got)
		}
	}
}

// List, which the runners take the corpus from, names every kernel
// directory (each has its kernel_test.go: TestEveryKernelIsWellFormed).
func TestListNamesEveryKernel(t *testing.T) {
	names, err := List("..")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(names, " "), strings.Join(kernelDirs(t), " "); got != want {
		t.Errorf("List gives %s\nthe directories are %s", got, want)
	}
}
