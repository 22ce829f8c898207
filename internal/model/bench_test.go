package model_test

import (
	"testing"

	"github.com/permcat/permcat/internal/blowup"
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

// BenchmarkResolveRoleChain measures Resolve on 10,000 roles, each
// including the one before and naming one permission of its own: the
// roles hold 50 million memberships in all, which must cost words of bit
// sets, not lists.
func BenchmarkResolveRoleChain(b *testing.B) {
	f, err := syntax.Load("roles.yaml", blowup.RoleChain(10000, true))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := model.Resolve(f); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRoleChainHoldsEverything: in a chain of roles, each including the
// one before, the last holds every permission, and the check of what
// roles lack finds nothing, whatever the length.
func TestRoleChainHoldsEverything(t *testing.T) {
	c, err := model.Load("roles.yaml", blowup.RoleChain(3000, true))
	if err != nil {
		t.Fatal(err)
	}
	last := c.Roles[len(c.Roles)-1]
	if last.Len() != 3000 || len(last.All()) != 3000 || !last.Has(c.ByID[0]) {
		t.Fatalf("the last role holds %d permissions, want 3000", last.Len())
	}
	if first := c.Roles[0]; first.Len() != 1 || first.Has(c.ByID[1]) {
		t.Fatalf("the first role holds %v", first.All())
	}
}
