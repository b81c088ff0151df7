package sim

import "slices"

// Shrink makes a failing schedule smaller while the failure persists.
//
// try runs the code under test with the given Chooser and reports whether
// the same failure happened (same kind, at least) and the schedule the run
// took (Result.Schedule). Shrink calls it at most budget times (0 means
// 1,000) and returns the simplest failing schedule it found, which replays
// exactly with NewReplay.
//
// Simplest means fewest answers other than 0. At a preemption decision 0
// lets the running goroutine go on, and at a time decision 0 leaves the
// timer for later, so the non-zero answers of a schedule are its
// preemptions and early timer fires (and its non-first select cases and
// draws), the things a person must understand to see the bug. Answers are not shrunk
// by their position in the run, which shifts as soon as anything changes,
// but by where they happen in their goroutine's own code (Decision.Current
// and Local) and, for a preemption, by the goroutine switched to: so
// removing one preemption or early fire leaves the others where they
// were. Delta
// debugging (Zeller's ddmin) then finds a small set of them that still
// fails, and a last pass lowers each remaining answer.
func Shrink(start []Choice, try func(Chooser) (failed bool, used []Choice), budget int) ([]Choice, ShrinkStats) {
	if budget <= 0 {
		budget = 1000
	}
	st := ShrinkStats{Before: len(start), BeforeNonZero: nonZero(start)}
	runs := 0
	best := start
	// run tries a set of keyed answers; on failure it becomes the best.
	run := func(answers []keyedAnswer) (bool, []keyedAnswer) {
		runs++
		k := &keyed{answers: answers}
		failed, used := try(k)
		if failed && nonZero(used) <= nonZero(best) {
			best = used
		}
		return failed, k.seen
	}
	// Learn the keys of the start schedule's answers by replaying it.
	rec := &keyRecorder{inner: NewReplay(start, nil)}
	failed, used := try(rec)
	runs++
	if !failed {
		st.After, st.AfterNonZero, st.Runs = len(start), st.BeforeNonZero, runs
		return start, st // not reproducible: nothing to shrink from
	}
	best = used
	set := rec.seen

	// ddmin over the set of non-zero answers.
	for n := 2; len(set) >= 1 && runs < budget; {
		chunk := (len(set) + n - 1) / n
		reduced := false
		for i := 0; i < len(set) && runs < budget; i += chunk {
			complement := slices.Concat(set[:i], set[min(i+chunk, len(set)):])
			if ok, seen := run(complement); ok {
				set, n, reduced = seen, max(n-1, 2), true
				break
			}
		}
		if !reduced {
			if n >= len(set) {
				break
			}
			n = min(2*n, len(set))
		}
	}
	// Lower what is left: the lowest alternative that still fails.
	for i := 0; i < len(set) && runs < budget; i++ {
		for p := 1; p < set[i].pick && runs < budget; p++ {
			cand := slices.Clone(set)
			cand[i].pick = p
			if ok, seen := run(cand); ok {
				set = seen
				break
			}
		}
	}
	st.After, st.AfterNonZero, st.Runs = len(best), nonZero(best), runs
	return best, st
}

// ShrinkStats says what Shrink did.
type ShrinkStats struct {
	Before, After               int // decisions in the schedule
	BeforeNonZero, AfterNonZero int // answers other than 0: preemptions, early timer fires, non-first cases and draws
	Runs                        int // runs tried
}

func nonZero(cs []Choice) int {
	n := 0
	for _, c := range cs {
		if c.Pick != 0 {
			n++
		}
	}
	return n
}

// decisionKey names a decision by where it happens in its goroutine's
// code.
type decisionKey struct {
	kind    DecisionKind
	current int
	local   int64
}

// keyedAnswer is one non-zero answer: for a ScheduleDecision, pick is the
// id of the goroutine to run; otherwise the alternative's index.
type keyedAnswer struct {
	key  decisionKey
	pick int
}

// keyed answers the decisions it has an answer for, when that answer is
// possible, and 0 elsewhere; it notes the non-zero answers it gave.
type keyed struct {
	answers []keyedAnswer
	seen    []keyedAnswer
}

func (k *keyed) Choose(d Decision) int {
	key := decisionKey{d.Kind, d.Current, d.Local}
	for _, a := range k.answers {
		if a.key != key {
			continue
		}
		i := a.pick
		if d.Kind == ScheduleDecision {
			i = d.Answer(a.pick)
		}
		if i > 0 && i < d.N {
			k.seen = append(k.seen, a)
			return i
		}
		return 0
	}
	return 0
}

// keyRecorder passes decisions to inner and notes its non-zero answers,
// keyed.
type keyRecorder struct {
	inner Chooser
	seen  []keyedAnswer
}

func (r *keyRecorder) Choose(d Decision) int {
	i := r.inner.Choose(d)
	if i > 0 && i < d.N {
		a := keyedAnswer{key: decisionKey{d.Kind, d.Current, d.Local}, pick: i}
		if d.Kind == ScheduleDecision {
			a.pick = d.Goroutine(i)
		}
		r.seen = append(r.seen, a)
	}
	return i
}
