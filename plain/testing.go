package plain

import (
	"context"
	"testing"
)

// Test runs the body of a plain test function. The rewriter turns
//
//	func TestX(t *testing.T) { body }
//
// into
//
//	func TestX(t *testing.T) { plain.Test(t, func(t *testing.T) { body }) }
//
// in the rewritten test files. Run natively, Test calls body(t) once.
func Test(t *testing.T, body func(t *testing.T)) {
	body(t)
}

// TB is what a method call on a test's t goes through once rewritten:
// t.Errorf(...) becomes plain.T(t).Errorf(...), and t passed where an
// untouched package takes an interface (testify's TestingT, goleak's)
// becomes plain.T(t). Natively every method is t's own.
type TB struct {
	tb testing.TB
}

// T returns the TB for t.
func T(t testing.TB) *TB { return &TB{tb: t} }

func (t *TB) Name() string                      { return t.tb.Name() }
func (t *TB) Helper()                           { t.tb.Helper() }
func (t *TB) Log(args ...any)                   { t.tb.Log(args...) }
func (t *TB) Logf(format string, args ...any)   { t.tb.Logf(format, args...) }
func (t *TB) Error(args ...any)                 { t.tb.Error(args...) }
func (t *TB) Errorf(format string, args ...any) { t.tb.Errorf(format, args...) }
func (t *TB) Fatal(args ...any)                 { t.tb.Fatal(args...) }
func (t *TB) Fatalf(format string, args ...any) { t.tb.Fatalf(format, args...) }
func (t *TB) Fail()                             { t.tb.Fail() }
func (t *TB) FailNow()                          { t.tb.FailNow() }
func (t *TB) Failed() bool                      { return t.tb.Failed() }
func (t *TB) Skip(args ...any)                  { t.tb.Skip(args...) }
func (t *TB) Skipf(format string, args ...any)  { t.tb.Skipf(format, args...) }
func (t *TB) SkipNow()                          { t.tb.SkipNow() }
func (t *TB) Skipped() bool                     { return t.tb.Skipped() }
func (t *TB) Cleanup(f func())                  { t.tb.Cleanup(f) }
func (t *TB) TempDir() string                   { return t.tb.TempDir() }
func (t *TB) Setenv(key, value string)          { t.tb.Setenv(key, value) }
func (t *TB) Chdir(dir string)                  { t.tb.Chdir(dir) }
func (t *TB) Context() context.Context          { return t.tb.Context() }

// Parallel is t.Parallel() for a *testing.T.
func (t *TB) Parallel() {
	if tt, ok := t.tb.(*testing.T); ok {
		tt.Parallel()
	}
}

// Run is t.Run(name, f) for a *testing.T.
func (t *TB) Run(name string, f func(t *testing.T)) bool {
	if tt, ok := t.tb.(*testing.T); ok {
		return tt.Run(name, f)
	}
	t.tb.Fatalf("plain: Run on a %T", t.tb)
	return false
}
