// Dot-imported functions are found by their objects.
package main

import (
	"fmt"
	. "time"
)

func main() {
	Sleep(Millisecond)
	fmt.Println(Since(Now()) >= 0)
}
