package loopvar

// RangeClosures makes a function per value received from a channel and
// per key of a map, and calls them after the loops: at go1.21 each loop's
// functions share its variable. Both ranges are rewritten, and the file
// must keep the module's language version all the same.
func RangeClosures() (fromChan, fromMap []int) {
	ch := make(chan int, 3)
	for i := 1; i <= 3; i++ {
		ch <- i
	}
	close(ch)
	var fs []func() int
	for v := range ch {
		fs = append(fs, func() int { return v })
	}
	for _, f := range fs {
		fromChan = append(fromChan, f())
	}
	fs = nil
	for k := range map[int]bool{7: true, 8: true} {
		fs = append(fs, func() int { return k })
	}
	for _, f := range fs {
		fromMap = append(fromMap, f())
	}
	return fromChan, fromMap
}
