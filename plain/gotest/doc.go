// Package gotest is the command execsim (cmd/execsim is its shim): it runs
// the tests of plain Go packages under seeds, each plain test in one
// deterministic world per seed, through a rewrite of their source.
//
//	go run github.com/execsim/execsim/cmd/execsim test ./pkg/... -seeds 1000
//
// # The pipeline
//
// execsim test takes go test's flags and packages, and a few of its own
// (see [Main] and the help text). It
//
//  1. lists the packages the tests of the named packages build (go list
//     -deps -test) and keeps those of the main module, plus those matched by
//     -rewrite, minus execsim's runtime: package plain and everything it
//     imports (sim, simtest, ...), and the rewriter. The runtime is listed
//     first: in a module that does not require execsim, that completes the
//     temporary go.mod's requirements (below), so the user's packages are
//     listed at the versions the build will use (execsim's newer x/sync,
//     say, over the module's own);
//  2. has the rewriter (package plain/rewrite, behind [Rewriter]) rewrite
//     their files, or finds the same rewrite in its cache: the user cache
//     directory's execsim/rewrite, keyed by the rewriter's version, the go
//     version, the build flags, go.mod and go.sum, and the content of every
//     file of those packages; a rewritten file is stored under the hash of
//     its text;
//  3. writes the overlay (go help build, -overlay) that puts each rewritten
//     file in place of its original, and runs go test -overlay=F with the
//     rest of the command line, in the environment simtest reads:
//     EXECSIM_SEEDS, EXECSIM_SEED, EXECSIM_STRATEGY, EXECSIM_DEPTH from the
//     flags, EXECSIM_REWRITE=1 (under which plain.Test runs its body in
//     worlds) and EXECSIM_COMMAND (the command a failure prints);
//  4. streams go test's output and exits with its status.
//
// The build cache works as usual: the go command keys its actions on the
// overlaid contents. go vet is off (-vet=off) unless -vet is given: it
// would check the rewritten text, whose findings are the rewriter's; run go
// vet on the sources. The rewriter's notes (what it left as it was) are
// printed once, "execsim: not rewritten: pos: msg", cached runs included.
//
// A module that does not require github.com/execsim/execsim cannot compile
// a file that imports package plain, so execsim gives go list, the
// rewriter and go test a temporary -modfile: the module's go.mod plus a
// requirement of execsim replaced by the directory of the execsim module
// the command was built from (its source tree, or the module cache's copy
// of its version), with -mod=mod; the module's own go.mod is not touched.
// A failure there prints "execsim test ..." to reproduce it: go run of
// execsim needs a module that requires it.
//
// # Packages of other modules
//
// -rewrite may name packages of the module's dependencies (-rewrite
// golang.org/x/sync/errgroup), so that the goroutines they start and the
// channels and locks they use are the world's. The go command refuses an
// overlay of a file beneath GOMODCACHE, so execsim copies each module of
// the module cache that holds such a package, once, into its cache
// (modules/ under the module cache's own escaped path@version, which
// go.sum fixes: hard links where the file system allows), and gives go
// list, the rewriter and go test a temporary -modfile: the module's go.mod
// (or the one above) plus replace path version => copy. The copy's files
// are then overlaid like the module's own; a module replaced by a
// directory needs no go.sum line, so go.sum is used as it is; the
// module's go.mod and go.sum are not touched. The rewritten files'
// //line directives name the module cache's files, so stacks and reports
// point at a file a person can open. A module already replaced by a
// directory outside the module cache is overlaid where it is. A -modfile
// of the user's own is refused with such a rewrite.
//
// A -rewrite pattern that names a package of the standard library or of
// execsim's runtime is refused, naming the package; a wildcard (x/...,
// all) leaves those out; a pattern that matches nothing the tests build
// is refused. Without a rewrite of the dependency its goroutines are
// native: their first call into rewritten code on a value the world
// holds (a channel made in a world) fails the seed as a call "from a
// goroutine the world did not start".
//
// # Reproducing
//
// Every failure ends with a command to paste at the module root, the
// execsim command with the seed:
//
//	go run ./cmd/execsim test ./plain/gotest/testdata/plainleak -run '^TestBuggy$' -seed=0
//
// simtest prints it under EXECSIM_COMMAND, with execsim's names for the
// flags it has (-seed, -strategy, -pct-depth) and simtest's for the others
// (-execsim.pct-steps=N), which go test passes to the test binary.
//
// execsim rewrite [-o dir] [packages] prints the rewritten sources of the
// packages (with -o, writes them under dir), to read what the tests run.
package gotest
