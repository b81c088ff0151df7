package selectquitdrain

import (
	"os"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	const n = 4
	data := make(chan int, n)
	quit := make(chan struct{})
	got := make(chan int)
	go func() { got <- Consume(data, quit, fixed) }()
	for i := range n {
		data <- i
	}
	close(quit)
	if c := <-got; c != n {
		t.Errorf("consumed %d of %d values", c, n)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
