package simrun

import (
	"math/bits"
	"strconv"
	"strings"
)

// shardEnv is the variable a Kubernetes Indexed Job sets to the pod's
// index, read for -shard index/N.
const shardEnv = "JOB_COMPLETION_INDEX"

// parseShard reads -shard K/N. K may be "index", read from
// $JOB_COMPLETION_INDEX.
func parseShard(v string, getenv func(string) string) (k, n int, err error) {
	ks, ns, ok := strings.Cut(v, "/")
	if !ok {
		return 0, 0, usagef("-shard: %q: want K/N, like 0/4 (K from 0 to N-1) or index/4", v)
	}
	n, err = strconv.Atoi(ns)
	if err != nil || n < 1 || n > shardsMax {
		return 0, 0, usagef("-shard: %q: N must be a whole number from 1 to %d", v, shardsMax)
	}
	if ks == "index" {
		ks = getenv(shardEnv)
		if ks == "" {
			return 0, 0, usagef("-shard: %q: $%s is not set (give K as a number outside an Indexed Job)", v, shardEnv)
		}
	}
	k, err = strconv.Atoi(ks)
	if err != nil || k < 0 || k >= n {
		return 0, 0, usagef("-shard: %q: K must be a whole number from 0 to %d", v, n-1)
	}
	return k, n, nil
}

// shardRange is shard k of n of the seeds from..from+count-1: seeds
// from+floor(count*k/n) up to, not including, from+floor(count*(k+1)/n).
// Consecutive shards meet, so together they are the range exactly, and
// they differ in size by at most one. The products are taken in 128 bits:
// count*k does not fit in 64 for large ranges.
func shardRange(from, count uint64, k, n int) (lo, hi uint64) {
	at := func(i int) uint64 {
		h, l := bits.Mul64(count, uint64(i))
		q, _ := bits.Div64(h, l, uint64(n)) // h < n since i <= n: no overflow
		return q
	}
	return from + at(k), from + at(k+1)
}
