// Package badkernel breaks every rule checkKernel knows.
package badkernel

import "github.com/execsim/execsim/plain"

// Run uses execsim directly.
func Run() { plain.Gosched() }
