package build

import (
	"testing"

	"github.com/permcat/permcat/internal/synth"
)

// BenchmarkCompile measures Compile, what permcat generate does before it
// writes: load, check, the Go source and the Markdown reference, on
// synthetic catalogs in the layered shape and in the closure-heavy one.
func BenchmarkCompile(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts synth.Options
	}{
		{"1000", synth.Options{Permissions: 1000, Seed: 1}},
		{"20000", synth.Options{Permissions: 20000, Seed: 1}},
		{"heavy20000", synth.Options{Permissions: 20000, Seed: 1, RandomRequires: 3}},
	} {
		spec := synth.Spec(bc.opts)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var size int
			for b.Loop() {
				r, err := Compile(Spec{Path: "synth.yaml", Data: spec, Out: "synth.go"})
				if err != nil {
					b.Fatal(err)
				}
				size = 0
				for _, f := range r.Files {
					size += len(f.Content)
				}
			}
			b.ReportMetric(float64(size), "output-bytes")
		})
	}
}
