// Package oldlang uses a dependency of language version go1.15, which
// execsim test -rewrite example.com/olddep rewrites into generic calls.
package oldlang

import "example.com/olddep"

// Both is olddep's Sum and Count.
func Both() (int, int) {
	return olddep.Sum(2, 3) + olddep.Drain(3) + olddep.DrainInto(3) - 12, olddep.Count(3)
}
