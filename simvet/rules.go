package simvet

// The tables behind the rules. Each entry carries the replacement the
// diagnostic suggests, so a report says what to write instead.

// bannedImports draw randomness that the world's seed does not decide.
var bannedImports = map[string]string{
	"math/rand":    "draw with Runtime.Choose, so the world's seed decides",
	"math/rand/v2": "draw with Runtime.Choose, so the world's seed decides",
	"crypto/rand":  "draw with Runtime.Choose, so the world's seed decides",
}

// bannedTime are the package-level time functions that read the wall
// clock or wait outside the world; time.Duration and time.Time stay
// allowed, they are plain values.
var bannedTime = map[string]string{
	"Now":       "use Runtime.Now",
	"Since":     "subtract from Runtime.Now",
	"Until":     "subtract Runtime.Now",
	"Sleep":     "use Runtime.Sleep",
	"After":     "use Runtime.After",
	"AfterFunc": "use Runtime.NewTimer",
	"NewTimer":  "use Runtime.NewTimer",
	"NewTicker": "use Runtime.NewTimer",
	"Tick":      "use Runtime.NewTimer in a loop",
}

// bannedSync are the sync primitives that block a goroutine where the
// world cannot see it (one coroutine waiting on a real lock held by
// another stops the whole world), or, for Map, iterate in an order the
// seed does not decide.
var bannedSync = map[string]string{
	"Mutex":      "use Runtime.NewMutex",
	"RWMutex":    "use Runtime.NewMutex",
	"WaitGroup":  "use Runtime.NewWaitGroup",
	"Cond":       "use a kit channel or Runtime.Select",
	"Once":       "use Runtime.NewOnce",
	"OnceFunc":   "use Runtime.NewOnce",
	"OnceValue":  "use Runtime.NewOnce",
	"OnceValues": "use Runtime.NewOnce",
	"Map":        "use a map under a kit mutex; sync.Map's Range order is unspecified",
}

// mapIterators return iterators whose order is the map's, that is, random.
var mapIterators = map[string]bool{"Keys": true, "Values": true, "All": true}

// orderFreeSinks consume an iterator without letting its order show:
// they sort it, or they build a map from it.
var orderFreeSinks = map[string]map[string]bool{
	"slices": {"Sorted": true, "SortedFunc": true, "SortedStableFunc": true},
	"maps":   {"Collect": true, "Insert": true},
}

// reflectMapMethods are reflect.Value's methods that visit a map in its
// own order.
var reflectMapMethods = map[string]bool{"MapKeys": true, "MapRange": true}
