// Package istio8144 re-expresses GoKer's istio#8144 (non-blocking, data
// race): the TTL cache's constructor starts the evicter goroutine at once,
// and the test stores an entry and expects one eviction callback. The
// evicter's single pass races the store: if it runs first it sees an empty
// cache and the callback never runs. The fix starts the pass only when an
// entry has been stored (a wake-up channel).
package istio8144

import "sync"

// Cache is a TTL cache whose entries are all expired at once.
type Cache struct {
	fixed    bool
	mu       sync.Mutex
	entries  map[int]int
	callback func(key int)
	wake     chan struct{}
	done     chan struct{}
}

// NewTTLWithCallback returns a cache that calls callback for each entry it
// evicts.
func NewTTLWithCallback(callback func(key int), fixed bool) *Cache {
	c := &Cache{fixed: fixed, entries: map[int]int{}, callback: callback, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go c.evicter()
	return c
}

func (c *Cache) evicter() {
	defer close(c.done)
	if c.fixed {
		<-c.wake
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		c.callback(k)
		delete(c.entries, k)
	}
}

// Set stores an entry that is already expired.
func (c *Cache) Set(k, v int) {
	c.mu.Lock()
	c.entries[k] = v
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Done is closed when the evicter's pass is over.
func (c *Cache) Done() <-chan struct{} { return c.done }
