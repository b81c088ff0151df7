package sim

import (
	"testing"

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
