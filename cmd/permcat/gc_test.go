package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// collectorSettings returns the GC percentage and the memory limit.
func collectorSettings() (percent int, limit int64) {
	percent = debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1)
}

// keepCollectorSettings restores the settings of the test binary when t
// ends.
func keepCollectorSettings(t *testing.T) {
	t.Helper()
	percent, limit := collectorSettings()
	t.Cleanup(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	})
}

// TestFirstCollectionIsDelayed: the collector is off, with a soft limit
// of firstCollection, until a collection runs; then the defaults are back.
func TestFirstCollectionIsDelayed(t *testing.T) {
	keepCollectorSettings(t)
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	delayFirstCollection()
	if percent, limit := collectorSettings(); percent != -1 || limit != firstCollection {
		t.Fatalf("after delayFirstCollection: GOGC %d, limit %d; want off and %d", percent, limit, firstCollection)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		percent, limit := collectorSettings()
		if percent == 100 && limit == math.MaxInt64 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after a collection: GOGC %d, limit %d; want the defaults, 100 and no limit", percent, limit)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestEnvironmentDecidesCollection: GOGC or GOMEMLIMIT in the environment
// leaves the collector as they set it.
func TestEnvironmentDecidesCollection(t *testing.T) {
	keepCollectorSettings(t)
	for _, env := range [][2]string{{"GOGC", "200"}, {"GOMEMLIMIT", "1GiB"}} {
		t.Run(env[0], func(t *testing.T) {
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			t.Setenv(env[0], env[1])
			debug.SetGCPercent(77)
			delayFirstCollection()
			if percent, _ := collectorSettings(); percent != 77 {
				t.Errorf("with %s=%s: GOGC became %d", env[0], env[1], percent)
			}
		})
	}
}
