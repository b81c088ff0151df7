//line select.input.go:1
// Select: cases of every form, default, labels with break, nested
// selects, a receive inside a case operand, select {}, and a terminating
// select in a function that must return.
package main; import execsim_plain "github.com/execsim/execsim/plain"

import "fmt"

func first(a, b <-chan int) int {
	{ execsim_c0, execsim_c1 := execsim_plain.RecvCase(/*line select.input.go:10:14*/a), execsim_plain.RecvCase(/*line select.input.go:12:14*/b); /*line select.input.go:9:2*/switch execsim_plain.Select(execsim_c0, execsim_c1) {
	case 0: v := execsim_c0.V;
		return v
	default: v := execsim_c1.V;
		return v * 10
	} }
}

func forever() {
	for { execsim_plain.Select() }
}

func main() {
	a := make(chan int, 1)
	b := make(chan int, 1)
	execsim_plain.Send(a, 1)
	fmt.Println(first(a, b))
	execsim_plain.Send(b, 2)
	fmt.Println(first(a, b))

	{ execsim_c0, execsim_c1 := execsim_plain.RecvCase(/*line select.input.go:30:18*/a), execsim_plain.Default(); /*line select.input.go:29:2*/switch execsim_plain.Select(execsim_c0, execsim_c1) {
	case 0: v, ok := execsim_c0.V, execsim_c0.OK;
		fmt.Println("a", v, ok)
	default:
		fmt.Println("nothing ready")
	} }

	out := make(chan int, 1)
	{ execsim_c0 := execsim_plain.SendCase(/*line select.input.go:38:7*/out, 3); /*line select.input.go:37:2*/switch execsim_plain.Select(execsim_c0) {
	default:
		fmt.Println("sent", execsim_plain.Recv(out))
	} }

	var v int
	var ok bool
	execsim_plain.Close(a)
	{ execsim_c0 := execsim_plain.RecvCase(/*line select.input.go:46:17*/a); /*line select.input.go:45:2*/switch execsim_plain.Select(execsim_c0) {
	default: v, ok = execsim_c0.V, execsim_c0.OK;
		fmt.Println("closed", v, ok)
	} }

	var nilc chan int
	count := 0
loop:
	for {
		{ execsim_c0, execsim_c1 := execsim_plain.RecvCase(/*line select.input.go:55:10*/nilc), execsim_plain.Default(); /*line select.input.go:54:3*/switch execsim_plain.Select(execsim_c0, execsim_c1) {
		case 0:
			fmt.Println("never")
		default:
			count++
			if count == 3 {
				break loop
			}
		} }
	}
	fmt.Println("count", count)

	execsim_plain.Send(b, 5)
{ execsim_c0 := execsim_plain.RecvCase(/*line select.input.go:69:14*/b); /*line select.input.go:67:1*/outer: /*line select.input.go:68:2*/switch execsim_plain.Select(execsim_c0) {
	default: x := execsim_c0.V;
		if x == 5 {
			break outer
		}
		fmt.Println("not reached")
	} }

	chch := make(chan chan int, 1)
	inner := make(chan int, 1)
	execsim_plain.Send(inner, 8)
	execsim_plain.Send(chch, inner)
	{ execsim_c0 := execsim_plain.RecvCase(/*line select.input.go:81:14*/execsim_plain.Recv(chch)); /*line select.input.go:80:2*/switch execsim_plain.Select(execsim_c0) {
	default: y := execsim_c0.V;
		fmt.Println("nested operand", y)
		execsim_plain.Send(b, 6)
		{ execsim_c0, execsim_c1 := execsim_plain.RecvCase(/*line select.input.go:85:15*/b), execsim_plain.Default(); /*line select.input.go:84:3*/switch execsim_plain.Select(execsim_c0, execsim_c1) {
		case 0: z := execsim_c0.V;
			fmt.Println("nested select", z)
		default:
		} }
	} }

	{ execsim_c0, execsim_c1 := execsim_plain.Default(), execsim_plain.RecvCase(/*line select.input.go:94:9*/nilc); /*line select.input.go:91:2*/switch execsim_plain.Select(execsim_c0, execsim_c1) {
	case 0:
		fmt.Println("default first")
	default:
	} }
	if false {
		forever()
	}
}
