package testsource_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/execsim/execsim/internal/testsource"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestLine(t *testing.T) {
	// marker: here
	require.Equal(t, "15", testsource.Line(t, "testsource_test.go", "marker: here"))
}
