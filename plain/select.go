package plain

import "reflect"

// A Case is one case of a [Select]: made by [SendCase], [RecvCase] or
// [Default], in the order of the select statement's cases.
type Case interface {
	reflectCase() reflect.SelectCase
	received(v reflect.Value, ok bool)
}

type sendCase[T any] struct {
	ch chan<- T
	v  T
}

func (c *sendCase[T]) reflectCase() reflect.SelectCase {
	return reflect.SelectCase{Dir: reflect.SelectSend, Chan: reflect.ValueOf(c.ch), Send: reflect.ValueOf(&c.v).Elem()}
}
func (c *sendCase[T]) received(reflect.Value, bool) {}

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
		c.V = v.Interface().(T)
	}
}

// RecvCase is the case `case <-ch:` and its assigning forms.
func RecvCase[T any](ch <-chan T) *Received[T] { return &Received[T]{ch: ch} }

type defaultCase struct{}

func (defaultCase) reflectCase() reflect.SelectCase {
	return reflect.SelectCase{Dir: reflect.SelectDefault}
}
func (defaultCase) received(reflect.Value, bool) {}

// Default is the `default:` case.
func Default() Case { return defaultCase{} }

// Select performs a select statement over cases and returns the index of
// the case that proceeded. A select with no cases blocks forever.
func Select(cases ...Case) int {
	rc := make([]reflect.SelectCase, len(cases))
	for i, c := range cases {
		rc[i] = c.reflectCase()
	}
	i, v, ok := reflect.Select(rc)
	cases[i].received(v, ok)
	return i
}
