package sim

// NewBytes returns a Chooser that reads its answers from data, for
// go test -fuzz: a decision among at most 256 takes one byte, a larger one
// two (four beyond 65,536). When the bytes run out every answer is 0, so
// any input is a complete, valid run, and shorter inputs mean simpler
// schedules.
func NewBytes(data []byte) Chooser { return &byteChooser{data: data} }

type byteChooser struct{ data []byte }

func (b *byteChooser) Choose(d Decision) int {
	need := 1
	switch {
	case d.N > 1<<16:
		need = 4
	case d.N > 1<<8:
		need = 2
	}
	var v uint64
	for range need {
		if len(b.data) == 0 {
			return 0
		}
		v = v<<8 | uint64(b.data[0])
		b.data = b.data[1:]
	}
	return int(v % uint64(d.N))
}
