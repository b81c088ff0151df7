package sim

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The log gives back every choice in order across chunks of growing size,
// and its chunks start small and stop growing at the cap.
func TestChoiceLogAcrossChunks(t *testing.T) {
	var l choiceLog
	require.Empty(t, l.all())
	var want []Choice
	for i := range 40000 {
		c := Choice{Kind: DecisionKind(i % 3), N: i%1000 + 1, Pick: i % (i%1000 + 1)}
		l.add(c)
		want = append(want, c)
	}
	require.Equal(t, want, l.all())
	require.Len(t, l.full[0], choiceChunkMin)
	for i := 1; i < len(l.full); i++ {
		require.Equal(t, min(2*len(l.full[i-1]), choiceChunkMax), len(l.full[i]))
	}
	require.Len(t, l.cur, choiceChunkMax)
}
