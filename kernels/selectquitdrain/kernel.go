// Package selectquitdrain is a kernel of its own design (select fairness):
// the consumer selects over its data channel and a quit channel and returns
// on quit, assuming that data already buffered is taken first; but select
// chooses among ready cases at random, so it can quit with data left. The
// fix drains what is buffered after quit (the producer closes quit only
// after its last send).
package selectquitdrain

// Consume counts the values received until quit.
func Consume(data <-chan int, quit <-chan struct{}, fixed bool) int {
	n := 0
	for {
		select {
		case <-data:
			n++
		case <-quit:
			if !fixed {
				return n
			}
			for {
				select {
				case <-data:
					n++
				default:
					return n
				}
			}
		}
	}
}
