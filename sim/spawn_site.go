package sim

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
)

// spawnStack is where a goroutine was started: the caller of Runtime.Go
// and a few frames above it. A goroutine keeps only these PCs; the text of
// its site is made when a report or a Result asks for it (site).
type spawnStack [6]uintptr

// spawnSites holds the site of every spawn stack resolved so far. The same
// few lines start the goroutines of every run, and resolving frames is a
// large part of a short run's cost (issue 19), so each stack is resolved
// once per process. Worlds of a sweep run in parallel, hence a sync.Map;
// it grows only with the distinct call paths of the program.
var spawnSites sync.Map // spawnStack → string

// site is the first frame outside functions named Go and package plain:
// the line that asked for the goroutine, past helpers such as
// WaitGroup.Go and the plain calls a go statement is rewritten into.
func (s spawnStack) site() string {
	if at, ok := spawnSites.Load(s); ok {
		return at.(string)
	}
	at := s.resolve()
	spawnSites.Store(s, at)
	return at
}

func (s spawnStack) resolve() string {
	frames := runtime.CallersFrames(s[:])
	var first string
	for {
		fr, more := frames.Next()
		if fr.PC == 0 {
			break
		}
		at := fmt.Sprintf("%s:%d", fr.File, fr.Line)
		if first == "" {
			first = at
		}
		if !strings.HasSuffix(fr.Function, ".Go") && !kitFrame(fr.Function, fr.File) {
			return at
		}
		if !more {
			break
		}
	}
	if first == "" {
		return "?"
	}
	return first
}
