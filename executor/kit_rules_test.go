package executor

import (
	"testing"

	"github.com/execsim/execsim/simvet"
	"github.com/execsim/execsim/simvet/simvettest"
)

// The rules that let a world schedule the package (see package simvet):
// no go statement, native channel, wall clock, sync primitive, global
// randomness or map order, and no real network or signals, in every file
// without exemption: the real network's edge is transport/tcp.
func TestKitRules(t *testing.T) {
	cfg := simvet.Config{ExtraImports: map[string]string{
		"net":       "the network is a transport.Transport: fakenet's, or transport/tcp's",
		"os/signal": "no process-level events in a service the world runs",
	}}
	r, err := simvettest.Check(cfg, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range r.Allowed {
		t.Logf("simvet: %s", a)
	}
	for _, d := range r.Diagnostics {
		t.Error(d)
	}
	t.Logf("simvet: %d allowed exceptions", len(r.Allowed))
}
