package plain

import "testing"

func TestConformanceChannels(t *testing.T) {
	runConformance(t, []program{
		{name: "select receives a nil error as one", want: words(true, true, true), run: func() any {
			errs := make(chan error, 2)
			Send(errs, nil)
			Send(errs, nil)
			c0 := RecvCase(errs)
			Select(c0)
			c1 := RecvCase(errs)
			Select(c1)
			return words(c0.V == nil, c1.V == nil, c1.OK)
		}},
		{name: "unbuffered ping-pong", want: words(1, 2, 3, 4), run: func() any {
			ping, pong := make(chan int), make(chan int)
			Go(func() {
				for c, v, ok := RangeChan(ping); ok; v, ok = RecvNext(c, v) {
					Send(pong, v+1)
				}
				Close(pong)
			})
			var got []any
			for _, v := range []int{0, 2} {
				Send(ping, v+1)
				got = append(got, v+1, Recv(pong))
			}
			Close(ping)
			_, ok := Recv2(pong)
			if ok {
				return "pong not closed"
			}
			return words(got...)
		}},
		{name: "buffered order and len", want: words([]int{1, 2, 3}, 3, 3, 0), run: func() any {
			ch := make(chan int, 3)
			for i := 1; i <= 3; i++ {
				Send(ch, i)
			}
			n := Len(ch)
			Close(ch)
			var sendOnly chan<- int = ch
			return words(recvAll(ch), n, CapSend(sendOnly), LenSend(sendOnly))
		}},
		{name: "buffered values made before first use", want: words([]int{7, 8}, true), run: func() any {
			ch := make(chan int, 4)
			ch <- 7 // natively, before the world adopts the channel
			ch <- 8
			close(ch)
			got := recvAll(ch)
			_, ok := Recv2(ch)
			return words(got, !ok)
		}},
		{name: "send on closed channel", want: panicked("send on closed channel"), run: func() any {
			ch := make(chan int, 1)
			Close(ch)
			Send(ch, 1)
			return nil
		}},
		{name: "close of closed channel", want: panicked("close of closed channel"), run: func() any {
			ch := make(chan int)
			Close(ch)
			Close(ch)
			return nil
		}},
		{name: "close of nil channel", want: panicked("close of nil channel"), run: func() any {
			var ch chan int
			Close(ch)
			return nil
		}},
		{name: "receive from closed", want: words(0, false), run: func() any {
			ch := make(chan int)
			Close(ch)
			return words(Recv2(ch))
		}},
		// worldOnly: Go's race detector reports a close concurrent with a
		// blocked send as a race, though the outcome is defined.
		{name: "blocked sender panics when closed", worldOnly: true, want: words("send on closed channel"), run: func() any {
			ch := make(chan int)
			res := make(chan string, 1)
			Go(func() {
				defer func() { Send(res, panicMessage(recover())) }()
				Send(ch, 1)
			})
			Sleep(gap)
			Close(ch)
			return words(Recv(res))
		}},
		{name: "range over a channel closed mid-loop", want: words([]int{1, 2, 3}), run: func() any {
			return words(recvAll(produce(3)))
		}},
		{name: "range assigning to a variable declared before it", want: words([]int{1, 2, 3}), run: func() any {
			return words(recvAllAssigned(produce(3)))
		}},
		{name: "select same channel in two cases", want: words(5, true), run: func() any {
			ch := make(chan int, 1)
			Send(ch, 5)
			c0, c1 := RecvCase(ch), RecvCase(ch)
			switch Select(c0, c1) {
			case 0:
				return words(c0.V, c0.OK)
			default:
				return words(c1.V, c1.OK)
			}
		}},
		{name: "select same channel send and receive", want: words(9, "sent"), run: func() any {
			ch := make(chan int)
			done := make(chan string)
			Go(func() {
				c0, c1 := RecvCase(ch), SendCase(ch, 9)
				switch Select(c0, c1) {
				case 0:
					Send(done, "self")
				default:
					Send(done, "sent")
				}
			})
			v := Recv(ch) // a select cannot pair with itself: main receives
			return words(v, Recv(done))
		}},
		{name: "nil case never ready, default taken", want: "default", run: func() any {
			var nilc chan int
			c0, c1 := RecvCase(nilc), SendCase(nilc, 1)
			switch Select(c0, c1, Default()) {
			case 0, 1:
				return "nil case"
			default:
				return "default"
			}
		}},
		{name: "nil case beside a ready one", want: words(3, true), run: func() any {
			var nilc chan int
			ch := make(chan int, 1)
			Send(ch, 3)
			c0, c1 := RecvCase(nilc), RecvCase(ch)
			if Select(c0, c1) != 1 {
				return "nil case"
			}
			return words(c1.V, c1.OK)
		}},
		{name: "select blocks until a sender", want: words("got", 4), run: func() any {
			a, b := make(chan int), make(chan int)
			Go(func() { Sleep(gap); Send(b, 4) })
			ca, cb := RecvCase(a), RecvCase(b)
			switch Select(ca, cb) {
			case 0:
				return "a"
			default:
				return words("got", cb.V)
			}
		}},
		{name: "select send to a receiver", want: 11, run: func() any {
			ch := make(chan int)
			res := make(chan int, 1)
			Go(func() { Send(res, Recv(ch)) })
			c0 := SendCase(ch, 11)
			Select(c0)
			return Recv(res)
		}},
		{name: "directional views are one channel", want: words(6, false), run: func() any {
			ch := make(chan int, 1)
			var s chan<- int = ch
			var r <-chan int = ch
			Send(s, 6)
			Close(s)
			v := Recv(r)
			_, ok := Recv2(r)
			return words(v, ok)
		}},
	})
}
