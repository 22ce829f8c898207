package compat

import (
	"fmt"
	"regexp"
	"testing"

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
