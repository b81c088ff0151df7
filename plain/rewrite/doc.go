// Package rewrite turns plain Go into calls of package plain, so that a
// plain package runs in an execsim world: `ch <- v` becomes
// plain.Send(ch, v), `select` a switch on plain.Select, `mu.Lock()` on a
// sync.Mutex plain.Lock(&mu), `time.Sleep(d)` plain.Sleep(d), a test
// function's body runs through plain.Test. Types decide every rewrite
// (types.Info), never names, and every type stays as it was.
//
// # Lines
//
// The rewrite edits text at token boundaries: it never reflows the file.
// A rewritten file starts with a //line directive naming the original
// file, and where text moves (a select's case operands move to the select's
// line, a constant argument of a go statement into its closure) /*line*/
// directives keep every original token on its line and column, so that
// compile errors, panics and stacks name the user's source.
//
// # What is left as it was
//
// Anything the rewriter does not handle (a method expression of a sync.Mutex,
// a select that is the target of both goto and break, a channel operation
// on a type parameter) is left as it was and reported as a [Note].
//
// The table of what is rewritten into what is in docs/architecture.md
// ("Plain Go in a world: the rewrite").
package rewrite
