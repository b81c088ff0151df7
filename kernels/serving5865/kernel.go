// Package serving5865 re-expresses GoKer's serving#5865 (non-blocking,
// channel misuse): the revision watcher, the receiver of its dests channel,
// closes that channel when it exits, while the backends manager still sends
// endpoint updates on it. An update that selects between the send and the
// stop signal after the watcher has exited may pick the send: "send on
// closed channel". The fix leaves the channel open (its senders own it).
package serving5865

// Watcher receives endpoint updates until stopped; Fixed selects the fix.
type Watcher struct {
	Fixed   bool
	destsCh chan string
	stop    chan struct{}
	exited  chan struct{}
	seen    []string
}

// Start returns a running watcher.
func Start(fixed bool) *Watcher {
	w := &Watcher{Fixed: fixed, destsCh: make(chan string), stop: make(chan struct{}), exited: make(chan struct{})}
	go w.run()
	return w
}

func (w *Watcher) run() {
	defer close(w.exited)
	if !w.Fixed {
		defer close(w.destsCh)
	}
	for {
		select {
		case d := <-w.destsCh:
			w.seen = append(w.seen, d)
		case <-w.stop:
			return
		}
	}
}

// Update hands the watcher new endpoints, unless it is stopped.
func (w *Watcher) Update(dests string) {
	select {
	case w.destsCh <- dests:
	case <-w.stop:
	}
}

// Stop stops the watcher.
func (w *Watcher) Stop() { close(w.stop) }

// Exited is closed when the watcher has returned.
func (w *Watcher) Exited() <-chan struct{} { return w.exited }
