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

// RangeMap is the sequence of `for k, v := range m`. Outside a world it is
// Go's own order; in a world, an order drawn from the world's chooser, so
// that a bug that depends on map order is found and replayed. An entry
// deleted before the loop reaches it is not produced, as in Go; one added
// during the loop is not produced either, which Go allows.
//
// In a world the keys are sorted, then permuted by draws of the chooser:
// for up to permuteDrawsMax keys one small draw per position picks which
// remaining key comes next (all zeros is the sorted order, so shrinking
// moves towards it, one position at a time); for more, one draw seeds a
// shuffle. Keys of a kind with no order (structs, pointers, interfaces,
// channels) are produced in Go's order, and the trace records a
// determinism hazard naming the loop's line.
func RangeMap[M ~map[K]V, K comparable, V any](m M) func(yield func(K, V) bool) {
	return func(yield func(K, V) bool) {
		rt := sim.Current()
		if rt == nil || len(m) == 0 {
			for k, v := range m {
				if !yield(k, v) {
					return
				}
			}
			return
		}
		es := make([]entry[K, V], 0, len(m))
		for k, v := range m {
			es = append(es, entry[K, V]{k, v})
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
		for _, e := range es {
			v, ok := m[e.k]
			if e.k != e.k { // a NaN key: never found, never deleted
				v, ok = e.v, true
			}
			if !ok { // deleted during the loop
				continue
			}
			if !yield(e.k, v) {
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
