// Package rwupgrade is a kernel of its own design (RWMutex): Get looks the
// value up under the read lock and, when it is missing, takes the write
// lock and builds it, without checking again, so two callers that both
// missed build it twice. The fix re-checks under the write lock.
package rwupgrade

import "sync"

// Registry builds its value on first use.
type Registry struct {
	fixed  bool
	mu     sync.RWMutex
	value  *int
	builds int
}

// Get returns the value, building it if needed.
func (r *Registry) Get() int {
	r.mu.RLock()
	v := r.value
	r.mu.RUnlock()
	if v != nil {
		return *v
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fixed && r.value != nil {
		return *r.value
	}
	r.builds++
	x := 42
	r.value = &x
	return x
}

// Builds returns how many times the value was built.
func (r *Registry) Builds() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.builds
}
