package simrun

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

// The schema simrun publishes and the one -merge checks by hand are the
// same: every property, its type, whether it is required, its enum and
// its bounds.
func TestResultSchemaFile(t *testing.T) {
	b, err := os.ReadFile("../docs/simrun-result.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(b, &schema); err != nil {
		t.Fatalf("docs/simrun-result.schema.json: %v", err)
	}
	compareSchema(t, "", schema, resultSchema)
}

func compareSchema(t *testing.T, path string, file map[string]any, props []prop) {
	t.Helper()
	if file["additionalProperties"] != false {
		t.Errorf("%s: the file allows additional properties; -merge does not", orLine(path))
	}
	fileProps, _ := file["properties"].(map[string]any)
	var required []string
	for _, r := range file["required"].([]any) {
		required = append(required, r.(string))
	}
	if len(fileProps) != len(props) {
		t.Errorf("%s: %d properties in the file, %d in resultSchema", orLine(path), len(fileProps), len(props))
	}
	for _, p := range props {
		name := path + p.name
		fp, ok := fileProps[p.name].(map[string]any)
		if !ok {
			t.Errorf("%s: not in the file", name)
			continue
		}
		if got := slices.Contains(required, p.name); got != p.required {
			t.Errorf("%s: required %v in the file, %v in resultSchema", name, got, p.required)
		}
		want := map[jsonKind]string{jsonString: "string", jsonUint: "integer", jsonBool: "boolean", jsonStrings: "array", jsonObject: "object"}[p.kind]
		if fp["type"] != want {
			t.Errorf("%s: type %v in the file, %s in resultSchema", name, fp["type"], want)
		}
		switch p.kind {
		case jsonString:
			var enum []string
			if e, ok := fp["enum"].([]any); ok {
				for _, v := range e {
					enum = append(enum, v.(string))
				}
			}
			if !slices.Equal(enum, p.enum) {
				t.Errorf("%s: enum %v in the file, %v in resultSchema", name, enum, p.enum)
			}
			if ml, _ := fp["minLength"].(float64); int(ml) != p.minLen {
				t.Errorf("%s: minLength %v in the file, %d in resultSchema", name, fp["minLength"], p.minLen)
			}
		case jsonUint:
			lo, hi := p.min, p.max
			if c, ok := fp["const"].(float64); ok {
				if lo != hi || uint64(c) != lo {
					t.Errorf("%s: const %v in the file, %d..%d in resultSchema", name, c, lo, hi)
				}
				continue
			}
			if m, _ := fp["minimum"].(float64); uint64(m) != lo {
				t.Errorf("%s: minimum %v in the file, %d in resultSchema", name, fp["minimum"], lo)
			}
			m, ok := fp["maximum"].(float64)
			if hi == math.MaxUint64 || hi == math.MaxInt64 {
				// A float64 cannot hold them exactly: the file may say
				// either, or nothing for MaxInt64.
				if ok && m < float64(math.MaxInt64) {
					t.Errorf("%s: maximum %v in the file, %d in resultSchema", name, m, hi)
				}
			} else if !ok || uint64(m) != hi {
				t.Errorf("%s: maximum %v in the file, %d in resultSchema", name, fp["maximum"], hi)
			}
		case jsonObject:
			compareSchema(t, name+".", fp, p.props)
		}
	}
}

// parseResult takes what simrun writes and refuses, naming the field,
// what it does not.
func TestParseResult(t *testing.T) {
	good := `{"version":1,"scenario":"s","seed":18446744073709551615,"strategy":"pct","depth":3,"defects":["no-join"],"engine":"sim","verdict":"fail","failure":{"kind":"leak","message":"m"},"steps":1,"virtual_ns":2,"trace_hash":"ab","replay":"r","budget_steps":5,"sweep":{"from":18446744073709551615,"seeds":1,"scenarios":1,"shard":0,"shards":1,"stop_on_fail":true}}`
	r, err := parseResult([]byte(good), resultSchema)
	if err != nil {
		t.Fatalf("a good line: %v", err)
	}
	if r.Seed != math.MaxUint64 || r.Failure.Kind != "leak" || !r.Sweep.StopOnFail {
		t.Fatalf("parsed %+v", r)
	}
	for _, c := range []struct{ from, to, want string }{
		{`"version":1`, `"version":2`, `"version": 2: want 1 to 1`},
		{`"seed":18446744073709551615`, `"seed":18446744073709551616`, `"seed": 18446744073709551616: want a whole number`},
		{`"seed":18446744073709551615`, `"seed":1.5`, `"seed": 1.5: want a whole number`},
		{`"seed":18446744073709551615`, `"seed":"1"`, `"seed": "1": want a whole number`},
		{`"strategy":"pct"`, `"strategy":"dfs"`, `"strategy": "dfs": want one of random, pct`},
		{`"depth":3`, `"depth":65`, `"depth": 65: want 1 to 64`},
		{`["no-join"]`, `[null]`, `"defects[]": null: want a string`},
		{`["no-join"]`, `null`, `"defects": null: want a list of names`},
		{`"kind":"leak"`, `"kind":"oops"`, `"failure.kind": "oops": want one of`},
		{`"message":"m"`, `"msg":"m"`, `unknown field "failure.msg"`},
		{`"verdict":"fail"`, `"verdict":"pass"`, `verdict pass with a failure`},
		{`"shard":0,`, `"shard":1,`, `sweep: shard 1 of 1: want 0 to 0`},
		{`"seeds":1,`, `"seeds":2,`, `sweep: 2 seeds from 18446744073709551615 overflow uint64`},
		{`"stop_on_fail":true`, `"stop_on_fail":1`, `"sweep.stop_on_fail": 1: want true or false`},
		{`"trace_hash":"ab",`, ``, `no "trace_hash" field`},
	} {
		line := strings.Replace(good, c.from, c.to, 1)
		if line == good {
			t.Fatalf("%q is not in the good line", c.from)
		}
		_, err := parseResult([]byte(line), resultSchema)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s -> %s: error %v, want %q", c.from, c.to, err, c.want)
		}
	}
}
