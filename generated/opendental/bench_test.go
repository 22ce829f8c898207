package opendental_test

// Benchmarks of the checks a downstream service runs on every request,
// each beside the baseline it is measured against (make bench; README
// reports the figures).

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/permcat/permcat/generated/opendental"
)

var (
	sinkBool bool
	sinkSet  opendental.Set
	sinkStr  string
	sinkPerm opendental.Permission
	sinkErr  error
	sinkData []byte
)

// probes are the permissions each benchmark looks up, spread over every
// word of the Set.
var probes = func() []opendental.Permission {
	var ps []opendental.Permission
	for p := range opendental.All() {
		if p%7 == 0 {
			ps = append(ps, p)
		}
	}
	return ps
}()

// role is a realistic grant of about 120 permissions: every other
// permission of the catalog, with what each requires.
var role = func() opendental.Set {
	var s opendental.Set
	i := 0
	for p := range opendental.All() {
		if i%3 != 2 {
			s = opendental.Grant(s, p)
		}
		i++
	}
	return s
}()

// perCheck reports the time of one check when each iteration runs n of
// them: looping over several probes per iteration keeps the loop's own
// cost out of a sub-nanosecond figure.
func perCheck(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/check")
}

func BenchmarkHas(b *testing.B) {
	b.Run("Set.Has", func(b *testing.B) {
		n := 0
		for b.Loop() {
			for _, p := range probes {
				if role.Has(p) {
					n++
				}
			}
		}
		sinkBool = n > 0
		perCheck(b, len(probes))
	})
	b.Run("baseline=bit-test", func(b *testing.B) {
		words := [len(opendental.Set{})]uint64(role)
		n := 0
		for b.Loop() {
			for _, p := range probes {
				if words[p/64]&(1<<(p%64)) != 0 {
					n++
				}
			}
		}
		sinkBool = n > 0
		perCheck(b, len(probes))
	})
	b.Run("baseline=map", func(b *testing.B) {
		m := map[string]struct{}{}
		for p := range role.All() {
			m[p.Key()] = struct{}{}
		}
		keys := make([]string, len(probes))
		for i, p := range probes {
			keys[i] = p.Key()
		}
		n := 0
		for b.Loop() {
			for _, k := range keys {
				if _, ok := m[k]; ok {
					n++
				}
			}
		}
		sinkBool = n > 0
		perCheck(b, len(probes))
	})
}

func BenchmarkCan(b *testing.B) {
	const all = opendental.FeatureDentalSchools | opendental.FeatureCloud
	b.Run("Can", func(b *testing.B) {
		n := 0
		for b.Loop() {
			for _, p := range probes {
				if opendental.Can(role, p, all) {
					n++
				}
			}
		}
		sinkBool = n > 0
		perCheck(b, len(probes))
	})
	b.Run("baseline=closure-subset", func(b *testing.B) {
		// Hand-written: p held and its precomputed closure c a subset of s.
		closures := make([]opendental.Set, 256)
		for p := range opendental.All() {
			closures[p] = p.Requires()
		}
		s := role
		n := 0
		for b.Loop() {
			for _, p := range probes {
				c := &closures[p]
				ok := s[p/64]&(1<<(p%64)) != 0
				for w := range s {
					ok = ok && s[w]&c[w] == c[w]
				}
				if ok {
					n++
				}
			}
		}
		sinkBool = n > 0
		perCheck(b, len(probes))
	})
}

func BenchmarkEffective(b *testing.B) {
	const all = opendental.FeatureDentalSchools | opendental.FeatureCloud
	b.Logf("role holds %d permissions", role.Len())
	b.Run("Effective", func(b *testing.B) {
		for b.Loop() {
			sinkSet = opendental.Effective(role, all)
		}
	})
	b.Run("baseline=naive-fixed-point-map", func(b *testing.B) {
		// What one would write without permcat: direct requirements in a
		// map, and a loop that drops unmet permissions until nothing
		// changes.
		direct := map[opendental.Permission][]opendental.Permission{}
		for p := range opendental.All() {
			for q := range p.Requires().All() {
				direct[p] = append(direct[p], q)
			}
		}
		granted := slices.Collect(role.All())
		for b.Loop() {
			held := make(map[opendental.Permission]bool, len(granted))
			for _, p := range granted {
				held[p] = true
			}
			for changed := true; changed; {
				changed = false
				for p := range held {
					for _, q := range direct[p] {
						if !held[q] {
							delete(held, p)
							changed = true
							break
						}
					}
				}
			}
			sinkBool = len(held) > 0
		}
	})
}

func BenchmarkGrantRevokeMissing(b *testing.B) {
	b.Run("Grant", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			sinkSet = opendental.Grant(role, probes[i%len(probes)])
		}
	})
	b.Run("Revoke", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			sinkSet = opendental.Revoke(role, probes[i%len(probes)])
		}
	})
	b.Run("Missing", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			sinkSet = opendental.Missing(role, probes[i%len(probes)])
		}
	})
}

func BenchmarkLookup(b *testing.B) {
	keys := make([]string, len(probes))
	for i, p := range probes {
		keys[i] = p.Key()
	}
	b.Run("Parse", func(b *testing.B) {
		for b.Loop() {
			for _, k := range keys {
				sinkPerm, sinkErr = opendental.Parse(k)
			}
		}
		perCheck(b, len(keys))
	})
	b.Run("baseline=map", func(b *testing.B) {
		m := map[string]opendental.Permission{}
		for p := range opendental.All() {
			m[p.Key()] = p
		}
		for b.Loop() {
			for _, k := range keys {
				sinkPerm = m[k]
			}
		}
		perCheck(b, len(keys))
	})
	b.Run("String", func(b *testing.B) {
		for b.Loop() {
			for _, p := range probes {
				sinkStr = p.String()
			}
		}
		perCheck(b, len(probes))
	})
	b.Run("Name", func(b *testing.B) {
		for b.Loop() {
			for _, p := range probes {
				sinkStr = p.Name()
			}
		}
		perCheck(b, len(probes))
	})
}

func BenchmarkJSON(b *testing.B) {
	var s opendental.Set
	var keys []string
	for p := range opendental.All() {
		if len(keys) == 100 {
			break
		}
		s = s.With(p)
		keys = append(keys, p.Key())
	}
	data, err := s.MarshalJSON()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("MarshalJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkData, sinkErr = s.MarshalJSON()
		}
	})
	b.Run("UnmarshalJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var t opendental.Set
			sinkErr = t.UnmarshalJSON(data)
		}
	})
	b.Run("baseline=json.Marshal-strings", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkData, sinkErr = json.Marshal(keys)
		}
	})
	b.Run("baseline=json.Unmarshal-strings", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var t []string
			sinkErr = json.Unmarshal(data, &t)
		}
	})
}
