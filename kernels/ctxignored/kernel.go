// Package ctxignored is a kernel of its own design (context): FirstResult
// asks several replicas and returns the first answer, canceling the rest;
// but the replica goroutines send their answers without selecting on
// ctx.Done, so every replica but the first blocks on the unbuffered send
// forever. The fix selects on ctx.Done next to the send.
package ctxignored

import (
	"context"
	"sync"
)

// FirstResult returns the first replica's answer; wg counts the replica
// goroutines still running.
func FirstResult(parent context.Context, replicas int, wg *sync.WaitGroup, fixed bool) int {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	answers := make(chan int)
	for i := range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := 100 + i
			if !fixed {
				answers <- v
				return
			}
			select {
			case answers <- v:
			case <-ctx.Done():
			}
		}()
	}
	return <-answers
}
