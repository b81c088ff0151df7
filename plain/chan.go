package plain

// Send is `ch <- v`.
func Send[T any](ch chan<- T, v T) {
	ch <- v
}

// Recv is `<-ch`.
func Recv[T any](ch <-chan T) T {
	return <-ch
}

// Recv2 is `v, ok := <-ch`.
func Recv2[T any](ch <-chan T) (T, bool) {
	v, ok := <-ch
	return v, ok
}

// Close is `close(ch)`.
func Close[T any](ch chan<- T) {
	close(ch)
}

// Len is `len(ch)` for a channel that can receive.
func Len[T any](ch <-chan T) int { return len(ch) }

// LenSend is `len(ch)` for a send-only channel.
func LenSend[T any](ch chan<- T) int { return len(ch) }

// Cap is `cap(ch)` for a channel that can receive. A channel's capacity
// never changes, so Cap needs no world; it exists so that the rewriter
// treats len and cap alike.
func Cap[T any](ch <-chan T) int { return cap(ch) }

// CapSend is `cap(ch)` for a send-only channel.
func CapSend[T any](ch chan<- T) int { return cap(ch) }

// Range is the sequence of `for v := range ch`: values received until ch
// is closed.
func Range[T any](ch <-chan T) func(yield func(T) bool) {
	return func(yield func(T) bool) {
		for v := range ch {
			if !yield(v) {
				return
			}
		}
	}
}
