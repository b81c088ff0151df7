package scenarios

import "testing"

// BenchmarkFailingRun runs a seed that fails, once per op, next to the
// same scenario's passing run, so that what a failure costs (issue 19: a
// failing seed should cost at most 5x a passing one) reads off one
// benchmark:
//
//	go test ./scenarios -run XXX -bench FailingRun -count 6 -benchmem
//
// not-joined fails on every seed (senders-never-closed leaves the
// executor's senders running past Shutdown); panic cycles through seeds
// of shutdown-during-execute that panic with panic-on-send-after-shutdown.
func BenchmarkFailingRun(b *testing.B) {
	cases := []struct {
		name     string
		scenario string
		defect   string
		seeds    []uint64
	}{
		{"pass", "start-shutdown", "", []uint64{0, 1, 2, 3, 4, 5, 6, 7}},
		{"not-joined", "start-shutdown", "senders-never-closed", []uint64{0, 1, 2, 3, 4, 5, 6, 7}},
		{"pass-execute", "shutdown-during-execute", "", []uint64{6, 7, 8, 9, 10, 12, 13, 15}},
		{"panic", "shutdown-during-execute", "panic-on-send-after-shutdown", []uint64{6, 7, 8, 9, 10, 12, 13, 15}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			cfg := Config{Scenario: c.scenario}
			if c.defect != "" {
				cfg.Defects = []string{c.defect}
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				cfg.Seed = c.seeds[i%len(c.seeds)]
				o, err := Run(cfg)
				if err != nil {
					b.Fatal(err)
				}
				if want := c.defect != ""; (o.Verdict == "fail") != want {
					b.Fatalf("seed %d: verdict %s, want a failure: %v", cfg.Seed, o.Verdict, want)
				}
			}
		})
	}
}
