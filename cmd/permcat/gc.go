package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
)

// firstCollection is the heap size at which permcat lets the collector
// run for the first time. Compiling the shipped catalogs allocates about
// 20 MB in all, and a catalog of 1,000 permissions 35 MB: with the
// collector's defaults, which collect first at 4 MB, each doubles, the
// shipped catalogs spent a fifth of their 40 ms in six collections that
// freed memory nobody needed back.
const firstCollection = 64 << 20

// delayFirstCollection turns the collector off and sets a soft memory limit
// of firstCollection, so that the first collection happens when the heap
// reaches it, if ever; at the end of that collection, it restores the
// defaults (GOGC=100, no limit), so that a large catalog is collected as
// usual from there on and never runs near a limit. It does nothing when
// GOGC or GOMEMLIMIT is set: those choose for themselves.
func delayFirstCollection() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(firstCollection)
	// The cleanup of an object nothing refers to runs after the first
	// collection, the one that finds it unreachable.
	runtime.AddCleanup(new(gcSentinel), func(int) { restoreCollector() }, 0)
}

// gcSentinel is an object whose cleanup says a collection took place. It
// holds a pointer so that it is not batched with other tiny objects,
// whose cleanups may never run.
type gcSentinel struct {
	_ *int
	_ [16]byte
}

// restoreCollector sets the collector's defaults back.
func restoreCollector() {
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
}
