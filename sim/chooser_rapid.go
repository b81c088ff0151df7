package sim

import "pgregory.net/rapid"

// NewRapid returns a Chooser backed by a rapid property test: every answer
// is a draw of t, so when the property fails rapid shrinks the schedule
// together with the test's other draws, towards answer 0 (the
// lowest-numbered runnable goroutine, the first ready case).
func NewRapid(t *rapid.T) Chooser { return rapidChooser{t: t} }

type rapidChooser struct{ t *rapid.T }

func (r rapidChooser) Choose(d Decision) int {
	label := d.Kind.String()
	if d.Kind == DrawDecision && d.Label != "" {
		label = d.Label
	}
	return rapid.IntRange(0, d.N-1).Draw(r.t, label)
}
