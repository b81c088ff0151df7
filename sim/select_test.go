package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A case on a channel of the other kit is refused with a message that
// says what to do, on either kit: a world cannot park on a native
// channel, and the real kit cannot wait on a world's queue.
func TestSelectCaseOfTheOtherKit(t *testing.T) {
	native := NewChan[int](NewReal(1), 1)
	res := Run(Options{Seed: 1}, func(rt Runtime) {
		rt.Select(native.RecvCase(nil, nil), DefaultCase())
	})
	require.NotNil(t, res.Failure)
	require.Equal(t, KindPanic, res.Failure.Kind)
	require.Contains(t, res.Failure.Message, "a case on a channel the real kit made")

	var worldChan Chan[int]
	Run(Options{Seed: 1}, func(rt Runtime) { worldChan = NewChan[int](rt, 1) })
	for _, c := range []Case{worldChan.RecvCase(nil, nil), worldChan.SendCase(1)} {
		require.PanicsWithValue(t,
			"sim: Select on the real kit: a case on a world's channel; make the channel with the runtime that selects on it",
			func() { NewReal(1).Select(c, DefaultCase()) })
	}
}

// A receive case on a world channel allocates nothing, whatever its
// destinations: it is the channel itself plus the two pointers, kept in
// the Case.
func TestSelectRecvCaseAllocatesNothing(t *testing.T) {
	var allocs float64
	res := Run(Options{Seed: 1}, func(rt Runtime) {
		ch := NewChan[int](rt, 1)
		var a, b int
		var ok bool
		cases := make([]Case, 1) // given as is, so the variadic call makes no slice
		allocs = testing.AllocsPerRun(100, func() {
			ch.Send(1)
			cases[0] = ch.RecvCase(&a, &ok)
			rt.Select(cases...)
			ch.Send(2)
			cases[0] = ch.RecvCase(&b, nil)
			rt.Select(cases...)
		})
		require.Equal(t, []int{1, 2}, []int{a, b})
	})
	require.Nil(t, res.Failure)
	require.Zero(t, allocs)
}

// A select that parks takes nothing from its channels: a receive case
// waits with its own destination, a send case with its own value. One
// more case on a fresh channel, parked on and not fired, costs no
// allocation (it cost the channel's first slot), nor do more cases than
// the select keeps on its stack.
func TestSelectParksWithoutAllocating(t *testing.T) {
	perRound := func(extra int) (allocs float64) {
		res := Run(Options{Seed: 1}, func(rt Runtime) {
			pipe := NewChan[Chan[int]](rt, 0)
			quit := NewChan[struct{}](rt, 0)
			rt.Go("sender", func() {
				for {
					var c Chan[int]
					var ok bool
					if rt.Select(pipe.RecvCase(&c, &ok), quit.RecvCase(nil, nil)) == 1 {
						return
					}
					rt.Sleep(time.Millisecond) // the select below parks first
					c.Send(7)
				}
			})
			cases := make([]Case, 1+2*extra)
			var v int
			allocs = testing.AllocsPerRun(50, func() {
				c := NewChan[int](rt, 0)
				cases[0] = c.RecvCase(&v, nil)
				for i := 1; i < len(cases); i += 2 {
					other := NewChan[int](rt, 0)
					cases[i], cases[i+1] = other.RecvCase(&v, nil), other.SendCase(1)
				}
				pipe.Send(c)
				require.Zero(t, rt.Select(cases...))
			})
			quit.Close()
			require.Equal(t, 7, v)
		})
		require.Nil(t, res.Failure)
		return allocs
	}
	one := perRound(0)
	// Each other channel is one allocation to make and its send case
	// another; parking on both of its cases adds nothing.
	require.Equal(t, one+2, perRound(1))
	require.Equal(t, one+2*8, perRound(8))
}

// The function Select is Runtime.Select without the heap slice: through
// the interface, a variadic call's cases escape; as a function call they
// stay on the caller's stack. It serves both kits, and a Runtime embedded
// in a struct of the caller's (as simtest's handle embeds one).
func TestSelectFunctionAllocatesNoCases(t *testing.T) {
	type handle struct{ Runtime }
	var viaFunc, viaFuncEmbedded, viaInterface float64
	res := Run(Options{Seed: 1}, func(rt Runtime) {
		ch := NewChan[int](rt, 1)
		var v int
		var h Runtime = handle{rt} // boxed once, not per call
		viaFunc = testing.AllocsPerRun(50, func() {
			ch.Send(1)
			if Select(rt, DefaultCase(), ch.RecvCase(&v, nil)) != 1 {
				panic("the ready case was not taken")
			}
		})
		viaFuncEmbedded = testing.AllocsPerRun(50, func() {
			ch.Send(2)
			if Select(h, DefaultCase(), ch.RecvCase(&v, nil)) != 1 {
				panic("the ready case was not taken")
			}
		})
		viaInterface = testing.AllocsPerRun(50, func() {
			ch.Send(3)
			if rt.Select(DefaultCase(), ch.RecvCase(&v, nil)) != 1 {
				panic("the ready case was not taken")
			}
		})
	})
	require.Nil(t, res.Failure)
	require.Zero(t, viaFunc)
	require.Zero(t, viaFuncEmbedded)
	if viaInterface == 0 {
		t.Log("rt.Select allocates nothing either: this Go keeps an interface call's variadic slice on the stack, and the function Select is no longer needed")
	}

	real := NewReal(1)
	ch := NewChan[int](real, 1)
	ch.Send(4)
	var v int
	require.Equal(t, 1, Select(real, DefaultCase(), ch.RecvCase(&v, nil)))
	require.Equal(t, 4, v)
	require.Equal(t, 0, Select(handle{real}, DefaultCase(), ch.RecvCase(&v, nil)))
	require.PanicsWithValue(t, "sim: Select on a nil Runtime", func() { Select(nil, DefaultCase()) })
}
