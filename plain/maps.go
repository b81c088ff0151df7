package plain

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"

	"github.com/execsim/execsim/sim"
)

// MapRange begins `for k, v := range m`, which the rewriter turns into
//
//	for it, k, v, ok := plain.MapRange(m); ok; k, v, ok = it.NextKeyValue(k, v) { ... }
//
// (NextKey, NextValue or Next where the range names fewer variables; names
// of its own for it and ok): m is evaluated once, as a
// range's operand is, and k and v are a three-clause loop's variables,
// which in every language version mean what the range's own mean (shared
// by the iterations before go1.22, one per iteration from it). A file
// therefore keeps its module's version, which a range over an iterator
// (RangeMap) would raise to go1.23.
//
// Outside a world the order is Go's own; in a world, one drawn from the
// world's chooser, so that a bug that depends on map order is found and
// replayed. An entry deleted before the loop reaches it is not produced,
// as in Go; one added during the loop is not produced either, which Go
// allows; a value changed before the loop reaches it is produced as it is
// then.
//
// In a world the keys are sorted, then permuted by draws of the chooser:
// for up to permuteDrawsMax keys one small draw per position picks which
// remaining key comes next (all zeros is the sorted order, so shrinking
// moves towards it, one position at a time); for more, one draw seeds a
// shuffle. Keys of a kind with no order (structs, pointers, interfaces,
// channels) are produced in Go's order, and the trace records a
// determinism hazard naming the loop's line.
func MapRange[M ~map[K]V, K comparable, V any](m M) (MapIter[K, V], K, V, bool) {
	it := MapIter[K, V]{m: m}
	if len(m) > 0 {
		it.es = mapEntries(m)
	}
	k, v, ok := it.Next()
	return it, k, v, ok
}

// MapIter is the state of a map range that MapRange began.
type MapIter[K comparable, V any] struct {
	m  map[K]V
	es []entry[K, V]
	i  int
}

// NextKeyValue is the map range's next entry, or k, v and false at its
// end: the loop's variables keep the last entry, as a range's do (a
// closure made in a go1.21 loop sees it after the loop).
func (it *MapIter[K, V]) NextKeyValue(k K, v V) (K, V, bool) {
	if nk, nv, ok := it.Next(); ok {
		return nk, nv, true
	}
	return k, v, false
}

// NextKey is NextKeyValue for `for k := range m` and `for k, _ := range m`.
func (it *MapIter[K, V]) NextKey(k K) (K, bool) {
	if nk, _, ok := it.Next(); ok {
		return nk, true
	}
	return k, false
}

// NextValue is NextKeyValue for `for _, v := range m`.
func (it *MapIter[K, V]) NextValue(v V) (V, bool) {
	if _, nv, ok := it.Next(); ok {
		return nv, true
	}
	return v, false
}

// Next is the map range's next entry, or zero values and false at its end.
func (it *MapIter[K, V]) Next() (k K, v V, ok bool) {
	for it.i < len(it.es) {
		e := it.es[it.i]
		it.i++
		v, ok := it.m[e.k]
		if e.k != e.k { // a NaN key: never found, never deleted
			v, ok = e.v, true
		}
		if ok { // else deleted during the loop
			return e.k, v, true
		}
	}
	return k, v, false
}

// mapEntries are m's entries in the order a range produces them: Go's
// outside a world, the chooser's in one. Its caller is MapRange or
// RangeMap's iterator, whose caller is the loop: the hazard's line.
func mapEntries[K comparable, V any](m map[K]V) []entry[K, V] {
	es := make([]entry[K, V], 0, len(m))
	for k, v := range m {
		es = append(es, entry[K, V]{k, v})
	}
	rt := sim.Current()
	if rt == nil {
		return es
	}
	if !sortKeys(es) {
		at := "?"
		if _, file, line, ok := runtime.Caller(2); ok {
			at = fmt.Sprintf("%s:%d", file, line)
		}
		rt.Trace(0, fmt.Sprintf("determinism hazard: range over a map with %T keys at %s follows Go's map order, which no seed fixes", *new(K), at))
	} else {
		permute(rt, es)
	}
	return es
}

// RangeMap is the sequence of `for k, v = range m`, a range that assigns
// to variables declared before it (a declaring range becomes MapRange's
// loop): MapRange's order and semantics, as an iterator, which needs
// go1.23 in the rewritten file.
func RangeMap[M ~map[K]V, K comparable, V any](m M) func(yield func(K, V) bool) {
	return func(yield func(K, V) bool) {
		if sim.Current() == nil || len(m) == 0 {
			for k, v := range m {
				if !yield(k, v) {
					return
				}
			}
			return
		}
		it := MapIter[K, V]{m: m, es: mapEntries(m)}
		for k, v, ok := it.Next(); ok; k, v, ok = it.Next() {
			if !yield(k, v) {
				return
			}
		}
	}
}

// permuteDrawsMax is the largest map whose order is drawn a position at a
// time; a larger one costs one draw, at the price of shrinking it as a
// whole. (A single draw numbering the permutation overflows a decision's
// range past 12 keys.)
const permuteDrawsMax = 64

// permute reorders keys by draws of the world's chooser.
func permute[K any](rt sim.Runtime, keys []K) {
	n := len(keys)
	if n < 2 {
		return
	}
	if n > permuteDrawsMax {
		s := uint64(rt.Choose("map order seed", math.MaxInt32))
		r := rand.New(rand.NewPCG(s, s))
		r.Shuffle(n, func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		return
	}
	// Draw i picks which of the n-i remaining keys comes next (a Lehmer
	// code): 0 keeps the sorted order from there.
	for i := 0; i < n-1; i++ {
		j := i + rt.Choose("map order", n-i)
		k := keys[j]
		copy(keys[i+1:j+1], keys[i:j])
		keys[i] = k
	}
}

type entry[K comparable, V any] struct {
	k K
	v V
}

// sortKeys sorts entries by key, for keys of an ordered kind, and reports
// whether it could.
func sortKeys[K comparable, V any](es []entry[K, V]) bool {
	if len(es) == 0 {
		return true
	}
	keys := es
	switch reflect.TypeOf(es[0].k).Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(x, y entry[K, V]) int { return cmp.Compare(reflect.ValueOf(x.k).Int(), reflect.ValueOf(y.k).Int()) })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		slices.SortFunc(keys, func(x, y entry[K, V]) int {
			return cmp.Compare(reflect.ValueOf(x.k).Uint(), reflect.ValueOf(y.k).Uint())
		})
	case reflect.Float32, reflect.Float64:
		slices.SortFunc(keys, func(x, y entry[K, V]) int {
			return cmp.Compare(reflect.ValueOf(x.k).Float(), reflect.ValueOf(y.k).Float())
		})
	case reflect.String:
		slices.SortFunc(keys, func(x, y entry[K, V]) int {
			return cmp.Compare(reflect.ValueOf(x.k).String(), reflect.ValueOf(y.k).String())
		})
	case reflect.Bool:
		slices.SortFunc(keys, func(x, y entry[K, V]) int {
			a, b := reflect.ValueOf(x.k).Bool(), reflect.ValueOf(y.k).Bool()
			switch {
			case a == b:
				return 0
			case !a:
				return -1
			}
			return 1
		})
	default:
		return false
	}
	return true
}
