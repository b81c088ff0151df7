package fuzz

import (
	"testing"

	"go.uber.org/goleak"
)

// Every world's goroutines are coroutines that end with the world; a
// goroutine left over after the tests is a harness bug.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
