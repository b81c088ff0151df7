package sim

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A small service with a worker that starts a helper of its own. The
// faulty Shutdown signals stop but does not wait; the worker ends 5 ms
// later on its own, well within the world's Settle, so the leak detector
// lets it go. Joined catches it at the moment Shutdown returns.
type joinService struct {
	rt   Runtime
	g    *Group
	stop Chan[struct{}]
	wg   *WaitGroup
}

func newJoinService(rt Runtime) *joinService {
	return &joinService{rt: rt, g: NewGroup(rt, "svc"), stop: NewChan[struct{}](rt, 0), wg: rt.NewWaitGroup()}
}

func (s *joinService) start() {
	s.g.Go("worker", func() {
		// A helper started with plain Runtime.Go: owned by svc through the
		// worker (inherited), joined through a WaitGroup.
		s.wg.Add(1)
		s.rt.Go("helper", func() {
			defer s.wg.Done()
			s.stop.Recv()
			s.rt.Sleep(5 * time.Millisecond)
		})
		s.stop.Recv()
		s.rt.Sleep(5 * time.Millisecond)
		s.wg.Wait()
	})
}

func (s *joinService) shutdown(join bool) {
	s.stop.Close()
	if join {
		s.g.Wait(context.Background())
	}
}

func runJoin(seed uint64, join bool) (*Result, error) {
	var err error
	r := Run(Options{Seed: seed}, func(rt Runtime) {
		s := newJoinService(rt)
		s.start()
		rt.Yield()
		s.shutdown(join)
		err = s.g.Joined()
	})
	return r, err
}

func TestJoinedFindsWhatShutdownLeftRunning(t *testing.T) {
	helperSeen, sleepSeen := 0, 0
	for seed := range uint64(50) {
		r, err := runJoin(seed, false)
		require.NoError(t, r.Err(), "seed %d: the world itself sees no failure: the worker ends within Settle", seed)
		require.Error(t, err, "seed %d", seed)
		require.ErrorIs(t, err, ErrNotJoined)
		var f *Failure
		require.True(t, errors.As(err, &f))
		assert.Equal(t, KindNotJoined, f.Kind)
		assert.Contains(t, f.Message, "svc")
		names := []string{}
		for _, w := range f.Waiting {
			names = append(names, w.Goroutine.Name)
			assert.Contains(t, w.Goroutine.SpawnSite, "group_test.go", "spawn site of %s", w.Goroutine.Name)
		}
		assert.Contains(t, names, "worker", "seed %d", seed)
		if slices.Contains(names, "helper") { // once the worker has started it
			helperSeen++
		}
		if strings.Contains(f.Report(), "sleep until") {
			sleepSeen++
		}
	}
	assert.Greater(t, helperSeen, 10, "inherited ownership: the helper is reported")
	assert.Greater(t, sleepSeen, 10, "the report says what each goroutine is doing")
}

func TestJoinedSilentOnACorrectShutdown(t *testing.T) {
	for seed := range uint64(500) {
		r, err := runJoin(seed, true)
		require.NoError(t, r.Err(), "seed %d", seed)
		require.NoError(t, err, "seed %d", seed)
	}
	for seed := range uint64(500) {
		var err error
		r := Run(Options{Chooser: NewPCT(seed, 3, 200)}, func(rt Runtime) {
			s := newJoinService(rt)
			s.start()
			s.shutdown(true)
			err = s.g.Joined()
		})
		require.NoError(t, r.Err(), "pct seed %d", seed)
		require.NoError(t, err, "pct seed %d", seed)
	}
}

// A goroutine that has called wg.Done and is about to exit when the
// joiner's Wait returns is joined: the check lets it run out first.
func TestJoinedLetsAnExitingGoroutineFinish(t *testing.T) {
	for seed := range uint64(300) {
		var err error
		r := Run(Options{Seed: seed}, func(rt Runtime) {
			g := NewGroup(rt, "svc")
			wg := rt.NewWaitGroup()
			g.Go("member", func() {
				for i := range 3 {
					wg.Add(1)
					rt.Go("child", func() {
						defer wg.Done()
						if i%2 == 0 {
							rt.Yield()
						}
					})
				}
				wg.Wait()
			})
			g.Wait(context.Background())
			err = g.Joined()
		})
		require.NoError(t, r.Err(), "seed %d", seed)
		require.NoError(t, err, "seed %d", seed)
	}
}

func TestJoinedSeesSubGroupsAndNestedGroups(t *testing.T) {
	r := Run(Options{}, func(rt Runtime) {
		svc := NewGroup(rt, "svc")
		ctl := svc.Sub("controller")
		block := NewChan[struct{}](rt, 0)
		ctl.Go("inbound", func() { block.Recv() })
		svc.Go("loop", func() {
			inner := NewGroup(rt, "round") // made by an owned goroutine: nested in svc
			inner.Go("receiver", func() { block.Recv() })
		})
		svc.Wait(context.Background())
		err := svc.Joined()
		require.Error(t, err)
		var f *Failure
		require.True(t, errors.As(err, &f))
		var names []string
		for _, w := range f.Waiting {
			names = append(names, w.Goroutine.Name)
		}
		assert.ElementsMatch(t, []string{"inbound", "receiver"}, names)
		assert.Error(t, ctl.Joined())
		assert.Equal(t, "svc/controller", ctl.Name())
		block.Close()
		ctl.Wait(context.Background())
		rt.Sleep(time.Millisecond)
		assert.NoError(t, svc.Joined())
	})
	require.NoError(t, r.Err())
}

// On the real kit a group sees its own members and its sub-groups'.
func TestJoinedOnTheRealKit(t *testing.T) {
	rt := NewReal(1)
	svc := NewGroup(rt, "svc")
	ctl := svc.Sub("controller")
	release := NewChan[struct{}](rt, 0)
	ctl.Go("inbound", func() { release.Recv() })
	err := svc.Joined()
	require.ErrorIs(t, err, ErrNotJoined)
	assert.True(t, strings.Contains(err.Error(), "inbound"), err.Error())
	release.Close()
	ctx, cancel := rt.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, ctl.Wait(ctx))
	assert.NoError(t, svc.Joined())
}
