package loopvar

// Closures makes a function per i in a loop and calls them after it: at
// go1.21 they share the loop's variable and all return 3. Nothing in this
// file is a world operation, so the rewrite has nothing to change in it;
// it must still keep the module's language version.
func Closures() []int {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
	}
	var out []int
	for _, f := range fs {
		out = append(out, f())
	}
	return out
}
