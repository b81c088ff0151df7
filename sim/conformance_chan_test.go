package sim

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

func TestConformanceChan(t *testing.T) { runConformance(t, chanPrograms) }

func TestConformanceSelect(t *testing.T) { runConformance(t, selectPrograms) }

var chanPrograms = []program{
	{
		name: "buffered FIFO, Len/Cap, close drains then zero,false",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 3)
			ch.Send(1)
			ch.Send(2)
			ch.Send(3)
			s := fmt.Sprintf("len=%d cap=%d", ch.Len(), ch.Cap())
			ch.Close()
			for range 4 {
				v, ok := ch.Recv()
				s += fmt.Sprintf(" %d/%v", v, ok)
			}
			return s + fmt.Sprintf(" len=%d", ch.Len())
		},
		want: "len=3 cap=3 1/true 2/true 3/true 0/false len=0",
	},
	{
		// A world's buffer grows as values arrive; growing while the ring
		// has wrapped must keep the order, and the capacity must still
		// bound it.
		name: "buffered FIFO while the buffer fills past a wrapped start",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 37)
			next, want := 0, 0
			var s []string
			for round := range 5 {
				for range 3 + round*8 {
					if ch.TrySend(next) {
						next++
					}
				}
				for range 2 + round {
					if v, _, _ := ch.TryRecv(); v != want {
						s = append(s, fmt.Sprintf("got %d want %d", v, want))
					}
					want++
				}
			}
			for ch.TrySend(next) {
				next++
			}
			s = append(s, fmt.Sprintf("full at len=%d", ch.Len()))
			ch.Close()
			for _, v := range recvAll(ch) {
				if v != want {
					s = append(s, fmt.Sprintf("got %d want %d", v, want))
				}
				want++
			}
			return words(s, want == next)
		},
		want: "[full at len=37] true",
	},
	{
		name: "unbuffered handoff in order",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 0)
			rt.Go("sender", func() {
				for i := 1; i <= 5; i++ {
					ch.Send(i)
				}
				ch.Close()
			})
			return words(recvAll(ch))
		},
		want: "[1 2 3 4 5]",
	},
	{
		name: "each sender's order survives a full buffer and parked senders",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 1)
			wg := rt.NewWaitGroup()
			for s := range 3 {
				wg.Go(words("sender", s), func() {
					for k := range 5 {
						ch.Send(s*10 + k)
					}
				})
			}
			rt.Go("closer", func() { wg.Wait(); ch.Close() })
			per := make([][]int, 3)
			for _, v := range recvAll(ch) {
				per[v/10] = append(per[v/10], v)
			}
			return words(per)
		},
		want: "[[0 1 2 3 4] [10 11 12 13 14] [20 21 22 23 24]]",
	},
	{
		name: "receive from a full buffer moves a parked sender's value in",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 1)
			done := NewChan[bool](rt, 0)
			rt.Go("sender", func() {
				ch.Send(1)
				ch.Send(2) // parks: the buffer is full
				done.Close()
			})
			rt.Sleep(gap)
			s := fmt.Sprintf("len=%d", ch.Len())
			v, _ := ch.Recv()
			s += fmt.Sprintf(" got=%d len=%d", v, ch.Len()) // 2 is in the buffer now
			done.Recv()
			v, _ = ch.Recv()
			return s + fmt.Sprintf(" got=%d len=%d", v, ch.Len())
		},
		want: "len=1 got=1 len=1 got=2 len=0",
	},
	{
		name: "TryRecv takes a parked sender's value on an unbuffered channel",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 0)
			rt.Go("sender", func() { ch.Send(7) })
			rt.Sleep(gap)
			l := ch.Len()
			v, ok, ready := ch.TryRecv()
			return words(l, v, ok, ready)
		},
		want: "0 7 true true",
	},
	{
		name: "TrySend hands off to a parked receiver on an unbuffered channel",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 0)
			got := NewChan[int](rt, 1)
			rt.Go("receiver", func() { v, _ := ch.Recv(); got.Send(v) })
			rt.Sleep(gap)
			sent := ch.TrySend(9)
			v, _ := got.Recv()
			return words(sent, v)
		},
		want: "true 9",
	},
	{
		name: "TrySend and TryRecv on empty, full and closed channels",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 1)
			var s []string
			v, ok, ready := ch.TryRecv()
			s = append(s, words("empty:", v, ok, ready))
			s = append(s, words("send:", ch.TrySend(5)))
			s = append(s, words("full:", ch.TrySend(6), ch.Len()))
			ch.Close()
			v, ok, ready = ch.TryRecv()
			s = append(s, words("closed+buffered:", v, ok, ready))
			v, ok, ready = ch.TryRecv()
			s = append(s, words("closed:", v, ok, ready))
			u := NewChan[int](rt, 0)
			v, ok, ready = u.TryRecv()
			s = append(s, words("unbuffered:", u.TrySend(1), v, ok, ready))
			return s
		},
		want: []string{"empty: 0 false false", "send: true", "full: false 1", "closed+buffered: 5 true true", "closed: 0 false true", "unbuffered: false 0 false false"},
	},
	{
		name: "Len and Cap of unbuffered and zero Chans",
		run: func(rt Runtime) any {
			var z Chan[int]
			u := NewChan[string](rt, 0)
			return words(u.Len(), u.Cap(), u.IsZero(), z.Len(), z.Cap(), z.IsZero())
		},
		want: "0 0 false 0 0 true",
	},
	{
		name: "send on closed channel panics",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 1)
			ch.Close()
			ch.Send(1)
			return "no panic"
		},
		want: panicked("send on closed channel"),
	},
	{
		name: "TrySend on closed channel panics",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 1)
			ch.Close()
			ch.TrySend(1)
			return "no panic"
		},
		want: panicked("send on closed channel"),
	},
	{
		name: "close of closed channel panics",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 0)
			ch.Close()
			ch.Close()
			return "no panic"
		},
		want: panicked("close of closed channel"),
	},
	{
		name: "close of zero Chan panics like close of nil",
		run: func(rt Runtime) any {
			var ch Chan[int]
			ch.Close()
			return "no panic"
		},
		want: panicked("close of nil channel"),
	},
	{
		name: "Send on zero Chan panics",
		run: func(rt Runtime) any {
			var ch Chan[int]
			ch.Send(1)
			return "no panic"
		},
		want: panicked(zeroChan("Send")),
	},
	{
		name:      "close wakes a blocked sender with a panic",
		worldOnly: true, // a send concurrent with close is a data race: -race reports it on the real kit
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 0)
			rt.Go("closer", func() { ch.Close() })
			ch.Send(1)
			return "no panic"
		},
		want: panicked("send on closed channel"),
	},
	{
		name: "close wakes every receiver with zero,false",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 0)
			res := NewChan[string](rt, 4)
			wg := rt.NewWaitGroup()
			for i := range 4 {
				wg.Go(words("receiver", i), func() {
					v, ok := ch.Recv()
					res.Send(words(v, ok))
				})
			}
			ch.Close()
			wg.Wait()
			res.Close()
			return words(recvAll(res))
		},
		want: "[0 false 0 false 0 false 0 false]",
	},
	{
		name: "pipeline: producers, WaitGroup closer, consumers sum",
		run: func(rt Runtime) any {
			work := NewChan[int](rt, 4)
			sums := NewChan[int](rt, 0)
			producers := rt.NewWaitGroup()
			for p := range 3 {
				producers.Go(words("producer", p), func() {
					for i := 1; i <= 20; i++ {
						work.Send(i)
					}
				})
			}
			rt.Go("closer", func() { producers.Wait(); work.Close() })
			for c := range 2 {
				rt.Go(words("consumer", c), func() {
					sum := 0
					for _, v := range recvAll(work) {
						sum += v
					}
					sums.Send(sum)
				})
			}
			a, _ := sums.Recv()
			b, _ := sums.Recv()
			return a + b
		},
		want: 3 * 210,
	},
}

