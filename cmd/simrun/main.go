// Command simrun sweeps seeds over execsim's scenarios, replays one run
// byte for byte, shrinks a failing run and exports its trace. Its
// contract (flags, output, exit status) is package simrun's; this is the
// shim that serves the executor's scenarios.
package main

import (
	"os"

	"github.com/execsim/execsim/simrun"
)

func main() {
	os.Exit(simrun.Main(os.Args[1:], os.Stdout, os.Stderr, nil))
}
