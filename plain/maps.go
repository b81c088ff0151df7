package plain

// RangeMap is the sequence of `for k, v := range m`. Outside a world it is
// Go's own order; in a world, an order drawn from the world's chooser, so
// that a bug that depends on map order is found and replayed. An entry
// deleted before the loop reaches it is not produced, as in Go.
func RangeMap[M ~map[K]V, K comparable, V any](m M) func(yield func(K, V) bool) {
	return func(yield func(K, V) bool) {
		for k, v := range m {
			if !yield(k, v) {
				return
			}
		}
	}
}
