// Package allow shows the exception comment: per line, with a reason.
package allow

import "time"

func edge(m map[string]int) {
	go func() {}() //simvet:allow the real edge serves on its own goroutine

	//simvet:allow a comment alone on its line exempts the next line
	_ = time.Now()

	_ = time.Now() // want `time.Now reads`

	for k := range m { //simvet:allow summing is order-free
		_ = k
	}

	go func() {}() //simvet:allow // want `go statement` `//simvet:allow needs a reason`

	_ = 1 //simvet:allow nothing to exempt here // want `//simvet:allow exempts nothing on its line`

	_ = time.Now() //simvet:allowance is not the comment // want `time.Now`
}
