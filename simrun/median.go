package simrun

import (
	"math/bits"
	"strconv"
)

// stepsHist counts the runs of a sweep by their steps, for the summary's
// median, in a fixed 30 KB whatever the number of runs: a sweep of a
// million seeds must not keep a million numbers. Values below 128 have a
// bucket each; above, every power of two is split into 64 buckets, so a
// median above 128 is within 1/64 (1.6%) of the exact one.
type stepsHist struct {
	counts [histBuckets]uint64
	n      uint64
}

const (
	histSubBits = 7 // 1<<histSubBits exact values, then 64 buckets per power of two
	histHalf    = 1 << (histSubBits - 1)
	histBuckets = (64-histSubBits)*histHalf + 2*histHalf
)

// histBucket is v's bucket: v itself below 128, else the power of two of v
// (as the shift e) and v's 7 leading bits, in [64, 128).
func histBucket(v uint64) int {
	if v < 2*histHalf {
		return int(v)
	}
	e := bits.Len64(v) - histSubBits
	return e*histHalf + int(v>>e)
}

// histMid is the middle of bucket b, the value the median reports.
func histMid(b int) uint64 {
	if b < 2*histHalf {
		return uint64(b)
	}
	e := b/histHalf - 1
	lo := uint64(b-e*histHalf) << e
	return lo + (uint64(1)<<e)/2
}

func (h *stepsHist) add(steps int64) {
	h.counts[histBucket(uint64(max(steps, 0)))]++
	h.n++
}

func (h *stepsHist) merge(o *stepsHist) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
}

// median is the (n/2)th value (from 0) in sorted order, approximately
// (see stepsHist), and false when there are none.
func (h *stepsHist) median() (uint64, bool) {
	if h.n == 0 {
		return 0, false
	}
	var seen uint64
	for b, c := range h.counts {
		seen += c
		if seen > h.n/2 {
			return histMid(b), true
		}
	}
	panic("simrun: stepsHist counts do not add up to n") // unreachable: n is their sum
}

// cell is the median for the summary table, "-" when no run counted.
func (h *stepsHist) cell() string {
	m, ok := h.median()
	if !ok {
		return "-"
	}
	return strconv.FormatUint(m, 10)
}
