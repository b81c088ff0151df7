package scenarios

import "testing"

// BenchmarkScenario runs each scenario once per op, its seeds cycling
// through 0..99 so that every measurement covers the same schedules.
// Compare before and after a change with benchstat:
//
//	go test ./scenarios -run XXX -bench Scenario -count 5 -benchmem
func BenchmarkScenario(b *testing.B) {
	for _, s := range All() {
		b.Run(s.Name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := Run(Config{Scenario: s.Name, Seed: uint64(i % 100)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
