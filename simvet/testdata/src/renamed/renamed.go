// Package renamed reaches banned names through renamed and dot imports.
package renamed

import (
	. "sync"
	clock "time"
)

var mu Mutex // want `sync.Mutex`

func f() { clock.Sleep(1) } // want `time.Sleep`
