package sim

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
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

// hostStacks returns every native goroutine's stack by id, with the
// world's own frames (the scheduler, the coroutine machinery) cut out so
// that what remains is the user's code down to the kit call.
type hostStack struct {
	status string // "coroutine" for a parked world goroutine
	stack  string
}

func hostStacks() map[uint64]hostStack {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	out := map[uint64]hostStack{}
	for _, block := range strings.Split(string(buf), "\n\n") {
		header, rest, _ := strings.Cut(block, "\n")
		f := strings.Fields(header)
		if len(f) < 2 || f[0] != "goroutine" {
			continue
		}
		id, err := strconv.ParseUint(f[1], 10, 64)
		if err != nil {
			continue
		}
		status := strings.Trim(strings.Join(f[2:], " "), "[]:")
		status, _, _ = strings.Cut(status, ",")
		out[id] = hostStack{status: status, stack: trimWorldFrames(rest)}
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
