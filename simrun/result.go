package simrun

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/execsim/execsim/scenarios"
)

// resultVersion is the "version" of the lines simrun -json writes, the
// schema docs/simrun-result.schema.json describes. A change to the lines
// that a reader must know about changes it.
const resultVersion = 1

// resultLine is one line of simrun -json: a run's Outcome, with the
// schema's version first and, last, the sweep it belongs to, so that
// -merge can check that the shards it is given cover that sweep.
type resultLine struct {
	Version int `json:"version"`
	*scenarios.Outcome
	Sweep sweepInfo `json:"sweep"`
}

// sweepInfo is the sweep of a result line: shard Shard of Shards of the
// seeds From..From+Seeds-1 of each of Scenarios scenarios.
type sweepInfo struct {
	From       uint64 `json:"from"`
	Seeds      uint64 `json:"seeds"`
	Scenarios  int    `json:"scenarios"`
	Shard      int    `json:"shard"`
	Shards     int    `json:"shards"`
	StopOnFail bool   `json:"stop_on_fail,omitempty"`
}

// sweepInfo is this invocation's sweep; a replay is a sweep of its one
// seed.
func (c *cli) sweepInfo(o *scenarios.Outcome) sweepInfo {
	if c.o.replay != "" {
		return sweepInfo{From: o.Seed, Seeds: 1, Scenarios: 1, Shard: 0, Shards: 1}
	}
	return sweepInfo{From: c.o.from, Seeds: uint64(c.o.seeds), Scenarios: len(c.o.scenarioList),
		Shard: c.o.shardK, Shards: c.o.shardN, StopOnFail: c.o.stopOnFail}
}

func (c *cli) writeJSON(o *scenarios.Outcome) {
	b, err := json.Marshal(resultLine{Version: resultVersion, Outcome: o, Sweep: c.sweepInfo(o)})
	if err != nil {
		panic(err) // an Outcome is plain data: this cannot happen
	}
	c.stdout.Write(append(b, '\n'))
}

// The schema of a result line, in Go: docs/simrun-result.schema.json says
// the same (TestResultSchemaFile holds them together), and parseResult
// checks every line -merge reads against it, by hand, so that simrun needs
// no JSON Schema library.
type jsonKind int

const (
	jsonString jsonKind = iota
	jsonUint
	jsonBool
	jsonStrings // an array of non-empty strings
	jsonObject
)

type prop struct {
	name     string
	kind     jsonKind
	required bool
	enum     []string // jsonString: the allowed values, if any
	minLen   int      // jsonString
	min, max uint64   // jsonUint
	props    []prop   // jsonObject
}

// failureKinds are the failure kinds a registry's lines may carry.
func failureKinds(reg *scenarios.Registry) []string {
	var k []string
	for _, kind := range append(reg.Kinds(), scenarios.Harness) {
		k = append(k, string(kind))
	}
	return k
}

// resultSchema is the schema of the executor's lines,
// docs/simrun-result.schema.json.
var resultSchema = schemaFor(scenarios.Default())

// schemaFor is the schema of a registry's lines: the executor's, with the
// registry's failure kinds.
func schemaFor(reg *scenarios.Registry) []prop {
	return []prop{
		{name: "version", kind: jsonUint, required: true, min: resultVersion, max: resultVersion},
		{name: "scenario", kind: jsonString, required: true, minLen: 1},
		{name: "seed", kind: jsonUint, required: true, max: math.MaxUint64},
		{name: "strategy", kind: jsonString, required: true, enum: []string{scenarios.StrategyRandom, scenarios.StrategyPCT}},
		{name: "depth", kind: jsonUint, min: 1, max: depthMax},
		{name: "defects", kind: jsonStrings, required: true},
		{name: "engine", kind: jsonString, required: true, enum: []string{scenarios.EngineSim, scenarios.EngineReal}},
		{name: "verdict", kind: jsonString, required: true, enum: []string{"pass", "fail"}},
		{name: "failure", kind: jsonObject, props: []prop{
			{name: "kind", kind: jsonString, required: true, enum: failureKinds(reg)},
			{name: "goroutine", kind: jsonString},
			{name: "message", kind: jsonString, required: true},
		}},
		{name: "steps", kind: jsonUint, required: true, max: math.MaxInt64},
		{name: "virtual_ns", kind: jsonUint, required: true, max: math.MaxInt64},
		{name: "trace_hash", kind: jsonString, required: true},
		{name: "replay", kind: jsonString},
		{name: "pct_steps", kind: jsonUint, min: 1, max: pctStepsMax},
		{name: "budget_steps", kind: jsonUint, min: 1, max: budgetStepsMax},
		{name: "sweep", kind: jsonObject, required: true, props: []prop{
			{name: "from", kind: jsonUint, required: true, max: math.MaxUint64},
			{name: "seeds", kind: jsonUint, required: true, min: 1, max: seedsMax},
			{name: "scenarios", kind: jsonUint, required: true, min: 1, max: shardsMax},
			{name: "shard", kind: jsonUint, required: true, max: shardsMax - 1},
			{name: "shards", kind: jsonUint, required: true, min: 1, max: shardsMax},
			{name: "stop_on_fail", kind: jsonBool},
		}},
	}
}

