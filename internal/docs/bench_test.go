package docs_test

import (
	"testing"

	"github.com/permcat/permcat/internal/docs"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/synth"
)

// BenchmarkMarkdown measures Markdown alone, on synthetic catalogs in the
// layered shape and in the closure-heavy one, whose requirements cross
// groups more often (each such edge is a link with its group's path and a
// node in two diagrams).
func BenchmarkMarkdown(b *testing.B) {
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
			var size int
			for b.Loop() {
				size = len(docs.Markdown(c, "synth.yaml"))
			}
			b.ReportMetric(float64(size), "output-bytes")
		})
	}
}
