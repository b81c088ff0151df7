package sim

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// WriteTrace writes r's trace as text: a header naming every goroutine,
// then one event a line (step, virtual time, goroutine, operation, object,
// the choice made there). Run with Options.KeepTrace for the whole trace;
// without it, r holds only the tail.
func WriteTrace(w io.Writer, r *Result) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# execsim trace: %d steps, +%v virtual, hash %016x\n", r.Steps, r.Elapsed, r.Hash)
	for _, g := range r.Goroutines {
		fmt.Fprintf(bw, "# g%d %q started at %s\n", g.ID, g.Name, g.SpawnSite)
	}
	fmt.Fprintf(bw, "#  step         time g    op          object choice detail\n")
	for _, e := range r.Trace {
		fmt.Fprintln(bw, e.String())
	}
	if f := r.Failure; f != nil {
		fmt.Fprintf(bw, "# %s\n", f.Error())
	}
	return bw.Flush()
}

// chromeEvent is one record of the Chrome trace event format, which
// Perfetto (ui.perfetto.dev) and chrome://tracing open.
type chromeEvent struct {
	Name string         `json:"name"`
	Ph   string         `json:"ph"`
	Ts   float64        `json:"ts"`
	Dur  float64        `json:"dur,omitempty"`
	Pid  int            `json:"pid"`
	Tid  int            `json:"tid"`
	S    string         `json:"s,omitempty"`
	Args map[string]any `json:"args,omitempty"`
}

// WriteChromeTrace writes r's trace in the Chrome trace event format: one
// track per goroutine (the world's own events on track 0), one slice per
// event. Virtual time does not move while goroutines run, so the time axis
// is the step count (1 µs a step); each event's args carry its virtual
// time.
func WriteChromeTrace(w io.Writer, r *Result) error {
	events := make([]chromeEvent, 0, len(r.Trace)+len(r.Goroutines)+1)
	events = append(events, chromeEvent{Name: "thread_name", Ph: "M", Pid: 1, Tid: 0, Args: map[string]any{"name": "world"}})
	for _, g := range r.Goroutines {
		events = append(events, chromeEvent{Name: "thread_name", Ph: "M", Pid: 1, Tid: g.ID,
			Args: map[string]any{"name": fmt.Sprintf("g%d %s", g.ID, g.Name)}})
	}
	for i, e := range r.Trace {
		args := map[string]any{"step": e.Step, "virtual": e.Time.String()}
		if e.Obj != 0 {
			args["object"] = e.Obj
		}
		if e.Choice >= 0 {
			args["choice"] = fmt.Sprintf("%d/%d", e.Choice, e.N)
		}
		if e.Detail != "" {
			args["detail"] = e.Detail
		}
		// Events that share a step (an exit after a send) are spread inside
		// it so that none hides another.
		ts := float64(e.Step)
		if i > 0 && r.Trace[i-1].Step == e.Step {
			ts = events[len(events)-1].Ts + 0.1
		}
		events = append(events, chromeEvent{Name: e.Op.String(), Ph: "X", Ts: ts, Dur: 0.1, Pid: 1, Tid: e.G, Args: args})
	}
	if f := r.Failure; f != nil {
		events = append(events, chromeEvent{Name: string(f.Kind), Ph: "i", S: "g", Ts: float64(f.Step) + 0.5, Pid: 1, Tid: f.Goroutine.ID,
			Args: map[string]any{"message": f.Message}})
	}
	enc := json.NewEncoder(w)
	return enc.Encode(map[string]any{"traceEvents": events, "displayTimeUnit": "ns"})
}
