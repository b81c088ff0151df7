// In a _test.go file: test functions run through plain.Test, every call
// of a method of t goes through plain.T, and t passed where an interface
// other than testing.TB is taken is wrapped.
package main

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

func helper(tb testing.TB) { tb.Log("helper") }

func more(needsMore) {}

func print(args ...any) {}

func TestShutdown(t *testing.T) {
	t.Parallel()
	check(t, true)
	helper(t)
	print(t)
	more(t)
	t.Run("sub", func(t *testing.T) {
		t.Logf("in %s", t.Name())
	})
	if d, ok := t.Deadline(); ok {
		_ = d
	}
	cleanup := t.Cleanup
	cleanup(func() {})
}

type harness struct {
	*testing.T
	name string
}

type suite struct{ h harness }

func TestHarness(t *testing.T) {
	h := harness{T: t}
	h.Logf("harness %s", h.name)
	s := suite{h}
	s.h.Helper()
	(&s).h.Log("through a pointer")
}

func TestUnnamed(*testing.T) {}

func TestBlank(_ *testing.T) {
	return
}

func Testlower(t *testing.T) {}

func TestMain(m *testing.M) { m.Run() }

func BenchmarkX(b *testing.B) { b.Log("not a test") }

func main() {}

func FuzzParse(f *testing.F) {
	f.Add([]byte("a"))
	f.Fuzz(func(t *testing.T, b []byte) {
		check(t, len(b) >= 0)
	})
}

func FuzzIgnored(f *testing.F) {
	f.Fuzz(func(_ *testing.T, n int) {
		_ = n
	})
}
