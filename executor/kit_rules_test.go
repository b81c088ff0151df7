package executor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/execsim/execsim/simvet"
	"github.com/execsim/execsim/simvet/simvettest"
)

// tcpEdge is the one file exempt from the kit rules, and only until the
// TCP transport leaves this package: it is the real network edge, on real
// goroutines, channels, locks and the wall clock, and never runs in a
// world. Once it has moved, this test fails until the exemption goes too.
const tcpEdge = "tcp.go"

// The rules that let a world schedule the package (see package simvet):
// no go statement, native channel, wall clock, sync primitive, global
// randomness or map order, and no real network or signals outside the
// TCP edge.
func TestKitRules(t *testing.T) {
	if _, err := os.Stat(tcpEdge); err != nil {
		t.Fatalf("%s is gone (%v): remove the tcpEdge exemption from this test", tcpEdge, err)
	}
	cfg := simvet.Config{ExtraImports: map[string]string{
		"net":       "the network is fakenet's, or the TCP edge's",
		"os/signal": "no process-level events in a service the world runs",
	}}
	r, err := simvettest.Check(cfg, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range r.Allowed {
		t.Logf("simvet: %s", a)
	}
	exempt := 0
	for _, d := range r.Diagnostics {
		if strings.HasPrefix(d, filepath.Join(mustGetwd(t), tcpEdge)+":") {
			exempt++
			continue
		}
		t.Error(d)
	}
	if exempt == 0 {
		t.Errorf("no diagnostic in %s: it keeps to the rules now, so remove the tcpEdge exemption", tcpEdge)
	}
	t.Logf("simvet: %d allowed exceptions, %d diagnostics in the exempt %s", len(r.Allowed), exempt, tcpEdge)
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}
