// Package etcd3077 re-expresses GoKer's etcd#3077 (non-blocking, channel
// misuse): the raft node's goroutine makes its own stopped and done channels
// when it starts, and the server's shutdown path sends on node.stopped. If
// the server stops before the node goroutine has run, it sends on a nil
// channel and blocks forever: Stop never returns (the original hid this
// behind a 10 ms sleep). The fix makes the channels before starting the
// goroutine.
package etcd3077

type raftNode struct {
	stopped chan struct{}
	done    chan struct{}
}

func (r *raftNode) run(makeChans bool) {
	if makeChans {
		r.stopped = make(chan struct{})
		r.done = make(chan struct{})
	}
	<-r.stopped
	close(r.done)
}

// Server is the etcd server; Fixed selects the fix.
type Server struct {
	Fixed bool
	r     raftNode
	stop  chan struct{}
	done  chan struct{}
}

// Start starts the raft node and the server loop.
func (s *Server) Start() {
	s.stop = make(chan struct{})
	s.done = make(chan struct{})
	if s.Fixed {
		s.r.stopped = make(chan struct{})
		s.r.done = make(chan struct{})
	}
	go s.r.run(!s.Fixed)
	go s.run()
}

func (s *Server) run() {
	<-s.stop
	s.r.stopped <- struct{}{}
	<-s.r.done
	close(s.done)
}

// Stop stops the server and waits for it.
func (s *Server) Stop() {
	s.stop <- struct{}{}
	<-s.done
}
