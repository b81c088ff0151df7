// Package simvet is a go/analysis analyzer that reports the code a
// simulated world cannot run deterministically: everything concurrent,
// timed or random must go through the sim kit (sim.Runtime), and no
// behaviour may depend on a map's iteration order.
//
// # Rules
//
// In every non-test file of a package, simvet reports:
//
//   - go statements (rule "go"): start goroutines with Runtime.Go;
//   - native channels (rule "chan"): a channel type (so also make(chan T)),
//     a send, a receive, a select statement, a range over a channel; use
//     sim.Chan and Runtime.Select;
//   - the wall clock (rule "time"): time.Now, Since, Until, Sleep, After,
//     AfterFunc, NewTimer, NewTicker, Tick; time.Duration and time.Time
//     are plain values and stay allowed;
//   - sync's blocking primitives (rule "sync"): Mutex, RWMutex, WaitGroup,
//     Cond, Once, OnceFunc, OnceValue, OnceValues, and sync.Map, whose
//     Range order is unspecified;
//   - randomness the seed does not decide (rule "rand"): importing
//     math/rand, math/rand/v2 or crypto/rand;
//   - map order (rule "maporder"): a range over a map; a call of maps.Keys,
//     maps.Values or maps.All unless it is directly the argument of
//     slices.Sorted, slices.SortedFunc, slices.SortedStableFunc,
//     maps.Collect or maps.Insert (so "for k := range maps.Keys(m)" and
//     slices.Collect(maps.Keys(m)) are reported); reflect.Value's MapKeys
//     and MapRange.
//
// Names are resolved through the type checker, so a renamed or
// dot-imported time or sync is caught, and a local function called Now is
// not. Test files are not checked: they are where real goroutines drive a
// world from outside.
//
// # Exceptions
//
// A line that must break a rule (the real-network edge of a service, a
// range over a map whose order cannot show) carries an allow comment with
// its reason:
//
//	go s.serve(conn) //simvet:allow the TCP listener runs on real goroutines
//
// A comment alone on its line exempts the next line instead. There are no
// file or package exemptions. An allow comment with no reason, or one
// that exempts nothing, is itself reported, so exceptions cannot outlive
// their code. The analyzer's result is the list of granted exceptions
// ([]Allowed); with -list-allowed each is also reported, in category
// "allowed", so that a run lists them all.
//
// # Running it
//
// Standalone, on any packages:
//
//	go run github.com/execsim/execsim/cmd/simvet ./...
//
// or as a vet tool:
//
//	go install github.com/execsim/execsim/cmd/simvet
//	go vet -vettool=$(go env GOPATH)/bin/simvet ./...
//
// From a package's own tests, package simvettest fails the test on any
// diagnostic and logs the granted exceptions.
package simvet
