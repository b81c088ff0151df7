package simrun

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// Progress intervals: a bar redraws often, a log line every so often
// (CI logs keep every line).
const (
	barInterval  = 200 * time.Millisecond
	lineInterval = 10 * time.Second
)

// progress shows a sweep's advance: seeds done, seeds/s, ETA, failures.
type progress struct {
	w           io.Writer
	total       uint64
	bar         bool
	start       time.Time
	done, fails atomic.Uint64
	stop        chan struct{}
	wg          sync.WaitGroup
	active      bool
}

func (c *cli) newProgress(w io.Writer, total uint64) *progress {
	p := &progress{w: w, total: total, start: time.Now(), stop: make(chan struct{})}
	mode := c.o.progress
	if mode == "auto" {
		mode = "lines"
		if c.isTerminal(w) {
			mode = "bar"
		}
	}
	if mode == "off" {
		return p
	}
	p.bar, p.active = mode == "bar", true
	interval := lineInterval
	if p.bar {
		interval = barInterval
	}
	p.wg.Go(func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.draw()
			}
		}
	})
	return p
}

func (p *progress) add(failed bool) {
	p.done.Add(1)
	if failed {
		p.fails.Add(1)
	}
}

func (p *progress) draw() {
	done, fails := p.done.Load(), p.fails.Load()
	el := time.Since(p.start)
	rate := float64(done) / el.Seconds()
	eta := "?"
	if done > 0 {
		eta = (time.Duration(float64(p.total-done) / rate * float64(time.Second))).Round(time.Second).String()
	}
	pct := float64(done) / float64(p.total)
	if p.bar {
		const width = 30
		n := int(pct * width)
		bar := make([]byte, width)
		for i := range bar {
			switch {
			case i < n:
				bar[i] = '='
			case i == n:
				bar[i] = '>'
			default:
				bar[i] = ' '
			}
		}
		fmt.Fprintf(p.w, "\r[%s] %d/%d seeds  %.0f seeds/s  ETA %s  %d failed ", bar, done, p.total, rate, eta, fails)
		return
	}
	fmt.Fprintf(p.w, "progress: %d/%d seeds (%.0f%%), %.0f seeds/s, ETA %s, %d failed\n", done, p.total, 100*pct, rate, eta, fails)
}

// finish stops the display and joins its goroutine.
func (p *progress) finish() {
	if !p.active {
		return
	}
	close(p.stop)
	p.wg.Wait()
	if p.bar {
		fmt.Fprint(p.w, "\r\033[K") // clear the bar: the table follows
	}
}
