// Package simrapid steers a [sim] world with a rapid property test: every
// decision the world asks is a rapid draw, so when the property fails rapid
// shrinks the schedule together with the test's other draws.
//
// It is a package of its own so that sim stays free of rapid: importing
// rapid links it and registers its ten -rapid.* flags in every binary, and
// a service built on sim should get neither (deps_test.go holds that).
package simrapid

import (
	"pgregory.net/rapid"

	"github.com/execsim/execsim/sim"
)

// NewChooser returns a Chooser whose every answer is a draw of t. rapid
// shrinks each draw towards 0, which for a schedule means the running
// goroutine goes on (no preemption), the first ready case wins and no timer
// fires early. A draw is labelled with its decision kind, or with the
// label the code under test gave Runtime.Choose.
//
// rapid stops a test whose data has run out by panicking in a draw; the
// world re-raises a Chooser's panic in Run's caller, which is the test's
// goroutine, where rapid expects it.
func NewChooser(t *rapid.T) sim.Chooser { return chooser{t: t} }

type chooser struct{ t *rapid.T }

func (c chooser) Choose(d sim.Decision) int {
	label := d.Kind.String()
	if d.Kind == sim.DrawDecision && d.Label != "" {
		label = d.Label
	}
	return rapid.IntRange(0, d.N-1).Draw(c.t, label)
}
