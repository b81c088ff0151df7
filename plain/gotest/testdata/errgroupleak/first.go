// Package errgroupleak is a fixture of package gotest's tests: a fan-out
// in plain Go over golang.org/x/sync/errgroup whose workers, goroutines of
// errgroup's own go statement, are left blocked when the caller takes the
// first answer and goes, unless the answers channel has room for them all.
// Only a rewrite of errgroup makes those goroutines the world's: without
// it they run natively, and their first plain call, on the world's input
// channel, is one from a goroutine the world did not start.
package errgroupleak

import "golang.org/x/sync/errgroup"

// First squares xs on workers of an errgroup and returns the first square
// that arrives. With room false the answers channel is unbuffered: the
// workers that lose the race block on it forever.
func First(xs []int, workers int, room bool) int {
	in := make(chan int, len(xs))
	for _, x := range xs {
		in <- x
	}
	close(in)
	size := 0
	if room {
		size = len(xs)
	}
	out := make(chan int, size)
	var g errgroup.Group
	for range workers {
		g.Go(func() error { // marker: spawn
			for x := range in { // marker: range
				out <- x * x // marker: send
			}
			return nil
		})
	}
	return <-out
}
