// Package extra imports what a package's own Config may ban.
package extra

import (
	"reflect" // want `import "reflect": keep the hot path plain`
	"strings"
)

var _ = reflect.TypeOf(strings.Builder{})