var selectPrograms = []program{
	{
		// Receive cases on one world channel share its world side; each
		// keeps its own destinations, whether the case fires at once or
		// after the select parks.
		name: "two receive cases on one channel: only the chosen one's variables are written",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 0)
			rt.Go("sender", func() { ch.Send(7) })
			a, b := -1, -1
			var aok, bok bool
			i := rt.Select(ch.RecvCase(&a, &aok), ch.RecvCase(&b, &bok))
			if i == 0 {
				return words(a, aok, b, bok)
			}
			return words(b, bok, a, aok)
		},
		want: "7 true -1 false",
	},
	{
		name: "a receive case made once serves every select it is given to",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 0)
			rt.Go("sender", func() {
				for v := range 3 {
					ch.Send(v + 1)
				}
				ch.Close()
			})
			var v int
			var ok bool
			c := ch.RecvCase(&v, &ok)
			var got []int
			for rt.Select(c); ok; rt.Select(c) {
				got = append(got, v)
			}
			return words(got, v, ok)
		},
		want: "[1 2 3] 0 false",
	},
	{
		// A world channel shares one receive case among calls with the same
		// destinations: calls with other ones, and two cases on one channel
		// in one select, must each still get their own values.
		name: "receive cases on one channel into alternating destinations, parked and not",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 0)
			done := NewChan[struct{}](rt, 0)
			rt.Go("sender", func() {
				for i := 1; i <= 6; i++ {
					ch.Send(i)
				}
				done.Close()
			})
			var a, b int
			var okA, okB bool
			var got []string
			for i := 0; i < 3; i++ {
				rt.Select(ch.RecvCase(&a, &okA), done.RecvCase(nil, nil))
				rt.Select(ch.RecvCase(&b, &okB), done.RecvCase(nil, nil))
				got = append(got, fmt.Sprintf("%d/%v %d/%v", a, okA, b, okB))
			}
			done.Recv()
			var c, d int
			ch2 := NewChan[int](rt, 2)
			ch2.Send(7)
			ch2.Send(8)
			var took []int
			for range 2 {
				switch rt.Select(ch2.RecvCase(&c, nil), ch2.RecvCase(&d, nil)) {
				case 0:
					took = append(took, c)
				case 1:
					took = append(took, d)
				}
			}
			return fmt.Sprint(got, " ", took)
		},
		want: "[1/true 2/true 3/true 4/true 5/true 6/true] [7 8]",
	},
	{
		// A parked receive case is written by whoever completes it, so
		// the cases that do not fire must keep their variables as they
		// were, and the one that fires gets the value with ok.
		name: "a parked select writes only the destination of the case that fires",
		run: func(rt Runtime) any {
			a, b := NewChan[int](rt, 0), NewChan[int](rt, 0)
			rt.Go("sender", func() { rt.Sleep(gap); b.Send(9) })
			x, y := -1, -1
			xok, yok := true, false
			i := rt.Select(a.RecvCase(&x, &xok), b.RecvCase(&y, &yok), a.SendCase(3))
			return words(i, x, xok, y, yok)
		},
		want: "1 -1 true 9 true",
	},
	{
		// Both ends are selects: a parked send case's value goes to a
		// receive case that finds it ready, and a ready send case's value
		// to a parked receive case.
		name: "select to select, whichever parks first",
		run: func(rt Runtime) any {
			ch, back := NewChan[int](rt, 0), NewChan[int](rt, 0)
			nr, ns := NewChan[int](rt, 0), NewChan[int](rt, 0) // only received from, only sent to
			rt.Go("peer", func() {
				rt.Select(ch.SendCase(5), nr.RecvCase(nil, nil)) // parks: the receiver sleeps
				var v int
				rt.Select(back.RecvCase(&v, nil), ns.SendCase(0)) // parks: the sender sleeps
				ch.Send(v + 1)
			})
			rt.Sleep(gap)
			var got int
			var ok bool
			i := rt.Select(ns.SendCase(0), ch.RecvCase(&got, &ok))
			rt.Sleep(gap)
			j := rt.Select(back.SendCase(got*10), nr.RecvCase(nil, nil))
			last, _ := ch.Recv()
			return words(i, got, ok, j, last)
		},
		want: "1 5 true 0 51",
	},
	{
		// More cases than a select keeps on its stack, ready and parked.
		name: "a select of twelve cases",
		run: func(rt Runtime) any {
			chs := make([]Chan[int], 12)
			for i := range chs {
				chs[i] = NewChan[int](rt, 0)
			}
			var got [12]int
			cases := func() []Case {
				cs := make([]Case, len(chs))
				for i, c := range chs {
					cs[i] = c.RecvCase(&got[i], nil)
				}
				return cs
			}
			rt.Go("sender", func() {
				chs[10].Send(1) // the select below finds it waiting
				rt.Sleep(gap)
				chs[3].Send(2) // the select below has parked
			})
			rt.Sleep(gap)
			i := rt.Select(cases()...)
			j := rt.Select(cases()...)
			return words(i, j, got)
		},
		want: "10 3 [0 0 0 2 0 0 0 0 0 0 1 0]",
	},
	{
		name: "default when nothing is ready",
		run: func(rt Runtime) any {
			empty := NewChan[int](rt, 1)
			full := NewChan[int](rt, 1)
			full.Send(1)
			unbuf := NewChan[int](rt, 0)
			var zero Chan[int]
			return rt.Select(
				empty.RecvCase(nil, nil),
				full.SendCase(2),
				unbuf.SendCase(3),
				unbuf.RecvCase(nil, nil),
				zero.RecvCase(nil, nil),
				zero.SendCase(4),
				DoneCase(context.Background()),
				DefaultCase(),
			)
		},
		want: 7,
	},
	{
		name: "only default among zero-Chan cases",
		run: func(rt Runtime) any {
			var zero Chan[int]
			return words(rt.Select(DefaultCase()), rt.Select(zero.RecvCase(nil, nil), DefaultCase()))
		},
		want: "0 1",
	},
	{
		name: "the one ready receive is taken",
		run: func(rt Runtime) any {
			a := NewChan[int](rt, 1)
			b := NewChan[int](rt, 1)
			b.Send(42)
			var zero Chan[int]
			var v int
			var ok bool
			i := rt.Select(a.RecvCase(nil, nil), zero.RecvCase(nil, nil), b.RecvCase(&v, &ok))
			return words(i, v, ok, b.Len())
		},
		want: "2 42 true 0",
	},
	{
		name: "the one ready send is taken",
		run: func(rt Runtime) any {
			full := NewChan[int](rt, 1)
			full.Send(1)
			room := NewChan[int](rt, 2)
			i := rt.Select(full.SendCase(2), room.SendCase(3), DefaultCase())
			v, _ := room.Recv()
			return words(i, v, full.Len())
		},
		want: "1 3 1",
	},
	{
		name: "receive case on a closed channel gives zero,false",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 0)
			never := NewChan[int](rt, 0)
			ch.Close()
			v, ok := -1, true
			i := rt.Select(never.RecvCase(nil, nil), ch.RecvCase(&v, &ok))
			return words(i, v, ok)
		},
		want: "1 0 false",
	},
	{
		name: "RecvCase with nil pointers still consumes the value",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 2)
			ch.Send(1)
			ch.Send(2)
			i := rt.Select(ch.RecvCase(nil, nil))
			v, _ := ch.Recv()
			return words(i, v, ch.Len())
		},
		want: "0 2 0",
	},
	{
		name: "send case on a closed channel panics (with default)",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 1)
			ch.Close()
			rt.Select(ch.SendCase(1), DefaultCase())
			return "no panic"
		},
		want: panicked("send on closed channel"),
	},
	{
		name: "send case on a closed channel panics (blocking select)",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 0)
			never := NewChan[int](rt, 0)
			ch.Close()
			rt.Select(never.RecvCase(nil, nil), ch.SendCase(1))
			return "no panic"
		},
		want: panicked("send on closed channel"),
	},
	{
		name:      "close wakes a select blocked on send with a panic",
		worldOnly: true, // a send concurrent with close is a data race: -race reports it on the real kit
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 0)
			never := NewChan[int](rt, 0)
			rt.Go("closer", func() { ch.Close() })
			rt.Select(never.RecvCase(nil, nil), ch.SendCase(1))
			return "no panic"
		},
		want: panicked("send on closed channel"),
	},
	{
		name: "close wakes a select blocked on receive with zero,false",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 0)
			never := NewChan[int](rt, 0)
			rt.Go("closer", func() { ch.Close() })
			v, ok := -1, true
			i := rt.Select(never.RecvCase(nil, nil), ch.RecvCase(&v, &ok), never.SendCase(1))
			return words(i, v, ok)
		},
		want: "1 0 false",
	},
	{
		// Close releases the receivers before the senders: a select parked
		// on both ends of one channel takes its receive case.
		name:      "close of a channel a select waits to send and receive on",
		worldOnly: true, // a send concurrent with close is a data race: -race reports it on the real kit
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 0)
			rt.Go("closer", func() { rt.Sleep(gap); ch.Close() })
			v, ok := -1, true
			i := rt.Select(ch.SendCase(1), ch.RecvCase(&v, &ok))
			return words(i, v, ok)
		},
		want: "1 0 false",
	},
	{
		name: "blocking select receives from a later sender",
		run: func(rt Runtime) any {
			a := NewChan[int](rt, 0)
			never := NewChan[int](rt, 0)
			rt.Go("sender", func() { a.Send(42) })
			var v int
			i := rt.Select(never.RecvCase(nil, nil), a.RecvCase(&v, nil))
			return words(i, v)
		},
		want: "1 42",
	},
	{
		name: "blocking select sends to a later receiver",
		run: func(rt Runtime) any {
			a := NewChan[int](rt, 0)
			got := NewChan[int](rt, 1)
			never := NewChan[int](rt, 0)
			rt.Go("receiver", func() { v, _ := a.Recv(); got.Send(v) })
			i := rt.Select(never.RecvCase(nil, nil), a.SendCase(5))
			v, _ := got.Recv()
			return words(i, v)
		},
		want: "1 5",
	},
	{
		name: "select parked on a full buffer keeps FIFO order",
		run: func(rt Runtime) any {
			ch := NewChan[int](rt, 1)
			never := NewChan[int](rt, 0)
			ch.Send(1)
			done := NewChan[int](rt, 0)
			rt.Go("sender", func() {
				done.Send(rt.Select(never.RecvCase(nil, nil), ch.SendCase(2)))
			})
			rt.Sleep(gap)
			a, _ := ch.Recv()
			b, _ := ch.Recv()
			i, _ := done.Recv()
			return words(a, b, i)
		},
		want: "1 2 1",
	},
	{
		name: "select loop drains two channels, switching closed ones off",
		run: func(rt Runtime) any {
			a := NewChan[int](rt, 3)
			b := NewChan[int](rt, 3)
			for i := range 3 {
				a.Send(i)
				b.Send(10 + i)
			}
			a.Close()
			b.Close()
			var got []int
			for !a.IsZero() || !b.IsZero() {
				var v int
				var ok bool
				switch rt.Select(a.RecvCase(&v, &ok), b.RecvCase(&v, &ok)) {
				case 0:
					if !ok {
						a = Chan[int]{}
						continue
					}
				case 1:
					if !ok {
						b = Chan[int]{}
						continue
					}
				}
				got = append(got, v)
			}
			slices.Sort(got)
			return words(got)
		},
		want: "[0 1 2 10 11 12]",
	},
	{
		name: "every ready value is received exactly once by competing selects",
		run: func(rt Runtime) any {
			a := NewChan[int](rt, 0)
			b := NewChan[int](rt, 0)
			out := NewChan[int](rt, 10)
			wg := rt.NewWaitGroup()
			for r := range 2 {
				wg.Go(words("selector", r), func() {
					for range 5 {
						var v int
						rt.Select(a.RecvCase(&v, nil), b.RecvCase(&v, nil))
						out.Send(v)
					}
				})
			}
			rt.Go("senderA", func() {
				for i := range 5 {
					a.Send(i)
				}
			})
			for i := range 5 {
				b.Send(100 + i)
			}
			wg.Wait()
			out.Close()
			got := recvAll(out)
			slices.Sort(got)
			return words(got)
		},
		want: "[0 1 2 3 4 100 101 102 103 104]",
	},
}
