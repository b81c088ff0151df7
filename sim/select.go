package sim

import (
	"context"
	"reflect"
	"unsafe"
)

// Case is one case of [Runtime.Select]: made by [Chan.SendCase],
// [Chan.RecvCase], [DoneCase] or [DefaultCase].
type Case struct {
	kind caseKind
	impl caseImpl        // channel cases
	ctx  context.Context // DoneCase

	// Where a world receive stores its value and ok flag. They live in
	// the Case, not in an object of its own, so a receive case allocates
	// nothing: one per Select was 6-9% of a run's allocations (issue 19).
	dst recvDst
}

// recvDst is where a receive stores: v (a *T for a Chan[T]) and ok, either
// nil. The world's cases get it by value, so the Cases a Select is given
// stay on its caller's stack.
type recvDst struct {
	v  unsafe.Pointer
	ok *bool
}

// storeReceived writes a received value where the receive case asked (on
// either kit).
func storeReceived[T any](dst recvDst, v T, ok bool) {
	if dst.v != nil {
		*(*T)(dst.v) = v
	}
	if dst.ok != nil {
		*dst.ok = ok
	}
}

type caseKind uint8

const (
	caseNil caseKind = iota // a case on the zero Chan: never proceeds
	caseSend
	caseRecv
	caseDone
	caseDefault
)

// caseImpl is what a typed channel case offers to both kits' Select: the
// first four serve a native channel on the real kit; world is the case's
// world side, nil for a native channel.
type caseImpl interface {
	reflectCase(dir reflect.SelectDir) reflect.SelectCase
	received(v reflect.Value, ok bool)
	trySend() bool
	tryRecv() bool
	world() wcase
}

// Select is rt.Select(cases...), without the allocation that a call
// through the interface makes: Go cannot see what an interface method does
// with its arguments, so the slice that holds a variadic call's cases is
// put on the heap at every rt.Select, and once per select statement it was
// a seventh of a run's allocations (issue 19). Called as a function, the
// slice stays on the caller's stack.
func Select(rt Runtime, cases ...Case) int {
	if rt == nil {
		panic("sim: Select on a nil Runtime")
	}
	switch k := rt.kit().(type) {
	case *world:
		return k.Select(cases...)
	case *realKit:
		return k.Select(cases...)
	}
	panic("sim: Select: a Runtime of neither kit") // the interface is sealed
}

// DoneCase is a [Runtime.Select] case that proceeds once ctx is done. A
// context that can never be done (context.Background) makes a case that
// never proceeds.
func DoneCase(ctx context.Context) Case { return Case{kind: caseDone, ctx: ctx} }

// DefaultCase makes [Runtime.Select] non-blocking: its index is returned
// when no other case can proceed. At most one per Select.
func DefaultCase() Case { return Case{kind: caseDefault} }

// checkCases panics on a Select that Go would reject at compile time. On
// the real kit (real), it also panics on a world channel's case; a world's
// Select finds a native channel's case when it asks for its world side.
func checkCases(cases []Case, real bool) (def int) {
	def = -1
	for i, c := range cases {
		switch c.kind {
		case caseDefault:
			if def >= 0 {
				panic("sim: Select: more than one DefaultCase")
			}
			def = i
		case caseSend, caseRecv:
			if real && c.impl.world() != nil {
				panic("sim: Select on the real kit: a case on a world's channel; make the channel with the runtime that selects on it")
			}
		}
	}
	return def
}
