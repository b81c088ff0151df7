// Command simvet reports code a simulated world cannot run
// deterministically: go statements, native channels, the wall clock,
// sync's blocking primitives, global randomness and map order. See
// package simvet for the rules and the //simvet:allow exception comment.
//
// Run it standalone or as a vet tool:
//
//	go run github.com/execsim/execsim/cmd/simvet ./...
//	go vet -vettool=$(go env GOPATH)/bin/simvet ./...
package main

import (
	"github.com/execsim/execsim/simvet"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() { singlechecker.Main(simvet.Analyzer) }
