package scenarios

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/stretchr/testify/require"
)

// TestVerdicts runs the expectation files under testdata/. Each command
// sweeps a scenario over a range of seeds with a strategy and defects and
// states a behaviour, not a count, so that a harmless change of schedule
// (a new scheduling point, a different draw) does not break it:
//
//	find scenario=S defect=D [strategy=pct] [seeds=N] kind=K
//	    → "found K within N seeds": some seed fails with kind K
//	holds scenario=S [strategy=pct] [seeds=N]
//	    → "holds in N seeds": no seed fails
//
// The measured rates are in the README's table (go run ./cmd/simrun
// -scenario S -defect D -seeds 100). Rewrite the files after a deliberate
// change with: go test ./scenarios -run TestVerdicts -rewrite
func TestVerdicts(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			if d.Cmd != "find" && d.Cmd != "holds" {
				t.Fatalf("%s: unknown command %q (want find or holds)", d.Pos, d.Cmd)
			}
			cfg := Config{}
			seeds, from := 100, uint64(0)
			var kind Kind
			for _, arg := range d.CmdArgs {
				v := strings.Join(arg.Vals, ",")
				switch arg.Key {
				case "scenario":
					cfg.Scenario = v
				case "strategy":
					cfg.Strategy = v
				case "depth":
					cfg.Depth = atoi(t, v)
				case "defect":
					cfg.Defects = arg.Vals
				case "engine":
					cfg.Engine = v
				case "seeds":
					seeds = atoi(t, v)
				case "from":
					from = uint64(atoi(t, v))
				case "kind":
					kind = Kind(v)
				default:
					t.Fatalf("%s: unknown argument %q", d.Pos, arg.Key)
				}
			}
			s, err := Sweep(cfg, from, seeds, false)
			if err != nil {
				return "error: " + err.Error() + "\n"
			}
			if d.Cmd == "holds" {
				if s.Failures == 0 {
					return fmt.Sprintf("holds in %d seeds\n", seeds)
				}
				return s.String() + "\n"
			}
			if s.ByKind[kind] > 0 {
				return fmt.Sprintf("found %s within %d seeds\n", kind, seeds)
			}
			return fmt.Sprintf("not found: %s\n", s)
		})
	})
}

func atoi(t *testing.T, s string) int {
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		want string
	}{
		{Config{Scenario: "nope"}, `unknown scenario "nope" (known: `},
		{Config{Scenario: "start-shutdown", Strategy: "dfs"}, `unknown strategy "dfs"`},
		{Config{Scenario: "start-shutdown", Engine: "qemu"}, `unknown engine "qemu"`},
		{Config{Scenario: "start-shutdown", Defects: []string{"no-such"}}, `no-such`},
		{Config{Scenario: "start-shutdown", Depth: -1}, `depth -1`},
		{Config{Scenario: "start-shutdown", StepsMax: -5}, `StepsMax -5`},
		{Config{Scenario: "lossy-execute", Engine: EngineReal}, "only the sim engine"},
	} {
		_, err := Run(c.cfg)
		require.Error(t, err, "%+v", c.cfg)
		require.Contains(t, err.Error(), c.want)
	}
}

// Every failure carries what a person needs: kind, message, seed,
// strategy and defects (from which simrun builds the command that replays
// it); and the run again reproduces the trace.
func TestFailureCarriesReplay(t *testing.T) {
	s, err := Sweep(Config{Scenario: "start-shutdown", Defects: []string{"senders-never-closed"}}, 0, 100, true)
	require.NoError(t, err)
	require.NotNil(t, s.First, "senders-never-closed should fail start-shutdown within 100 seeds")
	o := s.First
	require.Equal(t, "fail", o.Verdict)
	require.Equal(t, NotJoined, o.Failure.Kind)
	require.NotEmpty(t, o.Failure.Message)
	require.Equal(t, []string{"senders-never-closed"}, o.Defects)
	require.Equal(t, StrategyRandom, o.Strategy)
	again, err := Run(Config{Scenario: "start-shutdown", Seed: o.Seed, Defects: []string{"senders-never-closed"}})
	require.NoError(t, err)
	require.Equal(t, o.TraceHash, again.TraceHash)
	require.Equal(t, o.Failure.Message, again.Failure.Message)
}

// The real engine runs every scenario that needs no fault injection,
// over loopback TCP and the wall clock, and finds no failure.
func TestRealEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("real engine: wall-clock runs")
	}
	for _, s := range All() {
		if s.Faults {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			for seed := range uint64(3) {
				o, err := Run(Config{Scenario: s.Name, Seed: seed, Engine: EngineReal})
				require.NoError(t, err)
				require.Nil(t, o.Failure, "seed %d: %v\n%s", seed, o.Failure, reportOf(o))
			}
		})
	}
}

func reportOf(o *Outcome) string {
	if o.Failure == nil {
		return ""
	}
	return o.Failure.Report
}
