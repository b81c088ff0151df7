package sim

import "encoding/binary"

// choiceLog records a run's choices compactly, in chunks of bytes:
// appending never copies what is already there and writes no pointer.
// Each choice is a header byte (its kind) and two varints (N and Pick),
// three bytes for the usual decision among fewer than 128 alternatives;
// a choice equal to the one before it is only counted, and a run of them
// becomes one repeat record. A long run's log so stays small: a timer-heavy
// hour of virtual time held 575 MB at a word per choice (issue 19), and a
// run that spins, or fires the same timer decision again and again, logs
// almost nothing more. The first chunk is small, since most runs make a
// few hundred decisions and the log is allocated for every one; each next
// chunk doubles, up to choiceChunkMax.
type choiceLog struct {
	full  [][]byte // chunks, each cut to the bytes it holds
	cur   []byte   // the chunk being filled; len is what it holds
	last  Choice   // the latest choice written as a record
	has   bool     // whether last is set
	rep   int      // copies of last counted since it was written
	count int      // choices in the log
}

const (
	choiceChunkMin = 256
	choiceChunkMax = 64 << 10

	recordMax  = 1 + 2*binary.MaxVarintLen64 // a header and two varints
	repeatFlag = 1 << 2                      // header of a repeat record; the kind is in the low 2 bits
)

func (l *choiceLog) add(c Choice) {
	l.count++
	if l.has && c == l.last {
		l.rep++
		return
	}
	// The usual record, three bytes with no repeats to flush before it and
	// room in the chunk, is written here without a call.
	if l.rep == 0 && uint(c.N) < 0x80 && uint(c.Pick) < 0x80 && cap(l.cur)-len(l.cur) >= recordMax+binary.MaxVarintLen64 {
		l.cur = append(l.cur, byte(c.Kind)&3, byte(c.N), byte(c.Pick))
		l.last, l.has = c, true
		return
	}
	l.addRecord(c)
}

// addRecord writes c as a record, after the repeats counted before it.
func (l *choiceLog) addRecord(c Choice) {
	l.flushRepeat()
	l.room()
	l.cur = append(l.cur, byte(c.Kind)&3)
	l.cur = binary.AppendUvarint(l.cur, uint64(c.N))
	l.cur = binary.AppendUvarint(l.cur, uint64(c.Pick))
	l.last, l.has = c, true
}

// flushRepeat writes the copies of last counted so far as one record.
func (l *choiceLog) flushRepeat() {
	if l.rep == 0 {
		return
	}
	l.room()
	l.cur = append(l.cur, repeatFlag)
	l.cur = binary.AppendUvarint(l.cur, uint64(l.rep))
	l.rep = 0
}

// room makes sure cur can take one more record without growing.
func (l *choiceLog) room() {
	if cap(l.cur)-len(l.cur) >= recordMax+binary.MaxVarintLen64 {
		return
	}
	size := choiceChunkMin
	if l.cur != nil {
		l.full = append(l.full, l.cur)
		size = min(2*cap(l.cur), choiceChunkMax)
	}
	l.cur = make([]byte, 0, size)
}

// size is the number of bytes the log holds, for tests and benchmarks.
func (l *choiceLog) size() int {
	n := len(l.cur)
	for _, c := range l.full {
		n += len(c)
	}
	return n
}

func (l *choiceLog) all() []Choice {
	out := make([]Choice, 0, l.count)
	var prev Choice
	decode := func(b []byte) {
		for len(b) > 0 {
			h := b[0]
			b = b[1:]
			if h&repeatFlag != 0 {
				n, k := binary.Uvarint(b)
				b = b[k:]
				for range n {
					out = append(out, prev)
				}
				continue
			}
			n, k := binary.Uvarint(b)
			b = b[k:]
			pick, k := binary.Uvarint(b)
			b = b[k:]
			prev = Choice{Kind: DecisionKind(h & 3), N: int(n), Pick: int(pick)}
			out = append(out, prev)
		}
	}
	for _, c := range l.full {
		decode(c)
	}
	decode(l.cur)
	for range l.rep {
		out = append(out, l.last)
	}
	return out
}
