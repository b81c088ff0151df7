package sim

// choiceLog records a run's choices packed in a word each, in chunks:
// appending never copies what is already there and writes no pointer, and
// a run of millions of decisions takes little memory. The first chunk is
// small, since most runs make a few hundred decisions and the log is
// allocated for every one; each next chunk doubles, up to choiceChunkMax.
type choiceLog struct {
	full  [][]uint64
	cur   []uint64 // a whole chunk once allocated
	n     int      // used in cur
	total int      // in full
}

const (
	choiceChunkMin = 256
	choiceChunkMax = 8192
)

// A packed choice: kind in the top 2 bits, then N and Pick in 31 bits each.
// Larger decisions than 2^31 alternatives do not exist in practice.
func packChoice(c Choice) uint64 {
	return uint64(c.Kind)<<62 | uint64(uint32(c.N)&0x7fffffff)<<31 | uint64(uint32(c.Pick)&0x7fffffff)
}

func unpackChoice(v uint64) Choice {
	return Choice{Kind: DecisionKind(v >> 62), N: int(v >> 31 & 0x7fffffff), Pick: int(v & 0x7fffffff)}
}

func (l *choiceLog) add(c Choice) {
	if l.n == len(l.cur) {
		size := choiceChunkMin
		if l.cur != nil {
			l.full = append(l.full, l.cur)
			l.total += len(l.cur)
			size = min(2*len(l.cur), choiceChunkMax)
		}
		l.cur, l.n = make([]uint64, size), 0
	}
	l.cur[l.n] = packChoice(c)
	l.n++
}

func (l *choiceLog) all() []Choice {
	out := make([]Choice, 0, l.total+l.n)
	for _, c := range l.full {
		for _, v := range c {
			out = append(out, unpackChoice(v))
		}
	}
	for _, v := range l.cur[:l.n] {
		out = append(out, unpackChoice(v))
	}
	return out
}
