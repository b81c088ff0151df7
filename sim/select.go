package sim

import (
	"context"
	"reflect"
)

// Case is one case of [Runtime.Select]: made by [Chan.SendCase],
// [Chan.RecvCase], [DoneCase] or [DefaultCase].
type Case struct {
	kind caseKind
	impl caseImpl        // channel cases
	ctx  context.Context // DoneCase
}

type caseKind uint8

const (
	caseNil caseKind = iota // a case on the zero Chan: never proceeds
	caseSend
	caseRecv
	caseDone
	caseDefault
)

// caseImpl is what a typed channel case offers to both kits' Select.
type caseImpl interface {
	reflectCase(dir reflect.SelectDir) reflect.SelectCase
	received(v reflect.Value, ok bool)
	trySend() bool
	tryRecv() bool
	world() wcase
}

// DoneCase is a [Runtime.Select] case that proceeds once ctx is done. A
// context that can never be done (context.Background) makes a case that
// never proceeds.
func DoneCase(ctx context.Context) Case { return Case{kind: caseDone, ctx: ctx} }

// DefaultCase makes [Runtime.Select] non-blocking: its index is returned
// when no other case can proceed. At most one per Select.
func DefaultCase() Case { return Case{kind: caseDefault} }

// checkCases panics on a Select that Go would reject at compile time.
func checkCases(cases []Case) (def int) {
	def = -1
	for i, c := range cases {
		if c.kind == caseDefault {
			if def >= 0 {
				panic("sim: Select: more than one DefaultCase")
			}
			def = i
		}
	}
	return def
}
