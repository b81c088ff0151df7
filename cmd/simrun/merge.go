package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/execsim/execsim/scenarios"
)

// mergeFiles runs -merge FILE...: the -json lines of the shards of a
// sweep become one summary and one verdict. Every line must be a run's
// JSON object; a run that appears twice means the shards overlapped, which
// would count it twice, so it is an error too.
func (c *cli) mergeFiles() (int, error) {
	seen := map[string]string{} // run key → file:line
	var outs []*scenarios.Outcome
	for _, file := range c.o.args {
		f, err := os.Open(c.path(file))
		if err != nil {
			return 0, usagef("-merge: %v", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64*1024), 16<<20)
		line := 0
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			where := fmt.Sprintf("%s:%d", file, line)
			var o scenarios.Outcome
			if err := json.Unmarshal(b, &o); err != nil {
				f.Close()
				return 0, usagef("-merge: %s: %v (each line must be one JSON object written by simrun -json)", where, err)
			}
			if err := checkMerged(&o); err != nil {
				f.Close()
				return 0, usagef("-merge: %s: %v (each line must be one JSON object written by simrun -json)", where, err)
			}
			key := fmt.Sprintf("%s seed %d strategy %s defects %s engine %s", o.Scenario, o.Seed, o.Strategy, defectsString(o.Defects), o.Engine)
			if prev, ok := seen[key]; ok {
				f.Close()
				return 0, usagef("-merge: %s: %s already at %s: do the shards overlap?", where, key, prev)
			}
			seen[key] = where
			outs = append(outs, &o)
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return 0, usagef("-merge: %s: %v", file, err)
		}
	}
	if len(outs) == 0 {
		return 0, usagef("-merge: no runs in %s: were the shards run with -json?", strings.Join(c.o.args, ", "))
	}
	// Rows in scenario order and runs in seed order, whatever the order
	// of the files.
	slices.SortStableFunc(outs, func(a, b *scenarios.Outcome) int {
		if n := strings.Compare(a.Scenario, b.Scenario); n != 0 {
			return n
		}
		switch {
		case a.Seed < b.Seed:
			return -1
		case a.Seed > b.Seed:
			return 1
		}
		return 0
	})
	w := c.stdout
	fmt.Fprintf(w, "simrun: merge of %d file(s): %d runs\n", len(c.o.args), len(outs))
	sum := &summary{byKey: map[string]*row{}}
	for _, o := range outs {
		sum.add(result{o: o})
	}
	for _, o := range sum.firsts {
		fmt.Fprintf(w, "\nFAIL %s seed %d: %s\n", o.Scenario, o.Seed, o.Failure.Error())
		replay := o.Replay
		if replay == "" {
			replay = o.Command()
		}
		fmt.Fprintf(w, "  replay: %s\n", replay)
		if n := sum.byKey[o.Scenario].byKind[o.Failure.Kind] - 1; n > 0 {
			fmt.Fprintf(w, "  and %d more %s failure(s) in %s\n", n, o.Failure.Kind, o.Scenario)
		}
	}
	if len(sum.firsts) > 0 {
		fmt.Fprintln(w)
	}
	sum.print(w)
	return c.verdict(w, sum, 0), nil
}

// checkMerged rejects a JSON object that is not a run of simrun -json.
func checkMerged(o *scenarios.Outcome) error {
	switch {
	case o.Scenario == "":
		return fmt.Errorf("no scenario")
	case o.Verdict != "pass" && o.Verdict != "fail":
		return fmt.Errorf("verdict %q: want pass or fail", o.Verdict)
	case o.Verdict == "fail" && o.Failure == nil:
		return fmt.Errorf("verdict fail without a failure")
	case o.Verdict == "pass" && o.Failure != nil:
		return fmt.Errorf("verdict pass with a failure")
	}
	return nil
}
