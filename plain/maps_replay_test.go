package plain

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
)

// A map's order in a world replays from the run's schedule, for maps of
// every size: small ones drawn a position at a time, large ones (past
// permuteDrawsMax) from one seed draw. (A single draw numbering the
// permutation overflowed a recorded decision past 12 keys, and the replay
// of a 20-key range diverged.)
func TestMapOrderReplays(t *testing.T) {
	for _, n := range []int{2, 13, 20, 64, 65, 500} {
		m := map[int]bool{}
		for i := range n {
			m[i] = true
		}
		order := func(c sim.Chooser) ([]int, *sim.Result) {
			var keys []int
			res := sim.Run(sim.Options{Seed: 1, Chooser: c}, func(sim.Runtime) {
				for k := range RangeMap(m) {
					keys = append(keys, k)
				}
			})
			return keys, res
		}
		first, res := order(sim.NewRandom(uint64(n)))
		require.NoError(t, res.Err())
		require.Len(t, first, n)
		rep := sim.NewReplay(res.Schedule(), sim.NewRandom(99))
		again, res2 := order(rep)
		require.NoError(t, res2.Err())
		require.Nil(t, rep.Divergence(), "n=%d", n)
		require.Equal(t, first, again, "n=%d", n)
	}
}
