package olddep

// Drain sums what a goroutine sends; its range over a channel becomes a
// three-clause loop of plain's receives, and the file stays at go1.18.
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
