package kvline_test

import (
	"context"
	"testing"
	"time"

	"github.com/execsim/execsim/examples/kvline"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/transport/tcp"
)

// The same server and client over real TCP on loopback, with the real
// kit: what the worlds test is what runs.
func TestRealLoopback(t *testing.T) {
	rt := sim.NewReal(1)
	s := kvline.NewServer(rt, tcp.Streams{}, "127.0.0.1:0")
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cl, err := kvline.Dial(ctx, tcp.Streams{}, s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.Set(ctx, "k", "a value with spaces"); err != nil {
		t.Fatal(err)
	}
	got, ok, err := cl.Get(ctx, "k")
	if err != nil || !ok || got != "a value with spaces" {
		t.Fatalf("GET k: %q, %v, %v", got, ok, err)
	}
	if _, ok, err := cl.Get(ctx, "missing"); err != nil || ok {
		t.Fatalf("GET missing: found %v, %v", ok, err)
	}
	if err := cl.Set(ctx, "", "x"); err == nil {
		t.Fatal("SET with an empty key succeeded")
	}
	// Shutdown with the client's connection still open: its handler is
	// closed and joined.
	if err := s.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Group().Joined(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := cl.Get(ctx, "k"); err == nil {
		t.Fatal("a request after Shutdown was answered")
	}
}
