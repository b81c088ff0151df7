package simrun

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/execsim/execsim/scenarios"
)

// mergeLineMax is the longest -json line -merge reads: a failure's
// message is the longest part, and a real one is far shorter.
const mergeLineMax = 1 << 20

// mergeFiles runs -merge FILE...: the -json lines of the shards of one
// sweep become one summary and one verdict. Every line must be a result
// line of the schema (parseResult), of the same sweep as the first, and
// the shards must cover that sweep: each shard K/N that has runs is there
// once, holding exactly its seeds of every scenario (fewer only when it
// stopped at a failure under -stop-on-fail). It streams: memory grows
// with shards and scenarios, not with runs.
func (c *cli) mergeFiles() (int, error) {
	m := &merger{shards: map[int]*shardSeen{}, sum: &summary{byKey: map[string]*row{}},
		firsts: map[firstKey]*scenarios.Outcome{}, schema: schemaFor(c.reg)}
	emptyFiles := []string{}
	for i, file := range c.o.args {
		n, err := m.readFile(c.path(file), file, i)
		if err != nil {
			return 0, err
		}
		if n == 0 {
			emptyFiles = append(emptyFiles, file)
		}
	}
	if m.first == nil {
		return 0, usagef("-merge: no runs in %s: were the shards run with -json?", strings.Join(c.o.args, ", "))
	}
	notes, err := m.checkCoverage(len(emptyFiles))
	if err != nil {
		return 0, err
	}
	if len(emptyFiles) > 0 {
		// Accepted: as many empty files as shards that have no seeds.
		notes = append(notes, fmt.Sprintf("note: %s: no runs, as the %d shard(s) with no seeds", strings.Join(emptyFiles, ", "), len(emptyFiles)))
	}

	w := c.stdout
	sum := m.sum
	fmt.Fprintf(w, "simrun: merge of %d file(s): %d runs\n", len(c.o.args), sum.runs)
	for _, n := range notes {
		fmt.Fprintln(w, n)
	}
	// Rows in scenario order, and in each the first failure of each kind
	// by seed, whatever the order of the files.
	slices.SortFunc(sum.rows, func(a, b *row) int { return strings.Compare(a.scenario, b.scenario) })
	sum.firsts = sum.firsts[:0]
	for _, o := range m.firsts {
		sum.firsts = append(sum.firsts, o)
	}
	slices.SortFunc(sum.firsts, func(a, b *scenarios.Outcome) int {
		if n := strings.Compare(a.Scenario, b.Scenario); n != 0 {
			return n
		}
		return cmpUint(a.Seed, b.Seed)
	})
	for _, rw := range sum.rows {
		slices.SortFunc(rw.kinds, func(a, b scenarios.Kind) int {
			return cmpUint(m.firsts[firstKey{rw.scenario, a}].Seed, m.firsts[firstKey{rw.scenario, b}].Seed)
		})
	}
	for _, o := range sum.firsts {
		fmt.Fprintf(w, "\nFAIL %s seed %d: %s\n", o.Scenario, o.Seed, o.Failure.Error())
		replay := o.Replay
		if replay == "" {
			replay = c.command(o)
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

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// merger is the state of a -merge.
type merger struct {
	first      *resultLine // the first line: the sweep every line must share
	firstWhere string
	shards     map[int]*shardSeen
	sum        *summary
	firsts     map[firstKey]*scenarios.Outcome // the lowest failing seed of each kind in each scenario
	schema     []prop                          // the lines' schema, with the registry's failure kinds
}

type firstKey struct {
	scenario string
	kind     scenarios.Kind
}

// shardSeen is what the lines of one shard held.
type shardSeen struct {
	where     string // file:line of its first line
	file      string
	arg       int // which of -merge's files: one named twice is two
	scenarios map[string]*scenarioSeen
	failed    bool
}

type scenarioSeen struct {
	runs uint64
	last uint64 // the last seed, for order: -json writes each scenario's seeds ascending
}

// readFile reads one file's lines into the merge and returns how many
// runs it held.
func (m *merger) readFile(path, file string, arg int) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, usagef("-merge: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), mergeLineMax)
	line, runs := 0, 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		where := fmt.Sprintf("%s:%d", file, line)
		r, err := parseResult(b, m.schema)
		if err != nil {
			return 0, usagef("-merge: %s: %v (each line must be one JSON object written by simrun -json, see docs/simrun-result.schema.json)", where, err)
		}
		if err := m.add(r, file, arg, where); err != nil {
			return 0, err
		}
		runs++
	}
	if err := sc.Err(); err != nil {
		return 0, usagef("-merge: %s:%d: %v", file, line+1, err)
	}
	return runs, nil
}

// sameSweep is what every line of one sweep shares.
func sameSweep(r *resultLine) string {
	s := r.Sweep
	return fmt.Sprintf("seeds %d..%d of %d scenario(s) in %d shard(s), strategy %s depth %d, defects %s, engine %s, budget-steps %d",
		s.From, s.From+s.Seeds-1, s.Scenarios, s.Shards, r.Strategy, r.Depth, defectsString(r.Defects), r.Engine, r.StepsMax)
}

func (m *merger) add(r *resultLine, file string, arg int, where string) error {
	if m.first == nil {
		m.first, m.firstWhere = r, where
	} else if got, want := sameSweep(r), sameSweep(m.first); got != want || r.Sweep.StopOnFail != m.first.Sweep.StopOnFail {
		return usagef("-merge: %s: not the sweep of %s: %s, not %s", where, m.firstWhere, got, want)
	}
	s := r.Sweep
	sh := m.shards[s.Shard]
	switch {
	case sh == nil:
		sh = &shardSeen{where: where, file: file, arg: arg, scenarios: map[string]*scenarioSeen{}}
		m.shards[s.Shard] = sh
	case sh.arg != arg:
		return usagef("-merge: %s: shard %d/%d again, already at %s: give each shard once", where, s.Shard, s.Shards, sh.where)
	}
	lo, hi := shardRange(s.From, s.Seeds, s.Shard, s.Shards)
	if r.Seed < lo || r.Seed >= hi {
		return usagef("-merge: %s: seed %d is not in shard %d/%d, which runs seeds %d to %d", where, r.Seed, s.Shard, s.Shards, lo, hi-1)
	}
	sc := sh.scenarios[r.Scenario]
	switch {
	case sc == nil:
		if len(sh.scenarios) == s.Scenarios {
			return usagef("-merge: %s: scenario %s is one more than the sweep's %d", where, r.Scenario, s.Scenarios)
		}
		sc = &scenarioSeen{}
		sh.scenarios[r.Scenario] = sc
	case r.Seed <= sc.last:
		return usagef("-merge: %s: %s seed %d again, or out of order after seed %d: do the shards overlap?", where, r.Scenario, r.Seed, sc.last)
	}
	sc.runs++
	sc.last = r.Seed
	o := r.Outcome
	if o.Failure != nil {
		sh.failed = true
		k := firstKey{o.Scenario, o.Failure.Kind}
		if prev, ok := m.firsts[k]; !ok || o.Seed < prev.Seed {
			m.firsts[k] = o
		}
	}
	m.sum.add(result{o: o})
	return nil
}

// checkCoverage checks that the shards cover the sweep, and returns notes
// on shards cut short by -stop-on-fail.
func (m *merger) checkCoverage(emptyFiles int) ([]string, error) {
	s := m.first.Sweep
	var notes []string
	noSeeds := 0
	for k := range s.Shards {
		lo, hi := shardRange(s.From, s.Seeds, k, s.Shards)
		want := hi - lo
		sh := m.shards[k]
		if want == 0 {
			noSeeds++
			continue
		}
		if sh == nil {
			return nil, usagef("-merge: shard %d/%d (seeds %d to %d) is missing: give every shard's -json output", k, s.Shards, lo, hi-1)
		}
		var short []string
		var got uint64
		names := make([]string, 0, len(sh.scenarios))
		for name := range sh.scenarios {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			sc := sh.scenarios[name]
			got += sc.runs
			if sc.runs != want {
				short = append(short, fmt.Sprintf("%s %d of %d", name, sc.runs, want))
			}
		}
		if missing := s.Scenarios - len(sh.scenarios); missing > 0 {
			short = append(short, fmt.Sprintf("%d scenario(s) absent", missing))
		}
		if len(short) == 0 {
			continue
		}
		msg := fmt.Sprintf("shard %d/%d (from %s) holds %d of its %d runs: %s", k, s.Shards, sh.file, got, want*uint64(s.Scenarios), strings.Join(short, ", "))
		if s.StopOnFail && sh.failed {
			notes = append(notes, "note: "+msg+" (it stopped at a failure: -stop-on-fail)")
			continue
		}
		return nil, usagef("-merge: %s: was it cut short?", msg)
	}
	if emptyFiles > noSeeds {
		return nil, usagef("-merge: %d file(s) hold no runs, but only %d shard(s) of the sweep have no seeds: was every shard run with -json, to the end?", emptyFiles, noSeeds)
	}
	return notes, nil
}
