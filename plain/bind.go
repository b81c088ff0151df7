package plain

// A method value of a method that plain replaces (timer.Stop handed out
// as a func() bool, wg.Done passed as a callback, mu.Unlock stored) is
// rewritten into plain's function bound to the receiver: Bind0R(TimerStop,
// timer). The receiver is evaluated where the method value is, as Go binds
// it; each call then goes through plain, in a world or natively.

// Bind0 is a method value of a method with no arguments and no results.
func Bind0[R any](f func(R), r R) func() { return func() { f(r) } }

// Bind0R is a method value of a method with no arguments and one result.
func Bind0R[R, T any](f func(R) T, r R) func() T { return func() T { return f(r) } }

// Bind1 is a method value of a method with one argument and no results.
func Bind1[R, A any](f func(R, A), r R) func(A) { return func(a A) { f(r, a) } }

// Bind1R is a method value of a method with one argument and one result.
func Bind1R[R, A, T any](f func(R, A) T, r R) func(A) T {
	return func(a A) T { return f(r, a) }
}
