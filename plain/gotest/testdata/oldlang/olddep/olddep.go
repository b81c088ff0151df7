// Package olddep is of language version go1.15, before generics: the
// rewritten calls of package plain are generic, so its rewritten files
// must get go1.18 from a //go:build line.
package olddep

// Sum adds what two goroutines send.
func Sum(a, b int) int {
	ch := make(chan int)
	go func() { ch <- a }()
	go func() { ch <- b }()
	return <-ch + <-ch
}
