package gen_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/permcat/permcat/internal/gen"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/synth"
)

// TestEstimateSizeBoundsTheOutput checks that gen.EstimateSize is an upper
// bound of the real source on every golden case, both shipped catalogs and
// a synthetic one, so that the size limit refuses nothing it should allow
// without reading the source first.
func TestEstimateSizeBoundsTheOutput(t *testing.T) {
	var cats []*model.Catalog
	for _, c := range goldenCases(t) {
		_, cat := c.generate(t)
		cats = append(cats, cat)
	}
	for _, name := range []string{"pbn", "opendental"} {
		data, err := os.ReadFile("../../spec/" + name + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		c, err := model.Load(name+".yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		cats = append(cats, c)
	}
	c, err := model.Load("synth.yaml", synth.Spec(synth.Options{Permissions: 3000, Seed: 2}))
	if err != nil {
		t.Fatal(err)
	}
	cats = append(cats, c)
	if c, err = model.Load("chain.yaml", roleChain(300)); err != nil {
		t.Fatal(err)
	}
	cats = append(cats, c)
	for _, c := range cats {
		src, err := gen.Generate(c, gen.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if est := gen.EstimateSize(c); est < len(src) {
			t.Errorf("%s: estimate %d bytes, below the real %d", c.Name, est, len(src))
		} else if est > 4*len(src)+256<<10 {
			t.Errorf("%s: estimate %d bytes, far above the real %d", c.Name, est, len(src))
		}
	}
}

// TestOutputLimit generates from a spec whose one long description is
// repeated through a YAML alias: Generate refuses it with an error naming
// the limit, before building any source.
func TestOutputLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("permcat: 1\ncatalog:\n  name: big\npermissions:\n")
	fmt.Fprintf(&b, "  - {key: p0, id: 1, description: &d %q}\n", strings.Repeat("A long description. ", 5000))
	for i := 1; i < 100; i++ {
		fmt.Fprintf(&b, "  - {key: p%d, id: %d, description: *d}\n", i, i+1)
	}
	c, err := model.Load("big.yaml", []byte(b.String()))
	if err != nil {
		t.Skipf("the loader refuses the expanded spec itself: %v", err)
	}
	_, err = gen.Generate(c, gen.Options{MaxOutput: 32 << 20})
	if err == nil || !strings.Contains(err.Error(), "more than the limit of 32 MiB") {
		t.Fatalf("Generate of a spec writing about %d MiB: err = %v, want the 32 MiB limit", gen.EstimateSize(c)>>20, err)
	}
	if _, err := gen.Generate(c, gen.Options{MaxOutput: 1 << 30}); err != nil {
		t.Fatalf("with the limit raised: %v", err)
	}
}

// roleChain returns a spec of n permissions and n roles, each role
// including the one before and naming one permission of its own: the
// roles' Sets hold n²/2 permissions in all.
func roleChain(n int) []byte {
	var b strings.Builder
	b.WriteString("permcat: 1\ncatalog: {name: chain}\npermissions:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {key: p%d, id: %d}\n", i, i)
	}
	b.WriteString("roles:\n  - {key: r0, permissions: [p0]}\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  - {key: r%d, includes: [r%d], permissions: [p%d]}\n", i, i-1, i)
	}
	return []byte(b.String())
}

// TestOutputGrowsWithTheSpec: the source grows with the spec, not with
// what the spec implies. A chain of roles, each including the one before,
// implies n²/2 memberships; doubling it must no more than double the
// source (with a margin for the longer names of the larger chain).
func TestOutputGrowsWithTheSpec(t *testing.T) {
	size := func(n int) int {
		t.Helper()
		c, err := model.Load("chain.yaml", roleChain(n))
		if err != nil {
			t.Fatal(err)
		}
		src, err := gen.Generate(c, gen.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return len(src)
	}
	small, large := size(300), size(600)
	if float64(large) > 2.3*float64(small) {
		t.Errorf("a chain of 300 roles gives %d bytes of source, of 600 roles %d: it grows faster than the spec", small, large)
	}
}
