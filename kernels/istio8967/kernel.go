// Package istio8967 re-expresses GoKer's istio#8967 (non-blocking, channel
// misuse): a file-system source's Stop closes its done channel and then sets
// the field to nil, while the watcher goroutine reads the field each time it
// selects. A watcher that first runs after Stop selects on a nil channel and
// never returns: a goroutine leaked by Stop. The fix gives the goroutine the
// channel when it starts and never clears it.
package istio8967

// Source watches files; Fixed selects the fix.
type Source struct {
	Fixed  bool
	donec  chan struct{}
	events chan string
	exited chan struct{}
}

// New returns a stopped source.
func New(fixed bool) *Source {
	return &Source{Fixed: fixed, donec: make(chan struct{}), events: make(chan string), exited: make(chan struct{})}
}

// Start starts the watcher goroutine.
func (s *Source) Start() {
	if s.Fixed {
		donec := s.donec
		go func() {
			defer close(s.exited)
			for {
				select {
				case <-donec:
					return
				case <-s.events:
				}
			}
		}()
		return
	}
	go func() {
		defer close(s.exited)
		for {
			select {
			case <-s.donec:
				return
			case <-s.events:
			}
		}
	}()
}

// Stop stops the watcher.
func (s *Source) Stop() {
	close(s.donec)
	if !s.Fixed {
		s.donec = nil
	}
}

// Exited is closed when the watcher has returned.
func (s *Source) Exited() <-chan struct{} { return s.exited }
