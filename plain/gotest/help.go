package gotest

// helpText is what execsim help prints; testdata/help.txt is its golden
// copy, so that a change to it shows in review.
const helpText = `execsim runs the tests of plain Go packages under seeds: it rewrites their
concurrency operations (go, channels, select, sync, time, context,
math/rand, map ranges) into calls of package plain, and runs go test on the
rewritten files, where each plain test runs in one deterministic world per
seed, with simtest's replay, shrinking, leak reports and repro commands.

Usage:
  execsim test [go test flags] [packages] [execsim flags] [-args ...]
  execsim rewrite [-o dir] [-tags list] [packages]
  execsim help

execsim test flags:
  -seeds N          try N seeds per test (1 to 1,000,000; default 100)
  -seed S           run seed S alone (the repro lines use it)
  -strategy S       random (default) or pct
  -pct-depth D      PCT's depth, 1 to 64 (default 3; with -strategy pct)
  -rewrite pattern  rewrite these packages too (repeatable), a dependency's as
                    well (its module is rewritten in a copy, through a
                    temporary -modfile); the packages of the main module that
                    the tests build are always rewritten
  -keep dir         write the rewritten files and overlay.json into dir, to read
  -v                say what execsim does (and go test -v)

Every other flag goes to go test as it is; give flags of the test binary
with "=" (-execsim.trace=out.json).

In each world a timer due within 2ms may fire between two steps of running
code, and each read of the clock takes 25ns of virtual time;
-execsim.horizon=0 and -execsim.now-tick=0 turn either off (package plain,
TimerHorizon and NowTick). A test meant to run longer than a world's budget
of 1,000,000 steps gets more with -execsim.steps=N. execsim builds with go test
-overlay, so the build cache works as usual; rewritten files are kept in
the user cache directory (execsim/rewrite), keyed by their sources and the
rewriter's version. go vet is off unless -vet is given: run it on the
sources. A module that does not require github.com/execsim/execsim gets
it through a temporary -modfile.

execsim rewrite prints the rewritten sources of the packages (with -o, it
writes them under dir), and what it left as it was.

Exit status: go test's for execsim test; 2 for a bad command line; 1 for
any other error.
`
