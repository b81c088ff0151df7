// Package maporderdeps is a kernel of its own design (map order): Apply
// brings up services kept in a map, each needing another to be up first,
// in one pass over the map: it works only for the iteration orders that
// happen to list every service after what it needs. The fix applies in
// dependency order (sorted passes until nothing is left).
package maporderdeps

import (
	"fmt"
	"slices"
)

// Apply brings every service up; needs maps a service to the one it needs
// ("" for none). It returns the order it used.
func Apply(needs map[string]string, fixed bool) ([]string, error) {
	up := map[string]bool{"": true}
	var order []string
	if !fixed {
		for name, need := range needs {
			if !up[need] {
				return order, fmt.Errorf("maporderdeps: %s needs %s, which is not up", name, need)
			}
			up[name] = true
			order = append(order, name)
		}
		return order, nil
	}
	names := make([]string, 0, len(needs))
	for name := range needs {
		names = append(names, name)
	}
	slices.Sort(names)
	for len(order) < len(names) {
		progress := false
		for _, name := range names {
			if !up[name] && up[needs[name]] {
				up[name] = true
				order = append(order, name)
				progress = true
			}
		}
		if !progress {
			return order, fmt.Errorf("maporderdeps: unsatisfiable dependencies among %v", names)
		}
	}
	return order, nil
}
