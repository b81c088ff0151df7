package plain

import (
	"reflect"

	"github.com/execsim/execsim/sim"
)

// A Case is one case of a [Select]: made by [SendCase], [RecvCase] or
// [Default], in the order of the select statement's cases.
type Case interface {
	reflectCase() reflect.SelectCase
	received(v reflect.Value, ok bool)
	// world is the case in rt's world; key is its channel (nil: default).
	world(rt sim.Runtime) sim.Case
	key() any
}

type sendCase[T any] struct {
	ch chan<- T
	v  T
}

func (c *sendCase[T]) reflectCase() reflect.SelectCase {
	return reflect.SelectCase{Dir: reflect.SelectSend, Chan: reflect.ValueOf(c.ch), Send: reflect.ValueOf(&c.v).Elem()}
}
func (c *sendCase[T]) received(reflect.Value, bool) {}
func (c *sendCase[T]) world(rt sim.Runtime) sim.Case {
	return sim.AdoptChan(rt, bidiSend(c.ch)).SendCase(c.v)
}
func (c *sendCase[T]) key() any { return bidiSend(c.ch) }

// SendCase is the case `case ch <- v:`; ch and v are evaluated where the
// select statement evaluates them, in source order.
func SendCase[T any](ch chan<- T, v T) Case { return &sendCase[T]{ch: ch, v: v} }

// Received is the case `case v, ok := <-ch:`; after [Select] chose it, V
// and OK hold what was received.
type Received[T any] struct {
	ch <-chan T
	V  T
	OK bool
}

func (c *Received[T]) reflectCase() reflect.SelectCase {
	return reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(c.ch)}
}

func (c *Received[T]) received(v reflect.Value, ok bool) {
	c.OK = ok
	if ok {
		// Comma-ok: a nil value of an interface type (a nil error) comes
		// as a nil any, which a plain assertion to T refuses.
		c.V, _ = v.Interface().(T)
	}
}

func (c *Received[T]) world(rt sim.Runtime) sim.Case {
	return sim.AdoptChan(rt, bidiRecv(c.ch)).RecvCase(&c.V, &c.OK)
}
func (c *Received[T]) key() any { return bidiRecv(c.ch) }

// RecvCase is the case `case <-ch:` and its assigning forms.
func RecvCase[T any](ch <-chan T) *Received[T] { return &Received[T]{ch: ch} }

type defaultCase struct{}

func (defaultCase) reflectCase() reflect.SelectCase {
	return reflect.SelectCase{Dir: reflect.SelectDefault}
}
func (defaultCase) received(reflect.Value, bool) {}
func (defaultCase) world(sim.Runtime) sim.Case   { return sim.DefaultCase() }
func (defaultCase) key() any                     { return nil }

// Default is the `default:` case.
func Default() Case { return defaultCase{} }

// Select performs a select statement over cases and returns the index of
// the case that proceeded. A select with no cases blocks forever.
func Select(cases ...Case) int {
	if rt := selectWorld(cases); rt != nil {
		// The kit's cases of a select statement's few fit on the stack:
		// sim.Select keeps them there.
		var buf [8]sim.Case
		sc := buf[:0]
		if len(cases) > len(buf) {
			sc = make([]sim.Case, 0, len(cases))
		}
		for _, c := range cases {
			sc = append(sc, c.world(rt))
		}
		return sim.Select(rt, sc...)
	}
	rc := make([]reflect.SelectCase, len(cases))
	for i, c := range cases {
		rc[i] = c.reflectCase()
	}
	i, v, ok := reflect.Select(rc)
	cases[i].received(v, ok)
	return i
}

// selectWorld is the world of a Select's caller; a caller no world started
// is checked against the channel of every case (sim.CurrentFor).
func selectWorld(cases []Case) sim.Runtime {
	if len(cases) == 0 {
		return sim.CurrentFor(nil, "plain.Select")
	}
	for _, c := range cases {
		if rt := sim.CurrentFor(c.key(), "plain.Select"); rt != nil {
			return rt
		}
	}
	return nil
}
