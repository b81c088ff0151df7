package olddep

// DrainInto is Drain with a range that assigns to a variable declared
// before it: that becomes a range over plain's iterator, and the file
// needs go1.23.
func DrainInto(n int) int {
	ch := make(chan int)
	go func() {
		for i := 1; i <= n; i++ {
			ch <- i
		}
		close(ch)
	}()
	s, v := 0, 0
	for v = range ch {
		s += v
	}
	return s
}
