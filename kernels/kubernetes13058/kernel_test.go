package kubernetes13058

import (
	"os"
	"sync"
	"testing"
)

func exercise(t *testing.T, fixed bool) {
	objects := []string{"pod-a", "pod-b"}
	var deleted sync.WaitGroup
	deleted.Add(len(objects))
	c := NewController(objects, DoneOnce(&deleted, fixed))
	stop := make(chan struct{})
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		c.Run(stop)
	}()
	deleted.Wait()
	close(stop)
	<-exited
}

func TestBuggy(t *testing.T) {
	if os.Getenv("EXECSIM_REWRITE") == "" && os.Getenv("EXECSIM_BUGGY") == "" {
		t.Skip("buggy form: run it with go run ./cmd/execsim test, or EXECSIM_BUGGY=1 natively")
	}
	exercise(t, false)
}

func TestFixed(t *testing.T) { exercise(t, true) }
