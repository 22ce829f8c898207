package synth

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/permcat/permcat/internal/model"
)

// load generates and loads a catalog, failing the test on any error.
func load(t testing.TB, o Options) (*model.Catalog, []byte) {
	t.Helper()
	data := Spec(o)
	c, err := model.Load("synth.yaml", data)
	if err != nil {
		msg := err.Error()
		if len(msg) > 4000 {
			msg = msg[:4000] + "…"
		}
		t.Fatalf("Spec(%+v) does not load:\n%s", o, msg)
	}
	return c, data
}

// depths returns the length of the longest requires chain from each
// permission, and the maximum.
func depths(c *model.Catalog) (map[*model.Permission]int, int) {
	d := make(map[*model.Permission]int, len(c.Topo))
	most := 0
	for _, p := range c.Topo { // requirements come first
		for _, e := range p.Requires {
			d[p] = max(d[p], d[e.To]+1)
		}
		most = max(most, d[p])
	}
	return d, most
}

// edgeTarget is the number of edges the options ask for, bounded by what
// the catalog's levels can hold: a permission of depth k can require at most
// min(maxRequires, permissions of lower depth) distinct permissions, and
// needs at least one.
func edgeTarget(c *model.Catalog, edgesPer float64) (target float64) {
	d, most := depths(c)
	below := make([]int, most+2) // below[k]: permissions of depth < k
	for _, p := range c.Permissions {
		below[d[p]+1]++
	}
	for k := 1; k < len(below); k++ {
		below[k] += below[k-1]
	}
	capacity, floor := 0, 0
	for _, p := range c.Permissions {
		if d[p] > 0 {
			capacity += min(maxRequires, below[d[p]])
			floor++
		}
	}
	return max(float64(floor), min(edgesPer*float64(len(c.Permissions)), float64(capacity)))
}

func checkShape(t *testing.T, o Options, c *model.Catalog) {
	t.Helper()
	n := o.Permissions
	eo := o.withDefaults()
	if got := len(c.Permissions); got != n {
		t.Errorf("%d permissions, want %d", got, n)
	}
	if c.Name != "synth" || c.Package != "synth" {
		t.Errorf("catalog %s, package %s; want synth", c.Name, c.Package)
	}
	if c.MaxID > model.MaxID {
		t.Errorf("MaxID %d > %d", c.MaxID, model.MaxID)
	}
	if c.MaxID <= n && n < model.MaxID {
		t.Errorf("MaxID %d: no gaps among the IDs of %d permissions", c.MaxID, n)
	}

	target := edgeTarget(c, eo.EdgesPerPermission)
	if e := float64(c.Edges); e < 0.8*target || e > 1.2*target {
		t.Errorf("%d edges, want %.0f ± 20%%", c.Edges, target)
	}
	if n >= 100 {
		if want := eo.EdgesPerPermission * float64(n); float64(c.Edges) < 0.8*want {
			t.Errorf("%d edges, want about %.0f", c.Edges, want)
		}
	}
	_, depth := depths(c)
	if depth > eo.MaxDepth {
		t.Errorf("longest requires chain %d > MaxDepth %d", depth, eo.MaxDepth)
	}
	if n >= 1000 && depth < eo.MaxDepth {
		t.Errorf("longest requires chain %d, want MaxDepth %d", depth, eo.MaxDepth)
	}

	fanIn := 0
	for _, p := range c.Permissions {
		fanIn = max(fanIn, len(p.Dependents()))
	}
	if n >= 5000 && fanIn < n/10 {
		t.Errorf("largest fan-in %d, want at least %d", fanIn, n/10)
	}

	if n >= 2*minGroup {
		nested := 0
		for _, g := range c.Groups {
			if len(g.Own) < minGroup || len(g.Own) > maxGroup {
				t.Errorf("group %s holds %d permissions, want %d..%d", g.Key, len(g.Own), minGroup, maxGroup)
			}
			if g.Parent != nil {
				nested++
			}
		}
		if n >= 1000 && nested == 0 {
			t.Errorf("no nested group among %d", len(c.Groups))
		}
	}

	if n >= 1000 {
		for _, f := range c.Flags {
			if len(f.Permissions) == 0 || len(f.Permissions) > n/2 {
				t.Errorf("flag %s on %d permissions, want a fraction of %d", f.Key, len(f.Permissions), n)
			}
		}
		withDate := 0
		for _, p := range c.Permissions {
			if p.Attribute(c.Attributes[0]) != "" {
				withDate++
			}
		}
		if withDate == 0 {
			t.Error("no permission carries date_field")
		}
		gated := map[*model.Feature]int{}
		for _, g := range c.Groups {
			if g.Feature != nil {
				gated[g.Feature]++
			}
		}
		if len(gated) != 2 {
			t.Errorf("features gate groups %v, want both features used", gated)
		}
		if len(c.ReservedIDs) == 0 || len(c.Legacy) == 0 {
			t.Errorf("%d reserved IDs, %d legacy keys; want some of each", len(c.ReservedIDs), len(c.Legacy))
		}
	}
	for _, l := range c.Legacy {
		if !slices.Contains(c.ReservedKeys, l.Key) {
			t.Errorf("replaced key %s is not reserved", l.Key)
		}
	}

	if len(c.Roles) != eo.Roles {
		t.Errorf("%d roles, want %d", len(c.Roles), eo.Roles)
	}
	for _, r := range c.Roles {
		// model.Load has checked that the role is closed under requires.
		if len(r.Own) > eo.RoleSize {
			t.Errorf("role %s names %d permissions, more than RoleSize %d", r.Key, len(r.Own), eo.RoleSize)
		}
		if want := min(100, eo.RoleSize); n >= 1000 && r.Len() < want {
			t.Errorf("role %s holds %d permissions, want at least %d", r.Key, r.Len(), want)
		}
	}
}

