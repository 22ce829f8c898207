package semdiff

import (
	"fmt"
	"io"
	"regexp"
	"testing"

	"github.com/permcat/permcat/internal/blowup"
	"github.com/permcat/permcat/internal/compat"
	"github.com/permcat/permcat/internal/synth"
)

// ungate strips every feature gate and flag from a synthetic spec, which
// regates most permissions of most roles.
var ungate = regexp.MustCompile(`(?m)^    (feature|flags): .*\n`)

func BenchmarkCompare(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		src := synth.Spec(synth.Options{Permissions: n, Seed: 1})
		old, err := compat.Load("old.yaml", src)
		if err != nil {
			b.Fatal(err)
		}
		new, err := compat.Load("new.yaml", ungate.ReplaceAll(src, nil))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("ungated/%d", n), func(b *testing.B) {
			var d *Diff
			for b.Loop() {
				d = Compare(old, new, Options{})
				if err := d.WriteMarkdown(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			if len(d.Roles) == 0 || len(d.Grants) == 0 {
				b.Fatalf("the change shows in no role or grant: %d roles, %d grants", len(d.Roles), len(d.Grants))
			}
		})
	}
}

// countingWriter counts the bytes written to it.
type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// BenchmarkCompareBlowup diffs the two specs whose catalogs are quadratic
// in their size (see package blowup) against their unlinked versions, in
// both directions, at full size, and writes the diff in each format: the
// work and every output must stay linear in the spec.
func BenchmarkCompareBlowup(b *testing.B) {
	for _, bc := range []struct {
		name     string
		old, new []byte
	}{
		{"requires-removed/20000", blowup.RequiresChain(20000, true), blowup.RequiresChain(20000, false)},
		{"requires-added/20000", blowup.RequiresChain(20000, false), blowup.RequiresChain(20000, true)},
		{"roles-gained/3000", blowup.RoleChain(3000, false), blowup.RoleChain(3000, true)},
		{"roles-lost/3000", blowup.RoleChain(3000, true), blowup.RoleChain(3000, false)},
	} {
		old, err := compat.Load("old.yaml", bc.old)
		if err != nil {
			b.Fatal(err)
		}
		new, err := compat.Load("new.yaml", bc.new)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			var text, md, js countingWriter
			for b.Loop() {
				text, md, js = 0, 0, 0
				d := Compare(old, new, Options{})
				if err := d.WriteText(&text); err != nil {
					b.Fatal(err)
				}
				if err := d.WriteMarkdown(&md); err != nil {
					b.Fatal(err)
				}
				if err := d.WriteJSON(&js); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(text), "text-bytes")
			b.ReportMetric(float64(md), "markdown-bytes")
			b.ReportMetric(float64(js), "json-bytes")
		})
	}
}
