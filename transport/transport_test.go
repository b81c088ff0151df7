package transport

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckType(t *testing.T) {
	for _, ok := range []string{"a", "execute_command_0", strings.Repeat("x", TypeLenMax)} {
		if err := CheckType(ok); err != nil {
			t.Errorf("CheckType(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"", "a b", "tab\t", "é", strings.Repeat("x", TypeLenMax+1)} {
		if err := CheckType(bad); !errors.Is(err, ErrUnsendable) {
			t.Errorf("CheckType(%q) = %v, want ErrUnsendable", bad, err)
		}
	}
}
