//line testfunc_test.input.go:1
// In a _test.go file: test functions run through plain.Test, every call
// of a method of t goes through plain.T, and t passed where an interface
// other than testing.TB is taken is wrapped.
package main; import execsim_plain "github.com/execsim/execsim/plain"

import (
	"testing"
)

// TestingT is the shape of testify's and goleak's interfaces.
type TestingT interface {
	Errorf(format string, args ...any)
	Helper()
}

type needsMore interface {
	Errorf(format string, args ...any)
	Attr(key, value string)
}

func check(t TestingT, ok bool) {
	t.Helper()
	if !ok {
		t.Errorf("not ok")
	}
}

func helper(tb testing.TB) { execsim_plain.T(tb).Log("helper") }

func more(needsMore) {}

func print(args ...any) {}

func TestShutdown(t *testing.T) { execsim_plain.Test(t, func(t *testing.T) {
	execsim_plain.T(t).Parallel()
	check(execsim_plain.T(t), true)
	helper(t)
	print(t)
	more(t)
	execsim_plain.T(t).Run("sub", func(t *testing.T) {
		execsim_plain.T(t).Logf("in %s", execsim_plain.T(t).Name())
	})
	if d, ok := t.Deadline(); ok {
		_ = d
	}
	cleanup := t.Cleanup
	cleanup(func() {})
}) }

func TestUnnamed(execsim_t *testing.T) { execsim_plain.Test(execsim_t, func(_ *testing.T) {}) }

func TestBlank(execsim_t *testing.T) { execsim_plain.Test(execsim_t, func(_ *testing.T) {
	return
}) }

func Testlower(t *testing.T) {}

func TestMain(m *testing.M) { m.Run() }

func BenchmarkX(b *testing.B) { b.Log("not a test") }

func main() {}
