package model_test

import (
	"testing"

	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/syntax"
	"github.com/permcat/permcat/internal/synth"
)

// benchCatalogs are the synthetic catalogs the model's benchmarks run on:
// the layered shape, and the closure-heavy one whose permissions each
// require about 700 others.
var benchCatalogs = []struct {
	name string
	opts synth.Options
}{
	{"20000", synth.Options{Permissions: 20000, Seed: 1}},
	{"heavy20000", synth.Options{Permissions: 20000, Seed: 1, RandomRequires: 3}},
}

// BenchmarkResolve measures Resolve alone, on a parsed spec: every check
// of the format, the references, the requires graph and the roles.
func BenchmarkResolve(b *testing.B) {
	for _, bc := range benchCatalogs {
		f, err := syntax.Load("synth.yaml", synth.Spec(bc.opts))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := model.Resolve(f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkClosure measures Closure and Dependents over every permission
// of a catalog, what export does, and reports the mean closure size.
func BenchmarkClosure(b *testing.B) {
	for _, bc := range benchCatalogs {
		c, err := model.Load("synth.yaml", synth.Spec(bc.opts))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			total := 0
			for b.Loop() {
				total = 0
				for _, p := range c.ByID {
					total += len(p.Closure()) + len(p.Dependents())
				}
			}
			b.ReportMetric(float64(total)/float64(2*len(c.ByID)), "mean-closure")
		})
	}
}
