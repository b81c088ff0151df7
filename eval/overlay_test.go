package eval

import (
	"bytes"
	"go/parser"
	"go/token"
	"testing"

	"github.com/stretchr/testify/require"
)

const kernelTest = `package k

import (
	"os"
	"testing"
)

func helper(t *testing.T) {}

func TestBuggy(t *testing.T) {
	if os.Getenv("X") == "" {
		t.Skip("no")
	}
	helper(t)
}

func TestFixed(tt *testing.T) { helper(tt) }

func Testing(t *testing.T) {}

func TestMain(m *testing.M) {}
`

func TestSynctestSource(t *testing.T) {
	out, ok, err := synctestSource("k_test.go", []byte(kernelTest))
	require.NoError(t, err)
	require.True(t, ok)
	_, err = parser.ParseFile(token.NewFileSet(), "k_test.go", out, 0)
	require.NoError(t, err, "%s", out)
	require.Equal(t, bytes.Count([]byte(kernelTest), []byte("\n")), bytes.Count(out, []byte("\n")), "lines stay where they were")
	require.Contains(t, string(out), `package k; import "testing/synctest"`)
	require.Contains(t, string(out), "func TestBuggy(t *testing.T) { synctest.Test(t, func(t *testing.T) {\n")
	require.Contains(t, string(out), "func TestFixed(tt *testing.T) { synctest.Test(tt, func(tt *testing.T) { helper(tt) });}")
	require.Contains(t, string(out), "func helper(t *testing.T) {}", "not a test: left alone")
	require.Contains(t, string(out), "func Testing(t *testing.T) {}", "not a test name: left alone")
	require.Contains(t, string(out), "func TestMain(m *testing.M) {}")

	_, ok, err = synctestSource("h_test.go", []byte("package k\n\nfunc help() {}\n"))
	require.NoError(t, err)
	require.False(t, ok, "no test function: nothing to overlay")

	_, _, err = synctestSource("s_test.go", []byte("package k\n\nimport \"testing/synctest\"\n\nvar _ = synctest.Wait\n"))
	require.ErrorContains(t, err, "already imports testing/synctest")
}

func TestLeakProfileSource(t *testing.T) {
	main := "package k\n\nimport (\n\t\"testing\"\n\n\t\"go.uber.org/goleak\"\n)\n\nfunc TestMain(m *testing.M) { goleak.VerifyTestMain(m) }\n"
	out, err := leakProfileSource("main_test.go", []byte(main))
	require.NoError(t, err)
	f, err := parser.ParseFile(token.NewFileSet(), "main_test.go", out, 0)
	require.NoError(t, err, "%s", out)
	require.Equal(t, "k", f.Name.Name)
	require.Contains(t, string(out), `pprof.Lookup("goroutineleak")`)
	require.NotContains(t, string(out), "goleak.", "the row measures the profile alone")

	_, err = leakProfileSource("main_test.go", []byte("package k\n\nimport \"testing\"\n\nfunc TestMain(m *testing.M) {}\n\nvar shared = 1\n"))
	require.ErrorContains(t, err, "declares more than TestMain")
}
