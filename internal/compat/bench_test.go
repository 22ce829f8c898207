package compat

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/permcat/permcat/internal/blowup"
	"github.com/permcat/permcat/internal/synth"
)

// ungate strips every feature gate and flag from a synthetic spec: a
// change that makes compat report new access for most permissions.
var ungate = regexp.MustCompile(`(?m)^    (feature|flags): .*\n`)

// benchSpecs returns a synthetic catalog of n permissions and the same
// catalog without its gates and flags.
func benchSpecs(b *testing.B, n int) (old, new *Spec) {
	b.Helper()
	src := synth.Spec(synth.Options{Permissions: n, Seed: 1})
	var err error
	if old, err = Load("old.yaml", src); err != nil {
		b.Fatal(err)
	}
	if new, err = Load("new.yaml", ungate.ReplaceAll(src, nil)); err != nil {
		b.Fatal(err)
	}
	return old, new
}

func BenchmarkCompare(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		old, new := benchSpecs(b, n)
		b.Run(fmt.Sprintf("same/%d", n), func(b *testing.B) {
			for b.Loop() {
				if fs := Compare(old, old); len(fs) != 0 {
					b.Fatalf("%d findings comparing a spec with itself", len(fs))
				}
			}
		})
		b.Run(fmt.Sprintf("ungated/%d", n), func(b *testing.B) {
			var fs []Finding
			for b.Loop() {
				fs = Compare(old, new)
			}
			if Count(fs).NewAccess == 0 {
				b.Fatal("no new access found")
			}
			b.ReportMetric(float64(len(fs)), "findings")
		})
	}
}

// countingWriter counts the bytes written to it.
type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

// BenchmarkCompareBlowup compares the two specs whose catalogs are
// quadratic in their size (see package blowup) with their unlinked
// versions, at full size, and writes the findings as text: the work and
// the output must stay linear in the spec.
func BenchmarkCompareBlowup(b *testing.B) {
	for _, bc := range []struct {
		name     string
		old, new []byte
	}{
		{"requires-removed/20000", blowup.RequiresChain(20000, true), blowup.RequiresChain(20000, false)},
		{"requires-added/20000", blowup.RequiresChain(20000, false), blowup.RequiresChain(20000, true)},
		{"roles-gained/3000", blowup.RoleChain(3000, false), blowup.RoleChain(3000, true)},
	} {
		old, err := Load("old.yaml", bc.old)
		if err != nil {
			b.Fatal(err)
		}
		new, err := Load("new.yaml", bc.new)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			var fs []Finding
			var out countingWriter
			for b.Loop() {
				out = 0
				fs = Compare(old, new)
				if err := WriteText(&out, fs); err != nil {
					b.Fatal(err)
				}
			}
			if len(fs) == 0 {
				b.Fatal("no findings")
			}
			b.ReportMetric(float64(len(fs)), "findings")
			b.ReportMetric(float64(out), "output-bytes")
		})
	}
}
