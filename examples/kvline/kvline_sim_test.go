package kvline_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/execsim/execsim/examples/kvline"
	"github.com/execsim/execsim/fakenet"
	"github.com/execsim/execsim/sim"
	"github.com/execsim/execsim/simtest"
)

// lifecycle is the lifecycle scenario, one world per seed: a server on
// host kv, two clients on hosts c0 and c1 that set and read back keys
// over one connection each, a drawn fault (none, a partition between c0
// and kv that heals, a crash of kv, a crash of c1), and a Shutdown after
// a drawn delay. The properties: a value read back on a connection is the
// one set on it (other answers may be errors, never wrong values), and
// once Shutdown returns, the server's Group is joined (t.Joined).
func lifecycle(plant bool) func(t *simtest.T) {
	return func(t *simtest.T) {
		var rt sim.Runtime = t
		n, err := fakenet.New(rt, fakenet.Config{
			LinkConfig:       fakenet.LinkConfig{LatencyMin: time.Millisecond, LatencyMax: 5 * time.Millisecond},
			StreamRetransmit: 50 * time.Millisecond,
			StreamRetriesMax: 4,
		})
		if err != nil {
			panic(err)
		}
		defer n.Close()
		host := func(name string) *fakenet.Host {
			h, err := n.Host(name)
			if err != nil {
				panic(err)
			}
			return h
		}
		s := kvline.NewServer(rt, host("kv"), "kv:7000")
		if plant {
			kvline.PlantUnjoinedHandler(s)
		}
		if err := s.Start(); err != nil {
			panic(err)
		}
		clients := rt.NewWaitGroup()
		for i := range 2 {
			name := fmt.Sprintf("c%d", i)
			h := host(name)
			clients.Go("client "+name, func() { client(rt, h, name) })
		}
		switch rt.Choose("fault", 4) {
		case 1:
			rt.Sleep(time.Duration(rt.Choose("partition-at", 20)) * time.Millisecond)
			must(n.Partition("c0", "kv"))
			rt.Sleep(time.Duration(rt.Choose("partition-for", 300)) * time.Millisecond)
			must(n.Heal("c0", "kv"))
		case 2:
			rt.Sleep(time.Duration(rt.Choose("crash-at", 20)) * time.Millisecond)
			must(n.Crash("kv"))
		case 3:
			rt.Sleep(time.Duration(rt.Choose("crash-at", 20)) * time.Millisecond)
			must(n.Crash("c1"))
		}
		rt.Sleep(time.Duration(rt.Choose("shutdown-at", 30)) * time.Millisecond)
		ctx, cancel := rt.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		t.Joined(s.Group())
		clients.Wait()
	}
}

// client dials kv, then sets and reads back keys until an error (the
// server shut down, a fault) or the last key; a wrong value is a failure.
func client(rt sim.Runtime, h *fakenet.Host, name string) {
	ctx, cancel := rt.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	cl, err := kvline.Dial(ctx, h, "kv:7000")
	if err != nil {
		return
	}
	defer cl.Close()
	for i := range 20 {
		key, value := fmt.Sprintf("%s-%d", name, i), fmt.Sprintf("v%d of %s", i, name)
		if cl.Set(ctx, key, value) != nil {
			return
		}
		got, ok, err := cl.Get(ctx, key)
		if err != nil {
			return
		}
		if !ok || got != value {
			panic(fmt.Sprintf("GET %s after SET %q on the same connection: %q, found %v", key, value, got, ok))
		}
		rt.Sleep(time.Millisecond)
	}
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// TestLifecycle: the server keeps its properties on every seed, with
// faults, and leaves nothing running after Shutdown.
func TestLifecycle(t *testing.T) {
	simtest.Run(t, lifecycle(false))
}

// recorder is a simtest.TB that keeps what Run reports instead of
// failing the test.
type recorder struct {
	name   string
	errors []string
}

func (r *recorder) Helper()             {}
func (r *recorder) Name() string        { return r.name }
func (r *recorder) Logf(string, ...any) {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestLifecyclePlantedBug: the same scenario finds the planted bug, a
// connection handler still running after Shutdown, within the default
// seeds, and names it.
func TestLifecyclePlantedBug(t *testing.T) {
	r := &recorder{name: t.Name()}
	simtest.Run(r, lifecycle(true), simtest.NoPersist())
	if len(r.errors) == 0 {
		t.Fatal("the planted unjoined handler was not found in the default seeds")
	}
	report := strings.Join(r.errors, "\n")
	if strings.Contains(report, "kvline accept") {
		t.Errorf("the report blames the accept loop, which Shutdown joins:\n%s", report)
	}
	for _, want := range []string{"not-joined", "kvline conn"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report does not say %q:\n%s", want, report)
		}
	}
}
