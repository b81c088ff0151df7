// Package bad breaks every rule once or more.
package bad

import (
	crand "crypto/rand" // want `import "crypto/rand": draw with Runtime.Choose`
	"maps"
	"math/rand"       // want `import "math/rand": draw with Runtime.Choose`
	r2 "math/rand/v2" // want `import "math/rand/v2"`
	"reflect"
	"slices"
	"sync"
	"time"
)

var mu sync.Mutex // want `sync.Mutex blocks outside the world: use Runtime.NewMutex`

var (
	_ sync.RWMutex   // want `sync.RWMutex`
	_ sync.WaitGroup // want `sync.WaitGroup`
	_ *sync.Cond     // want `sync.Cond`
	_ sync.Once      // want `sync.Once`
	_ sync.Map       // want `sync.Map blocks outside the world: use a map under a kit mutex`
)

var once = sync.OnceFunc(func() {}) // want `sync.OnceFunc`

type server struct {
	conns map[string]int
	inbox chan string // want `native channel type: use sim.Chan`
}

func goroutines() {
	go func() {}() // want `go statement: start goroutines with Runtime.Go`
}

func channels(s *server) {
	c := make(chan int, 1) // want `native channel type`
	c <- 1                 // want `native channel send: use sim.Chan.Send`
	<-c                    // want `native channel receive: use sim.Chan.Recv or Runtime.Select`
	select {               // want `native select statement: use Runtime.Select`
	case v := <-s.inbox: // want `native channel receive`
		_ = v
	default:
	}
	for v := range s.inbox { // want `range over a native channel`
		_ = v
	}
}

func clock() {
	start := time.Now()          // want `time.Now reads or waits on the wall clock: use Runtime.Now`
	time.Sleep(time.Millisecond) // want `time.Sleep`
	_ = time.Since(start)        // want `time.Since`
	_ = time.Until(start)        // want `time.Until`
	<-time.After(1)              // want `native channel receive` `time.After`
	_ = time.AfterFunc(1, nil)   // want `time.AfterFunc`
	_ = time.NewTimer(1)         // want `time.NewTimer`
	_ = time.NewTicker(1)        // want `time.NewTicker`
	_ = time.Tick(1)             // want `time.Tick`
}

func random() {
	_ = rand.Int()
	_ = r2.Int()
	_, _ = crand.Read(nil)
}

func mapOrder(s *server) []string {
	for k := range s.conns { // want `range over a map: its order would leak into behaviour`
		_ = k
	}
	for k := range maps.Keys(s.conns) { // want `maps.Keys yields in map order`
		_ = k
	}
	for _, v := range maps.All(s.conns) { // want `maps.All yields in map order`
		_ = v
	}
	vals := maps.Values(s.conns) // want `maps.Values yields in map order`
	_ = vals
	_ = reflect.ValueOf(s.conns).MapKeys()    // want `reflect.Value.MapKeys visits a map in its own order`
	_ = reflect.ValueOf(s.conns).MapRange()   // want `reflect.Value.MapRange`
	return slices.Collect(maps.Keys(s.conns)) // want `maps.Keys yields in map order`
}
