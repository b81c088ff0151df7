package conformance

import "time"

func selectDefaultNoneReady() []string {
	var t transcript
	ch := make(chan int)
	select {
	case v := <-ch:
		t.add("received %d", v)
	case ch <- 1:
		t.add("sent")
	default:
		t.add("default")
	}
	return t
}

// A nil channel's case is never ready.
func selectNilCase() []string {
	var t transcript
	var nilCh chan int
	ready := make(chan int, 1)
	for i := range 10 {
		ready <- i
		select {
		case v := <-nilCh:
			t.add("nil case %d", v)
		case nilCh <- 1:
			t.add("nil send")
		case v := <-ready:
			t.add("ready %d", v)
		}
	}
	return t
}

// The same channel in two cases: one of them takes the one value, which
// one Go does not say, so only the values are recorded.
func selectSameChannelTwice() []string {
	var t transcript
	ch := make(chan int, 1)
	var got []int
	for i := range 20 {
		ch <- i
		select {
		case v := <-ch:
			got = append(got, v)
		case v, ok := <-ch:
			if ok {
				got = append(got, v)
			}
		}
	}
	t.add("got %v, left %d", got, len(ch))
	return t
}

func selectAllNilDefault() []string {
	var t transcript
	var a chan int
	var b chan string
	select {
	case <-a:
		t.add("a")
	case b <- "x":
		t.add("b")
	default:
		t.add("default")
	}
	return t
}

func selectSendCase() []string {
	var t transcript
	ch := make(chan int, 2)
	sent := 0
	for i := range 4 {
		select {
		case ch <- i:
			sent++
		default:
			t.add("full at %d", i)
		}
	}
	t.add("sent %d len %d first %d", sent, len(ch), <-ch)
	return t
}

// A closed channel's receive case is always ready.
func selectClosedCase() []string {
	var t transcript
	ch := make(chan int)
	close(ch)
	select {
	case v, ok := <-ch:
		t.add("v=%d ok=%v", v, ok)
	default:
		t.add("default")
	}
	return t
}

func selectTimeout() []string {
	var t transcript
	never := make(chan int)
	select {
	case <-never:
		t.add("never")
	case <-time.After(time.Millisecond):
		t.add("timed out")
	}
	return t
}

// break inside a select leaves the select; a labeled break leaves the loop.
func selectLabeledBreak() []string {
	var t transcript
	ch := make(chan int, 10)
	for i := range 10 {
		ch <- i
	}
	var never chan int
	n := 0
loop:
	for {
		select {
		case <-never:
			t.add("nil channel case chosen")
		case v := <-ch:
			if v%2 == 1 {
				break
			}
			if v == 6 {
				break loop
			}
			n++
		}
	}
	t.add("counted %d even below 6, %d left", n, len(ch))
	return t
}

func selectFanIn() []string {
	var t transcript
	a, b, c := make(chan int), make(chan int), make(chan int)
	for i, ch := range []chan int{a, b, c} {
		go func() {
			for j := range 3 {
				ch <- i*10 + j
			}
			close(ch)
		}()
	}
	var got []int
	for a != nil || b != nil || c != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			got = append(got, v)
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			got = append(got, v)
		case v, ok := <-c:
			if !ok {
				c = nil
				continue
			}
			got = append(got, v)
		}
	}
	t.add("got %v", sorted(got))
	return t
}

// A select with no default waits for the first case to become ready.
func selectBlocksUntilReady() []string {
	var t transcript
	data := make(chan string)
	var nilCh chan string
	go func() { data <- "late" }()
	select {
	case v := <-data:
		t.add("got %s", v)
	case v := <-nilCh:
		t.add("nil %s", v)
	}
	return t
}

// A nil interface value is received as one, by `case v := <-ch` and by
// `case v, ok := <-ch`: a nil error is what a result channel usually
// carries.
func selectNilInterface() []string {
	var t transcript
	errs := make(chan error, 2)
	errs <- nil
	errs <- nil
	var never chan int // a nil channel's case: the select takes the other
	select {
	case err := <-errs:
		t.add("err %v nil %v", err, err == nil)
	case <-never:
	}
	select {
	case err, ok := <-errs:
		t.add("err %v ok %v nil %v", err, ok, err == nil)
	case <-never:
	}
	return t
}
