package sim

import "testing"

// TestWaitqFIFO checks the queue linked through its waiters: order kept
// through pops and removals at the head, in the middle and at the tail
// (and a push after each), and a removed waiter no longer pointing at the
// queue.
func TestWaitqFIFO(t *testing.T) {
	ws := make([]waiter, 6)
	for i := range ws {
		ws[i].idx = int32(i)
	}
	var q waitq
	order := func() []int32 {
		var got []int32
		for w := q.first(); w != nil; w = w.next {
			got = append(got, w.idx)
		}
		return got
	}
	check := func(step string, want ...int32) {
		t.Helper()
		got := order()
		if len(got) != len(want) || q.empty() != (len(want) == 0) {
			t.Fatalf("%s: queue %v (empty %v), want %v", step, got, q.empty(), want)
		}
		if len(want) > 0 && q.tail.idx != want[len(want)-1] {
			t.Fatalf("%s: tail is waiter %d, want %d", step, q.tail.idx, want[len(want)-1])
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: queue %v, want %v", step, got, want)
			}
		}
	}
	if q.pop() != nil {
		t.Fatal("pop of an empty queue returned a waiter")
	}
	for i := range 5 {
		q.push(&ws[i])
	}
	check("five pushed", 0, 1, 2, 3, 4)
	q.remove(&ws[2])
	check("middle removed", 0, 1, 3, 4)
	q.remove(&ws[0])
	check("head removed", 1, 3, 4)
	if ws[0].q != nil || ws[2].q != nil {
		t.Fatal("a removed waiter still points at its queue")
	}
	q.remove(&ws[4])
	check("tail removed", 1, 3)
	q.push(&ws[4])
	check("pushed after the tail's removal", 1, 3, 4)
	q.remove(&ws[4])
	q.remove(&ws[5]) // never queued
	check("absent removed", 1, 3)
	q.push(&ws[5])
	if w := q.pop(); w != &ws[1] || w.q != nil {
		t.Fatalf("pop gave %v, want waiter 1 detached", w.idx)
	}
	check("popped", 3, 5)
	q.pop()
	q.pop()
	check("emptied")
	q.push(&ws[2])
	check("reused", 2)
}
