package plain

import (
	"bytes"
	cryptorand "crypto/rand"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
)

// In a world crypto/rand's bytes are the world's: the same seed gives the
// same bytes, another seed others, and a replay of the schedule repeats
// them; natively they are crypto/rand's own.
func TestWorldCryptoRandReplays(t *testing.T) {
	draw := func() []byte {
		b := make([]byte, 16)
		n, err := CryptoRead(b)
		if err != nil || n != 16 {
			panic("short read")
		}
		x, err := cryptorand.Int(CryptoReader(), big.NewInt(1<<62))
		if err != nil {
			panic(err)
		}
		return append(append(b, x.Bytes()...), CryptoText()...)
	}
	byRun := func(c sim.Chooser) ([]byte, *sim.Result) {
		var got []byte
		res := sim.Run(sim.Options{Seed: 7, Chooser: c}, func(sim.Runtime) { got = draw() })
		require.NoError(t, res.Err())
		return got, res
	}
	a, res := byRun(sim.NewRandom(7))
	b, _ := byRun(sim.NewRandom(7))
	require.Equal(t, a, b, "the seed fixes the bytes")
	other, _ := byRun(sim.NewRandom(8))
	require.NotEqual(t, a, other)
	again, _ := byRun(sim.NewReplay(res.Schedule(), sim.NewRandom(99)))
	require.Equal(t, a, again, "the replay repeats them")
	require.Len(t, CryptoText(), 26)
	x, y := draw(), draw()
	require.False(t, bytes.Equal(x, y), "natively crypto/rand's own")
}
