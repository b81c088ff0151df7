// Command execsim runs the tests of plain Go packages under seeds, in
// execsim worlds: execsim test ./pkg/... -seeds 1000. Its contract (flags,
// output, exit status) is package plain/gotest's; this is the shim.
package main

import (
	"os"

	"github.com/execsim/execsim/plain/gotest"
)

func main() {
	os.Exit(gotest.Main(os.Args[1:], os.Stdout, os.Stderr))
}
