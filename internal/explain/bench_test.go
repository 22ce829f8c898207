package explain_test

import (
	"testing"

	"github.com/permcat/permcat/internal/blowup"
	"github.com/permcat/permcat/internal/explain"
	"github.com/permcat/permcat/internal/model"
)

// countingWriter counts the bytes written to it.
type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// BenchmarkWriteBlowup explains the permissions of the catalogs that are
// quadratic in their spec (see package blowup) with the longest lists, at
// full size: the end of a 20,000-long requires chain (its tree is the
// whole chain), its start (every other permission requires it) and the
// first permission of a 3,000-long role chain (every role holds it).
func BenchmarkWriteBlowup(b *testing.B) {
	for _, bc := range []struct {
		name, key string
		spec      []byte
	}{
		{"requires-tree/20000", "p19999", blowup.RequiresChain(20000, true)},
		{"required-by/20000", "p0", blowup.RequiresChain(20000, true)},
		{"roles/3000", "p0", blowup.RoleChain(3000, true)},
	} {
		c, err := model.Load("blowup.yaml", bc.spec)
		if err != nil {
			b.Fatal(err)
		}
		p := c.Permission(bc.key)
		b.Run(bc.name, func(b *testing.B) {
			var out countingWriter
			for b.Loop() {
				out = 0
				if err := explain.Write(&out, c, p); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(out), "output-bytes")
		})
	}
}