func TestSpec(t *testing.T) {
	for _, n := range []int{1, 10, 100, 1000, 5000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			o := Options{Permissions: n, Seed: 7}
			c, data := load(t, o)
			checkShape(t, o, c)

			if again := Spec(o); !bytes.Equal(again, data) {
				t.Error("same seed and options, different bytes")
			}
			other := Spec(Options{Permissions: n, Seed: 8})
			if bytes.Equal(other, data) {
				t.Error("different seeds, same bytes")
			}
			// Not only the seed in the header: the catalog itself differs.
			_, a, _ := bytes.Cut(data, []byte("\npermissions:\n"))
			_, b, _ := bytes.Cut(other, []byte("\npermissions:\n"))
			if bytes.Equal(a, b) {
				t.Error("different seeds, same permissions")
			}
		})
	}
}

func TestSpecOptions(t *testing.T) {
	for _, o := range []Options{
		{Permissions: 2000, Seed: 1, EdgesPerPermission: 1.5, MaxDepth: 5, Roles: 4, RoleSize: 50, Hubs: 3},
		{Permissions: 1000, Seed: 2, EdgesPerPermission: 0.5, MaxDepth: 30},
		{Permissions: 1000, Seed: 3, EdgesPerPermission: 8, RoleSize: 5000},
		{Permissions: 300, Seed: 4, EdgesPerPermission: -1, Roles: -1},
		{Permissions: 40, Seed: 5, Roles: 3},
	} {
		t.Run(fmt.Sprintf("%+v", o), func(t *testing.T) {
			c, _ := load(t, o)
			checkShape(t, o, c)
			switch {
			case o.EdgesPerPermission < 0 && c.Edges != 0:
				t.Errorf("%d edges, want none", c.Edges)
			case o.Roles < 0 && len(c.Roles) != 0:
				t.Errorf("%d roles, want none", len(c.Roles))
			}
		})
	}
}

// TestSpecRandomRequires checks the closure-heavy shape: every permission
// past the first few requires exactly RandomRequires permissions, all
// declared before it, and closures are far larger than in the layered shape.
func TestSpecRandomRequires(t *testing.T) {
	o := Options{Permissions: 3000, Seed: 3, RandomRequires: 3}
	c, _ := load(t, o)
	index := map[*model.Permission]int{}
	for i, p := range c.Permissions {
		index[p] = i
	}
	total := 0
	for i, p := range c.Permissions {
		if want := min(3, i); len(p.Requires) != want {
			t.Fatalf("%s (position %d) requires %d permissions, want %d", p.Key, i, len(p.Requires), want)
		}
		for _, e := range p.Requires {
			if index[e.To] >= i {
				t.Fatalf("%s requires %s, declared after it", p.Key, e.To.Key)
			}
		}
		total += len(p.Closure())
	}
	layered, _ := load(t, Options{Permissions: 3000, Seed: 3})
	layeredTotal := 0
	for _, p := range layered.Permissions {
		layeredTotal += len(p.Closure())
	}
	if total < 4*layeredTotal {
		t.Errorf("average closure %d, not far above the layered shape's %d", total/len(c.Permissions), layeredTotal/len(layered.Permissions))
	}
}

// TestSpecLarge checks the shape the project's issue asks for, at the size
// of the public cloud catalogs, and the ID limit.
func TestSpecLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000 permissions: skipped in short mode")
	}
	o := Options{Permissions: 20000, Seed: 1}
	c, _ := load(t, o)
	checkShape(t, o, c)

	data := Spec(Options{Permissions: model.MaxID, Seed: 1, Roles: -1, EdgesPerPermission: -1})
	if !bytes.Contains(data, []byte("\n    id: "+strconv.Itoa(model.MaxID)+"\n")) {
		t.Errorf("Spec at %d permissions does not use ID %d", model.MaxID, model.MaxID)
	}
}

func TestSpecPanics(t *testing.T) {
	for _, n := range []int{0, -1, model.MaxID + 1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Spec(Options{Permissions: %d}) did not panic", n)
				}
			}()
			Spec(Options{Permissions: n})
		}()
	}
}

func BenchmarkSpec(b *testing.B) {
	for _, n := range []int{1000, 20000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var size int
			for b.Loop() {
				size = len(Spec(Options{Permissions: n, Seed: 1}))
			}
			b.SetBytes(int64(size))
		})
	}
}

func TestAppendQuote(t *testing.T) {
	for _, s := range []string{"", "compute:DescribeVolume", `a "quoted" \ word`, "tab\there", "caf\u00e9", "x\x7f"} {
		if got, want := string(appendQuote(nil, s)), strconv.Quote(s); got != want {
			t.Errorf("appendQuote(%q) = %s, want %s", s, got, want)
		}
	}
}
