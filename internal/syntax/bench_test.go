package syntax_test

import (
	"testing"

	"github.com/permcat/permcat/internal/syntax"
	"github.com/permcat/permcat/internal/synth"
)

// BenchmarkLoad measures Load on a synthetic 20,000-permission spec: the
// YAML parse by yaml.v3 and the walk over its nodes.
func BenchmarkLoad(b *testing.B) {
	spec := synth.Spec(synth.Options{Permissions: 20000, Seed: 1})
	b.SetBytes(int64(len(spec)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := syntax.Load("synth.yaml", spec); err != nil {
			b.Fatal(err)
		}
	}
}
