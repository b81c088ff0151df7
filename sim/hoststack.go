package sim

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// hostGoroutineID is the id of the native goroutine a world goroutine's
// coroutine runs on; reports use it to find that goroutine's stack.
func hostGoroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		id, _ := strconv.ParseUint(string(b[:i]), 10, 64)
		return id
	}
	return 0
}

// hostStack is one native goroutine's stack, with the world's own frames
// (the scheduler, the coroutine machinery) cut out so that what remains is
// the user's code down to the kit call.
type hostStack struct {
	status string // "coroutine" for a parked world goroutine
	stack  string
}

// stackBufs holds dump buffers between reports. A dump holds every
// goroutine of the process, and allocating a fresh megabyte for each one
// made a failing run cost several passing ones (issue 19,
// BenchmarkFailingRun): most of it went to the garbage collector.
var stackBufs = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// hostStacks returns the stacks of the native goroutines with the given
// ids, by id. The dump is of the whole process (runtime.Stack has no other
// way to read another goroutine), but only the wanted blocks are turned
// into strings. It sorts ids.
func hostStacks(ids ...uint64) map[uint64]hostStack {
	out := make(map[uint64]hostStack, len(ids))
	if len(ids) == 0 {
		return out
	}
	slices.Sort(ids) // a world may have thousands parked
	bp := stackBufs.Get().(*[]byte)
	defer stackBufs.Put(bp)
	buf := *bp
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
		*bp = buf
	}
	for len(buf) > 0 {
		block := buf
		if i := bytes.Index(buf, []byte("\n\n")); i >= 0 {
			block, buf = buf[:i], buf[i+2:]
		} else {
			buf = nil
		}
		header, rest, _ := bytes.Cut(block, []byte("\n"))
		f := bytes.Fields(header)
		if len(f) < 2 || string(f[0]) != "goroutine" {
			continue
		}
		id, err := strconv.ParseUint(string(f[1]), 10, 64)
		if _, want := slices.BinarySearch(ids, id); err != nil || !want {
			continue
		}
		status := strings.Trim(string(bytes.Join(f[2:], []byte(" "))), "[]:")
		status, _, _ = strings.Cut(status, ",")
		out[id] = hostStack{status: status, stack: trimWorldFrames(string(rest))}
	}
	return out
}

// panicStack is the panicking goroutine's stack from the panic down,
// without the header, the recovery and the world's frames.
func panicStack() string {
	_, frames, _ := strings.Cut(string(debug.Stack()), "\n")
	return trimWorldFrames(frames)
}

func trimWorldFrames(stack string) string {
	lines := strings.Split(stack, "\n")
	var keep []string
	for i := 0; i+1 < len(lines); i += 2 {
		fn := lines[i]
		if isWorldFrame(fn) {
			continue
		}
		keep = append(keep, fn, lines[i+1])
	}
	return strings.Join(keep, "\n")
}

func isWorldFrame(fn string) bool {
	for _, p := range []string{"runtime.", "runtime/debug.", "panic(", "sim.panicStack", "iter.", "sim.(*goroutine)", "sim.(*w", "sim.(*tracer)", "created by "} {
		if strings.HasPrefix(fn, p) || strings.Contains(fn, "/"+p) {
			return true
		}
	}
	return false
}
