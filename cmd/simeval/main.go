// Command simeval measures execsim against the stress loop, synctest and
// the goroutine leak profile on the kernel corpus and the executor's
// audited defects, and writes docs/EVALUATION.md. Its contract is package
// eval's; this is the shim.
package main

import (
	"os"

	"github.com/execsim/execsim/eval"
)

func main() {
	os.Exit(eval.Main(os.Args[1:], os.Stdout, os.Stderr))
}
