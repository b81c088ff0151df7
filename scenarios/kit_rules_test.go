package scenarios

import (
	"testing"

	"github.com/execsim/execsim/simvet"
	"github.com/execsim/execsim/simvet/simvettest"
)

// Scenarios run inside a world, so they keep the kit rules of package
// simvet; the real engine's lines carry their allow comments.
func TestKitRules(t *testing.T) { simvettest.Clean(t, simvet.Config{}, ".") }
