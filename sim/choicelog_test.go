package sim

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// The log gives back every choice in order across chunks of growing size,
// runs of equal choices included, and its chunks start small and stop
// growing at the cap.
func TestChoiceLogAcrossChunks(t *testing.T) {
	var l choiceLog
	require.Empty(t, l.all())
	var want []Choice
	for i := range 200000 {
		c := Choice{Kind: DecisionKind(i % 4), N: i%1000 + 1, Pick: i % (i%1000 + 1)}
		if i%7 < 3 { // runs of equal choices, of length 1 to 3
			c = Choice{Kind: TimeDecision, N: 2, Pick: 0}
		}
		if i%5000 == 0 {
			c = Choice{Kind: DrawDecision, N: math.MaxInt, Pick: math.MaxInt - 1} // the widest record
		}
		l.add(c)
		want = append(want, c)
	}
	require.Equal(t, want, l.all())
	require.Equal(t, choiceChunkMin, cap(l.full[0]))
	for i := 1; i < len(l.full); i++ {
		require.Equal(t, min(2*cap(l.full[i-1]), choiceChunkMax), cap(l.full[i]))
	}
	require.Equal(t, choiceChunkMax, cap(l.cur))
}

// A long run's log stays small: about three bytes a decision among fewer
// than 128 alternatives, and next to nothing for a run of equal ones (a
// spinning goroutine, a timer decision made again and again).
func TestChoiceLogCompact(t *testing.T) {
	var varied, same choiceLog
	for i := range 1_000_000 {
		varied.add(Choice{Kind: ScheduleDecision, N: 10, Pick: i % 10})
		same.add(Choice{Kind: TimeDecision, N: 2, Pick: 0})
	}
	require.LessOrEqual(t, varied.size(), 3*1_000_000)
	require.Less(t, same.size(), 64)
	require.Len(t, same.all(), 1_000_000)
}

// Any sequence comes back as it went in: repeats of any length (a repeat
// record's count has one varint byte up to 127, more past it), and
// alternatives and answers on both sides of a one-byte varint.
func TestChoiceLogRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var l choiceLog
		want := []Choice{}
		small := rapid.SampledFrom([]int{1, 2, 127, 128, 129, 300, 1 << 20})
		for range rapid.IntRange(0, 60).Draw(t, "records") {
			n := small.Draw(t, "n")
			c := Choice{Kind: DecisionKind(rapid.IntRange(0, 3).Draw(t, "kind")), N: n, Pick: rapid.IntRange(0, n-1).Draw(t, "pick")}
			for range 1 + rapid.SampledFrom([]int{0, 1, 2, 126, 127, 128, 129, 1000}).Draw(t, "repeats") {
				l.add(c)
				want = append(want, c)
			}
		}
		require.Equal(t, want, l.all())
		require.Equal(t, len(want), l.count)
	})
}
