package simrun

import (
	"io"
	"os"

	"github.com/execsim/execsim/scenarios"
)

// Main is simrun with its arguments (without the program name), its
// output streams and the scenarios it serves (nil: scenarios.Default(),
// the executor's); it returns the exit status.
func Main(args []string, stdout, stderr io.Writer, reg *scenarios.Registry) int {
	if reg == nil {
		reg = scenarios.Default()
	}
	c := &cli{stdout: stdout, stderr: stderr, getenv: os.Getenv, isTerminal: isTerminal, reg: reg}
	return c.main(args)
}
