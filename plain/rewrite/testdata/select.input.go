// Select: cases of every form, default, labels with break, nested
// selects, a receive inside a case operand, select {}, and a terminating
// select in a function that must return.
package main

import "fmt"

func first(a, b <-chan int) int {
	select {
	case v := <-a:
		return v
	case v := <-b:
		return v * 10
	}
}

func forever() {
	select {}
}

func main() {
	a := make(chan int, 1)
	b := make(chan int, 1)
	a <- 1
	fmt.Println(first(a, b))
	b <- 2
	fmt.Println(first(a, b))

	select {
	case v, ok := <-a:
		fmt.Println("a", v, ok)
	default:
		fmt.Println("nothing ready")
	}

	out := make(chan int, 1)
	select {
	case out <- 3:
		fmt.Println("sent", <-out)
	}

	var v int
	var ok bool
	close(a)
	select {
	case v, ok = <-a:
		fmt.Println("closed", v, ok)
	}

	var nilc chan int
	count := 0
loop:
	for {
		select {
		case <-nilc:
			fmt.Println("never")
		default:
			count++
			if count == 3 {
				break loop
			}
		}
	}
	fmt.Println("count", count)

	b <- 5
outer:
	select {
	case x := <-b:
		if x == 5 {
			break outer
		}
		fmt.Println("not reached")
	}

	chch := make(chan chan int, 1)
	inner := make(chan int, 1)
	inner <- 8
	chch <- inner
	select {
	case y := <-<-chch:
		fmt.Println("nested operand", y)
		b <- 6
		select {
		case z := <-b:
			fmt.Println("nested select", z)
		default:
		}
	}

	select {
	default:
		fmt.Println("default first")
	case <-nilc:
	}
	if false {
		forever()
	}
}
