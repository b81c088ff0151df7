// Package concurrentshutdown is a kernel of its own design (lifecycle): two
// callers shut the server down at once; each checks the closed flag under
// the mutex, releases it, and closes the done channel, so both can see the
// flag unset: "close of closed channel". The fix closes through a
// sync.Once.
package concurrentshutdown

import "sync"

// Server is shut down by closing done.
type Server struct {
	fixed  bool
	mu     sync.Mutex
	closed bool
	once   sync.Once
	done   chan struct{}
}

// New returns a running server.
func New(fixed bool) *Server { return &Server{fixed: fixed, done: make(chan struct{})} }

// Shutdown may be called by several goroutines.
func (s *Server) Shutdown() {
	if s.fixed {
		s.once.Do(func() { close(s.done) })
		return
	}
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if !closed {
		close(s.done)
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
	}
}

// Done is closed once the server is shut down.
func (s *Server) Done() <-chan struct{} { return s.done }
