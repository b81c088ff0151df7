package fakenet

import (
	"testing"

	"github.com/execsim/execsim/simvet"
	"github.com/execsim/execsim/simvet/simvettest"
)

// The determinism rules of package simvet, plus the imports the network
// keeps off its hot path: everything concurrent or timed goes through the
// sim kit, nothing depends on map order. Package net is allowed for its
// interfaces, errors and address types, which streams must satisfy and
// return; TestNoRealNetwork bans the rest of it.
func TestKitRules(t *testing.T) {
	simvettest.Clean(t, simvet.Config{ExtraImports: map[string]string{
		"sync":           "use Runtime.NewMutex, NewWaitGroup, NewOnce",
		"sync/atomic":    "state lives under the network's sim.Mutex",
		"os/signal":      "no process-level events in the network",
		"unsafe":         "no tricks behind the type system",
		"runtime":        "no scheduler calls: the world schedules",
		"reflect":        "keep the hot path plain",
		"container/heap": "its interface boxing allocates per message; use flightHeap",
	}}, ".")
}
