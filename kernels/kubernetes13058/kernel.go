// Package kubernetes13058 re-expresses GoKer's kubernetes#13058
// (non-blocking, WaitGroup): the informer's controller delivers deletions to
// a handler that calls WaitGroup.Done, and it delivers again (a resync)
// until it is stopped. The test adds one per object, waits, then stops the
// controller; a resync that runs between the Wait returning and the stop
// calls Done once more: "sync: negative WaitGroup counter". The fix makes
// the handler count each object once.
package kubernetes13058

import "sync"

// Resyncs bounds the controller's passes over its objects.
const Resyncs = 3

// Controller delivers its objects to the handler on every pass.
type Controller struct {
	objects []string
	handler func(obj string)
}

// NewController returns a controller for objects.
func NewController(objects []string, handler func(obj string)) *Controller {
	return &Controller{objects: objects, handler: handler}
}

// Run delivers every object, resyncs, and returns when stop is closed.
func (c *Controller) Run(stop <-chan struct{}) {
	for range Resyncs {
		select {
		case <-stop:
			return
		default:
		}
		for _, o := range c.objects {
			c.handler(o)
		}
	}
	<-stop
}

// DoneOnce returns a handler that calls wg.Done once per object; the
// buggy handler calls it on every delivery.
func DoneOnce(wg *sync.WaitGroup, fixed bool) func(obj string) {
	var mu sync.Mutex
	seen := map[string]bool{}
	return func(obj string) {
		if fixed {
			mu.Lock()
			dup := seen[obj]
			seen[obj] = true
			mu.Unlock()
			if dup {
				return
			}
		}
		wg.Done()
	}
}
