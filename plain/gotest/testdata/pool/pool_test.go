package pool_test

import (
	"testing"

	"github.com/execsim/execsim/plain/gotest/testdata/pool"
	"github.com/stretchr/testify/require"
)

func TestLeak(t *testing.T) {
	p := pool.New(2, pool.Forget)
	p.Submit(func() {})
	p.Shutdown()
}

func TestNoWait(t *testing.T) {
	p := pool.New(2, pool.NoWait)
	p.Submit(func() {})
	p.Shutdown()
	require.Equal(t, 1, p.Done(), "Shutdown waits for the submitted job")
}

func TestFixed(t *testing.T) {
	p := pool.New(2, pool.Join)
	for range 3 {
		p.Submit(func() {})
	}
	p.Shutdown()
	if p.Done() != 3 {
		t.Fatalf("%d jobs done, want 3", p.Done())
	}
}
