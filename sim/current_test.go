package sim_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/execsim/execsim/sim"
)

func TestCurrentFindsOwnWorld(t *testing.T) {
	require.Nil(t, sim.Current(), "no world runs on the test goroutine")
	var wg sync.WaitGroup
	for i := range 8 { // many worlds at once, each must find itself
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := sim.Run(sim.Options{Seed: uint64(i), Chooser: sim.NewRandom(uint64(i))}, func(rt sim.Runtime) {
				require.Equal(t, rt, sim.Current(), "the body")
				done := sim.NewChan[bool](rt, 0)
				rt.Go("child", func() {
					require.Equal(t, rt, sim.Current(), "a goroutine the world started")
					raw := make(chan sim.Runtime)
					go func() { raw <- sim.Current() }() //simvet:allow a raw goroutine is what Current must not claim
					require.Nil(t, <-raw, "a goroutine a go statement started")
					done.Send(true)
				})
				for range 10 {
					rt.Yield()
				}
				done.Recv()
			})
			require.NoError(t, res.Err())
		}()
	}
	wg.Wait()
	require.Nil(t, sim.Current())
}

func BenchmarkCurrent(b *testing.B) {
	b.Run("no-world", func(b *testing.B) {
		for b.Loop() {
			_ = sim.Current()
		}
	})
	b.Run("in-world", func(b *testing.B) {
		sim.Run(sim.Options{Chooser: sim.NewRandom(1)}, func(rt sim.Runtime) {
			for b.Loop() {
				_ = sim.Current()
			}
		})
	})
}
