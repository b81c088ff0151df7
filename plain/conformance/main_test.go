package conformance

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain waits for the goroutine that init started before any test
// runs. It is a native goroutine (init runs before any world), and one of
// it still running when a world first touches initDone would be a
// goroutine the world did not start acting on the world's channel: a
// failure of that seed that depends on the wall clock, not on the seed.
func TestMain(m *testing.M) {
	<-initDone
	goleak.VerifyTestMain(m)
}
