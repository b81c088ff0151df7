package conformance

// An unbuffered send completes only when a receiver takes the value, so
// everything the sender wrote before the send is visible after it.
func unbufferedHandoff() []string {
	var t transcript
	ch := make(chan int)
	done := make(chan struct{})
	var before string
	go func() {
		before = "written before send"
		ch <- 42
		close(done)
	}()
	v := <-ch
	t.add("received %d, saw %q", v, before)
	<-done
	return t
}

// A buffered channel is FIFO.
func bufferedFIFO() []string {
	var t transcript
	ch := make(chan int, 5)
	for i := range 5 {
		ch <- i * 10
	}
	for range 5 {
		t.add("got %d", <-ch)
	}
	return t
}

// A receive from a closed empty channel gives the zero value and ok false,
// as many times as asked.
func closedRecvOK() []string {
	var t transcript
	ch := make(chan string)
	close(ch)
	for range 2 {
		v, ok := <-ch
		t.add("v=%q ok=%v", v, ok)
	}
	var w, ok2 = <-ch
	t.add("var form v=%q ok=%v", w, ok2)
	return t
}

// Closing a buffered channel keeps its contents: they are received first,
// then the zero value with ok false.
func closedBufferedDrain() []string {
	var t transcript
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	close(ch)
	for range 3 {
		v, ok := <-ch
		t.add("v=%d ok=%v", v, ok)
	}
	return t
}

func lenCap() []string {
	var t transcript
	ch := make(chan int, 4)
	t.add("empty len=%d cap=%d", len(ch), cap(ch))
	ch <- 1
	ch <- 2
	ch <- 3
	t.add("three len=%d cap=%d", len(ch), cap(ch))
	<-ch
	var send chan<- int = ch
	var recv <-chan int = ch
	t.add("after recv len=%d send-only len=%d cap=%d recv-only len=%d cap=%d", len(ch), len(send), cap(send), len(recv), cap(recv))
	close(ch)
	t.add("closed len=%d cap=%d", len(ch), cap(ch))
	u := make(chan int)
	t.add("unbuffered len=%d cap=%d", len(u), cap(u))
	return t
}

func nilLenCap() []string {
	var t transcript
	var ch chan int
	t.add("nil len=%d cap=%d", len(ch), cap(ch))
	return t
}

// Closing a channel inside a range over it ends the loop only once the
// buffered values are received.
func rangeClosedMidLoop() []string {
	var t transcript
	ch := make(chan int, 4)
	for i := range 4 {
		ch <- i
	}
	n := 0
	for v := range ch {
		if n == 0 {
			close(ch)
		}
		n++
		t.add("got %d", v)
	}
	t.add("loop ended after %d", n)
	return t
}

// A range over a channel sees every value a producer sends, in order, and
// ends when the producer closes it.
func rangeProducerClose() []string {
	var t transcript
	ch := make(chan int)
	go func() {
		for i := range 5 {
			ch <- i * i
		}
		close(ch)
	}()
	sum := 0
	for v := range ch {
		t.add("got %d", v)
		sum += v
		if v == 100 {
			break
		}
	}
	t.add("sum %d", sum)
	return t
}

func sendOnClosedPanics() []string {
	var t transcript
	ch := make(chan int, 1)
	close(ch)
	t.add("%s", panicOf(func() { ch <- 1 }))
	t.add("%s", panicOf(func() {
		select {
		case ch <- 1:
		default:
		}
	}))
	return t
}

func closeOfClosedPanics() []string {
	var t transcript
	ch := make(chan int)
	close(ch)
	t.add("%s", panicOf(func() { close(ch) }))
	return t
}

func closeOfNilPanics() []string {
	var t transcript
	var ch chan int
	t.add("%s", panicOf(func() { close(ch) }))
	return t
}

// Directional views of one channel share its buffer.
func directional() []string {
	var t transcript
	ch := make(chan string, 2)
	produce := func(out chan<- string) {
		out <- "a"
		out <- "b"
		close(out)
	}
	consume := func(in <-chan string) {
		for v := range in {
			t.add("got %s", v)
		}
	}
	produce(ch)
	consume(ch)
	return t
}

// The forms of a range over a channel: its operand is evaluated once (a
// field reassigned in the body does not change what the loop receives
// from), continue and a labeled break of an outer loop work, a range with
// no variable counts the values, and one that assigns to a variable
// declared before it leaves the last value in it.
func rangeForms() []string {
	var t transcript
	fill := func(vs ...int) chan int {
		ch := make(chan int, len(vs))
		for _, v := range vs {
			ch <- v
		}
		close(ch)
		return ch
	}
	holder := struct{ ch chan int }{fill(1, 2, 3)}
	calls := 0
	get := func() chan int { calls++; return holder.ch }
	for v := range get() {
		holder.ch = fill(9)
		if v == 2 {
			continue
		}
		t.add("operand once: got %d", v)
	}
	t.add("operand evaluated %d time(s)", calls)
	n := 0
	for range fill(4, 5, 6) {
		n++
	}
	t.add("no variable: %d values", n)
	last := -1
	for last = range fill(7, 8) {
	}
	t.add("assigned: last %d", last)
outer:
	for i := range 3 {
		for v := range fill(10, 20, 30) {
			if v == 20 && i == 1 {
				break outer
			}
			t.add("labeled: %d %d", i, v)
		}
	}
	return t
}
