package plain

import (
	"sync"
	"testing"
)

// BenchmarkNative compares plain Go with the same operations through the
// plain calls, with no world running: the cost rewritten code pays in
// production (target: within 10%).
func BenchmarkNative(b *testing.B) {
	b.Run("pingpong/go", func(b *testing.B) {
		ping, pong := make(chan int), make(chan int)
		go func() {
			for v := range ping {
				pong <- v
			}
			close(pong)
		}()
		for i := 0; b.Loop(); i++ {
			ping <- i
			<-pong
		}
		close(ping)
		<-pong
	})
	b.Run("pingpong/plain", func(b *testing.B) {
		ping, pong := make(chan int), make(chan int)
		go func() {
			for c, v, ok := RangeChan(ping); ok; v, ok = RecvNext(c, v) {
				Send(pong, v)
			}
			Close(pong)
		}()
		for i := 0; b.Loop(); i++ {
			Send(ping, i)
			Recv(pong)
		}
		Close(ping)
		Recv2(pong)
	})
	b.Run("mutex/go", func(b *testing.B) {
		var mu sync.Mutex
		n := 0
		for b.Loop() {
			mu.Lock()
			n++
			mu.Unlock()
		}
	})
	b.Run("mutex/plain", func(b *testing.B) {
		var mu sync.Mutex
		n := 0
		for b.Loop() {
			Lock(&mu)
			n++
			Unlock(&mu)
		}
	})
}
