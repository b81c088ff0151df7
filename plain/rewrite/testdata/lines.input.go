// Positions survive the rewrite: calls in moved text (select operands, go
// arguments spread over lines) report the lines they were written on.
package main

import (
	"fmt"
	"path/filepath"
	"runtime"
)

func at(tag string) chan int {
	_, file, line, _ := runtime.Caller(1)
	fmt.Println(tag, filepath.Base(file), line)
	c := make(chan int, 1)
	c <- 1
	return c
}

func val(tag string) int {
	_, _, line, _ := runtime.Caller(1)
	fmt.Println(tag, line)
	return 1
}

func main() {
	select {
	case <-at("first"):
	case <-at(
		"second"):
	}
	done := make(chan int)
	go func(a, b int) { done <- a + b }(val("goarg"),
		val("goarg2"))
	<-done
	at("after")
	ch := make(chan int, 1)
	ch <- val(
		"send")
	<-ch
	select {
	case ch <- val("sendcase"):
	default:
	}
	at("end")
}
