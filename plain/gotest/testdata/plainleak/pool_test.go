package plainleak

import "testing"

func TestBuggy(t *testing.T) {
	p := New(2, false)
	p.Submit(func() {})
	p.Shutdown()
}

func TestFixed(t *testing.T) {
	p := New(2, true)
	for range 3 {
		p.Submit(func() {})
	}
	p.Shutdown()
}
