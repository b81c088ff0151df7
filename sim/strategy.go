package sim

import "strings"

// Strategy names a way of making a world's decisions, as simrun's
// -strategy, simtest's -execsim.strategy, scenarios.Config and schedule
// files spell it. This is the one list; each front end validates its
// input against it and builds the Chooser with NewStrategy.
type Strategy string

const (
	// StrategyRandom is the seeded random walk (NewRandom).
	StrategyRandom Strategy = "random"
	// StrategyPCT is PCT (NewPCT), sized by a PCTSizer.
	StrategyPCT Strategy = "pct"
)

// PCT's depth: the default when none is given, and the largest accepted.
// Depth d draws d-1 change points; bugs of depth above a handful are
// not what PCT finds, and an unbounded depth from a flag or a file would
// size a slice (see NewPCT, which is safe for any depth anyway).
const (
	PCTDepthDefault = 3
	PCTDepthMax     = 64
)

// Strategies lists every strategy, in a fixed order.
func Strategies() []Strategy { return []Strategy{StrategyRandom, StrategyPCT} }

// StrategyNames is the list for an error message: "random, pct".
func StrategyNames() string {
	names := make([]string, 0, 2)
	for _, s := range Strategies() {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}

// ParseStrategy reports the strategy called name, and whether there is
// one; the empty name is the default, StrategyRandom.
func ParseStrategy(name string) (Strategy, bool) {
	if name == "" {
		return StrategyRandom, true
	}
	for _, s := range Strategies() {
		if string(s) == name {
			return s, true
		}
	}
	return "", false
}

// ValidPCTDepth reports whether d is a depth PCT accepts (1..PCTDepthMax);
// callers map 0 to PCTDepthDefault first.
func ValidPCTDepth(d int) bool { return d >= 1 && d <= PCTDepthMax }

// NewStrategy makes s's Chooser for one run: the random walk from seed, or
// PCT of the given depth (0 means PCTDepthDefault) sized by sizer (nil: a
// sizer at PCTStepsDefault).
func NewStrategy(s Strategy, seed uint64, depth int, sizer *PCTSizer) Chooser {
	if s != StrategyPCT {
		return NewRandom(seed)
	}
	if depth == 0 {
		depth = PCTDepthDefault
	}
	if sizer == nil {
		sizer = NewPCTSizer(PCTStepsDefault)
	}
	return sizer.NewPCT(seed, depth)
}