var jsonUintText = regexp.MustCompile(`^(0|[1-9][0-9]*)$`)

// checkObject checks the JSON object b against props; path names it in
// errors ("" for the line itself).
func checkObject(b []byte, props []prop, path string) error {
	var obj map[string]json.RawMessage
	if len(b) == 0 || b[0] != '{' {
		return fmt.Errorf("%s: want an object", orLine(path))
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		return err
	}
	for key := range obj {
		if !slices.ContainsFunc(props, func(p prop) bool { return p.name == key }) {
			return fmt.Errorf("unknown field %q", path+key)
		}
	}
	for _, p := range props {
		raw, ok := obj[p.name]
		name := path + p.name
		if !ok {
			if p.required {
				return fmt.Errorf("no %q field", name)
			}
			continue
		}
		if err := checkValue(raw, p, name); err != nil {
			return err
		}
	}
	return nil
}

func orLine(path string) string {
	if path == "" {
		return "the line"
	}
	return strings.TrimSuffix(path, ".")
}

func checkValue(raw json.RawMessage, p prop, name string) error {
	raw = bytes.TrimSpace(raw)
	switch p.kind {
	case jsonString:
		var s string
		if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
			return fmt.Errorf("%q: %s: want a string", name, raw)
		}
		if len(s) < p.minLen {
			return fmt.Errorf("%q: empty", name)
		}
		if p.enum != nil && !slices.Contains(p.enum, s) {
			return fmt.Errorf("%q: %q: want one of %s", name, s, strings.Join(p.enum, ", "))
		}
	case jsonUint:
		n, err := strconv.ParseUint(string(raw), 10, 64)
		if !jsonUintText.Match(raw) || err != nil {
			return fmt.Errorf("%q: %s: want a whole number", name, raw)
		}
		if n < p.min || n > p.max {
			return fmt.Errorf("%q: %d: want %d to %d", name, n, p.min, p.max)
		}
	case jsonBool:
		if s := string(raw); s != "true" && s != "false" {
			return fmt.Errorf("%q: %s: want true or false", name, raw)
		}
	case jsonStrings:
		var list []json.RawMessage
		if len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &list) != nil {
			return fmt.Errorf("%q: %s: want a list of names", name, raw)
		}
		for _, item := range list {
			if err := checkValue(item, prop{kind: jsonString, minLen: 1}, name+"[]"); err != nil {
				return err
			}
		}
	case jsonObject:
		return checkObject(raw, p.props, name+".")
	}
	return nil
}

// parseResult reads one line of simrun -json, checked against the schema
// and for what a schema cannot say (a failure exactly when the verdict is
// fail, a shard within its shards).
func parseResult(b []byte, schema []prop) (*resultLine, error) {
	if err := checkObject(b, schema, ""); err != nil {
		return nil, err
	}
	r := &resultLine{}
	if err := json.Unmarshal(b, r); err != nil {
		return nil, err
	}
	switch {
	case r.Verdict == "fail" && r.Failure == nil:
		return nil, fmt.Errorf("verdict fail without a failure")
	case r.Verdict == "pass" && r.Failure != nil:
		return nil, fmt.Errorf("verdict pass with a failure")
	case r.Sweep.Shard >= r.Sweep.Shards:
		return nil, fmt.Errorf("sweep: shard %d of %d: want 0 to %d", r.Sweep.Shard, r.Sweep.Shards, r.Sweep.Shards-1)
	case r.Sweep.From > math.MaxUint64-(r.Sweep.Seeds-1):
		return nil, fmt.Errorf("sweep: %d seeds from %d overflow uint64", r.Sweep.Seeds, r.Sweep.From)
	}
	return r, nil
}
