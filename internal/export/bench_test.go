package export_test

import (
	"errors"
	"testing"

	"github.com/permcat/permcat/internal/blowup"
	"github.com/permcat/permcat/internal/export"
	"github.com/permcat/permcat/internal/model"
)

// BenchmarkMarshalBlowup exports the catalogs that are quadratic in their
// spec (see package blowup) at full size with the default limit: the
// requires chain, whose closure lists pass it, and the role chain, whose
// role lists total 4.5 million keys.
func BenchmarkMarshalBlowup(b *testing.B) {
	for _, bc := range []struct {
		name string
		spec []byte
	}{
		{"requires-chain/20000", blowup.RequiresChain(20000, true)},
		{"role-chain/3000", blowup.RoleChain(3000, true)},
	} {
		c, err := model.Load("blowup.yaml", bc.spec)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			var out []byte
			refused := false
			for b.Loop() {
				out, err = export.Marshal(c, export.Options{})
				refused = errors.Is(err, export.ErrTooLarge)
				if err != nil && !refused {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(out)), "output-bytes")
			if refused {
				b.ReportMetric(1, "refused")
			}
		})
	}
}
