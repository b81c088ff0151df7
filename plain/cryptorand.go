package plain

import (
	cryptorand "crypto/rand"
	"encoding/binary"
	"io"
	randv2 "math/rand/v2"

	"github.com/execsim/execsim/sim"
)

// crypto/rand in a world reads the world's own bytes: a ChaCha8 stream
// seeded at first use from one draw of the world's Chooser, so that code
// that seeds a hash, a shard choice or an id from crypto/rand (go-cache's
// sharded cache picks its hash seed with rand.Int(rand.Reader, ...))
// replays from the seed instead of taking another path at each run.
// Outside a world each function is crypto/rand's own.

// cryptoKey keys a world's crypto/rand stream.
type cryptoKey struct{ rt sim.Runtime }

func worldCrypto(rt sim.Runtime) *randv2.ChaCha8 {
	return sim.Local(rt, cryptoKey{rt: rt}, func() *randv2.ChaCha8 {
		var seed [32]byte
		s := uint64(seedOf(rt, "crypto/rand seed"))
		pcg := randv2.NewPCG(s, s^0x9e3779b97f4a7c15)
		for i := 0; i < len(seed); i += 8 {
			binary.LittleEndian.PutUint64(seed[i:], pcg.Uint64())
		}
		return randv2.NewChaCha8(seed)
	})
}

// CryptoReader is crypto/rand.Reader read as a value; natively the
// package's Reader as it is at the call (a test may have replaced it).
func CryptoReader() io.Reader {
	if rt := sim.Current(); rt != nil {
		return worldCrypto(rt)
	}
	return cryptorand.Reader
}

// CryptoRead is crypto/rand.Read(b).
func CryptoRead(b []byte) (int, error) {
	if rt := sim.Current(); rt != nil {
		return worldCrypto(rt).Read(b)
	}
	return cryptorand.Read(b)
}

// CryptoText is crypto/rand.Text(): 26 characters of the standard base32
// alphabet, as crypto/rand makes them.
func CryptoText() string {
	if rt := sim.Current(); rt == nil {
		return cryptorand.Text()
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	src := make([]byte, 26)
	CryptoRead(src)
	for i := range src {
		src[i] = alphabet[src[i]%32]
	}
	return string(src)
}
