package semdiff

import (
	"fmt"
	"io"
	"regexp"
	"testing"

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
				d = Compare(old, new)
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
