// Package etcd4876 re-expresses GoKer's etcd#4876 (non-blocking, data
// race): the watch stream's send loop reads the package-level progress
// report interval when its goroutine starts, while a test sets the interval
// around the call that starts it and restores it on return. If the goroutine
// starts after the restore, the stream reports at the default interval, not
// the one configured. The fix reads the interval when the server is made,
// in the caller's goroutine.
package etcd4876

import (
	"sync/atomic"
	"time"
)

// DefaultInterval is the progress report interval unless set.
const DefaultInterval = 10 * time.Minute

var progressInterval atomic.Int64

func init() { progressInterval.Store(int64(DefaultInterval)) }

// SetProgressInterval sets the interval and returns the previous one.
func SetProgressInterval(d time.Duration) time.Duration {
	return time.Duration(progressInterval.Swap(int64(d)))
}

// WatchServer serves watch streams.
type WatchServer struct {
	fixed    bool
	interval time.Duration
}

// NewWatchServer returns a server; fixed reads the interval now.
func NewWatchServer(fixed bool) *WatchServer {
	ws := &WatchServer{fixed: fixed}
	if fixed {
		ws.interval = time.Duration(progressInterval.Load())
	}
	return ws
}

// Watch starts a stream; the channel gets the interval its send loop uses.
func (ws *WatchServer) Watch() <-chan time.Duration {
	used := make(chan time.Duration, 1)
	go ws.sendLoop(used)
	return used
}

func (ws *WatchServer) sendLoop(used chan<- time.Duration) {
	d := ws.interval
	if !ws.fixed {
		d = time.Duration(progressInterval.Load())
	}
	tk := time.NewTicker(d)
	tk.Stop()
	used <- d
}
