package simtest

import (
	"context"
	"fmt"
	"strings"

	"github.com/execsim/execsim/sim"
)

// bodyGroup names the group that owns everything a body starts: ""
// leaves it out of the names of the groups the body makes.
const bodyGroup = ""

// main is the run's goroutine "main". With the join check on, the body
// runs as the one member of a sim.Group, so that every goroutine it starts,
// directly or through goroutines and groups of its own, is owned by that
// group; when the body (and its Cleanup functions) returns, the group is
// joined: a goroutine still running then is a not-joined failure, with its
// name, spawn site and what it is doing. The world's leak check only sees
// goroutines still alive after Settle, which misses the worker that a
// Shutdown forgot to wait for but that finishes on its own a little later.
func (t *T) main(body func(*T), join bool) {
	if !join {
		t.runBody(body)
		return
	}
	g := sim.NewGroup(t.Runtime, bodyGroup)
	g.Go("body", func() { t.runBody(body) })
	_ = g.Wait(context.Background()) // Background never ends: Wait returns when the body has
	if err := g.Joined(); err != nil && !t.Failed() {
		if f, ok := err.(*sim.Failure); ok {
			names := make([]string, len(f.Waiting))
			for i, w := range f.Waiting {
				names[i] = w.Goroutine.Name
			}
			f.Message = fmt.Sprintf("%d goroutine(s) the body started still running when it returned: %s (every goroutine the body starts must have ended by then; NoJoinCheck turns this check off)", len(names), strings.Join(names, ", "))
			t.failure = f
		}
	}
}
