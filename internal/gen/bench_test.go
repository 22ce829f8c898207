package gen_test

import (
	"fmt"
	"testing"

	"github.com/permcat/permcat/internal/gen"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/synth"
)

// BenchmarkGenerate measures the whole pipeline on synthetic catalogs of
// growing size: load, check, closure and emission. It reports the size of
// the generated source, which must grow about linearly.
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{100, 1000, 10000, 20000} {
		spec := synth.Spec(synth.Options{Permissions: n, Seed: 1})
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			var size int
			for b.Loop() {
				c, err := model.Load("synth.yaml", spec)
				if err != nil {
					b.Fatal(err)
				}
				out, err := gen.Generate(c, gen.Options{})
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size), "source-bytes")
		})
	}
}

// BenchmarkEmit measures Generate alone, on a loaded catalog: the code,
// the tables and the type check of the output. The type check has its
// own benchmark, BenchmarkTypeCheck.
func BenchmarkEmit(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts synth.Options
	}{
		{"1000", synth.Options{Permissions: 1000, Seed: 1}},
		{"20000", synth.Options{Permissions: 20000, Seed: 1}},
		{"heavy20000", synth.Options{Permissions: 20000, Seed: 1, RandomRequires: 3}},
	} {
		c, err := model.Load("synth.yaml", synth.Spec(bc.opts))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := gen.Generate(c, gen.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
