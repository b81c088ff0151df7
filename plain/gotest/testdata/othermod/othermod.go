// Package othermod is a fixture of package gotest's tests: a module of its
// own that does not require execsim.
package othermod

// Twice is meant to double n.
func Twice(n int) int { return n + 3 }
