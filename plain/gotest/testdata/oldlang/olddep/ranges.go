package olddep

// Drain sums what a goroutine sends; its range over a channel becomes a
// range over plain's iterator, which needs go1.23.
func Drain(n int) int {
	ch := make(chan int)
	go func() {
		for i := 1; i <= n; i++ {
			ch <- i
		}
		close(ch)
	}()
	s := 0
	for v := range ch {
		s += v
	}
	return s
}
