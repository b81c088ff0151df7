package condif

import (
	"os"
	"sync"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	q := New(fixed)
	var wg sync.WaitGroup
	got := make(chan int, 2)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, ok := q.Get()
			if !ok {
				t.Error("Get woke to an empty queue")
				return
			}
			got <- v
		}()
	}
	q.Put(1)
	q.Put(2)
	wg.Wait()
	close(got)
	sum := 0
	for v := range got {
		sum += v
	}
	if sum != 3 && !t.Failed() {
		t.Errorf("consumers got items summing to %d, want 3", sum)
	}
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
