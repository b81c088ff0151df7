// Package closeleavesworker is a kernel of its own design (lifecycle): the
// service's Close tells its worker to quit but does not wait for it, so a
// job the worker took before the quit signal is still being handled after
// Close has returned, when the caller believes the service is gone. The fix
// waits for the worker in Close.
package closeleavesworker

import (
	"sync"
	"sync/atomic"
)

// Service handles jobs on one worker goroutine.
type Service struct {
	fixed  bool
	jobs   chan int
	quit   chan struct{}
	wg     sync.WaitGroup
	closed atomic.Bool
	late   atomic.Int32
	exited chan struct{}
}

// Start returns a running service.
func Start(fixed bool) *Service {
	s := &Service{fixed: fixed, jobs: make(chan int), quit: make(chan struct{}), exited: make(chan struct{})}
	s.wg.Add(1)
	go s.worker()
	return s
}

func (s *Service) worker() {
	defer close(s.exited)
	defer s.wg.Done()
	for {
		select {
		case <-s.jobs:
			if s.closed.Load() {
				s.late.Add(1)
			}
		case <-s.quit:
			return
		}
	}
}

// Submit hands the worker a job, unless the service is closing.
func (s *Service) Submit(j int) {
	select {
	case s.jobs <- j:
	case <-s.quit:
	}
}

// Close stops the service: once it returns, no job is being handled.
func (s *Service) Close() {
	close(s.quit)
	if s.fixed {
		s.wg.Wait()
	}
	s.closed.Store(true)
}

// Late returns how many jobs were handled after Close returned.
func (s *Service) Late() int32 { return s.late.Load() }

// Exited is closed when the worker has returned.
func (s *Service) Exited() <-chan struct{} { return s.exited }
