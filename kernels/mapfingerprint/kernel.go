// Package mapfingerprint is a kernel of its own design (map order): a
// config watcher reloads when the fingerprint of the config map changes,
// and the fingerprint folds the entries in iteration order with an
// order-dependent step, so the same config can get two fingerprints and
// trigger a spurious reload. The fix folds the entries in sorted key order.
package mapfingerprint

import (
	"hash/fnv"
	"slices"
)

// Fingerprint returns a hash of the config.
func Fingerprint(config map[string]string, fixed bool) uint64 {
	h := fnv.New64a()
	if !fixed {
		for k, v := range config {
			h.Write([]byte(k + "=" + v + ";"))
		}
		return h.Sum64()
	}
	keys := make([]string, 0, len(config))
	for k := range config {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		h.Write([]byte(k + "=" + config[k] + ";"))
	}
	return h.Sum64()
}

// Watcher reloads when the config's fingerprint changes.
type Watcher struct {
	fixed   bool
	last    uint64
	Reloads int
}

// Observe records the current config and reloads if it changed.
func (w *Watcher) Observe(config map[string]string) {
	fp := Fingerprint(config, w.fixed)
	if fp != w.last {
		w.Reloads++
		w.last = fp
	}
}
