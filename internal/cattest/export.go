package cattest

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/permcat/permcat/internal/export"
)

// exportedCatalog is what a consumer in another language reads from
// "permcat export": only the JSON field names, decoded independently of
// package export's Go types.
type exportedCatalog struct {
	Format      string `json:"format"`
	Version     int    `json:"version"`
	Permissions []struct {
		ID            int      `json:"id"`
		Key           string   `json:"key"`
		Name          string   `json:"name"`
		Group         string   `json:"group"`
		Flags         []string `json:"flags"`
		Features      []string `json:"features"`
		RequiresAll   []string `json:"requiresAll"`
		RequiredByAll []string `json:"requiredByAll"`
	} `json:"permissions"`
	Migrations []struct {
		From string   `json:"from"`
		To   []string `json:"to"`
	} `json:"migrations"`
}

// Exported is the part of a generated package that the export is compared
// with, beyond Catalog's functions. Features are named by their keys, so
// that one comparison serves catalogs with and without features.
type Exported[P Permission, S comparable] struct {
	GroupKey func(P) string
	// FlagKeys and GateKeys list the keys of p's flags and of the
	// features p itself needs.
	FlagKeys func(P) []string
	GateKeys func(P) []string
	Migrate  func(string) (S, bool)
	// FeatureSets are the feature combinations to try, as keys; a catalog
	// without features passes one empty set.
	FeatureSets [][]string
	// Effective and Can with the named features enabled.
	Effective func(S, []string) S
	Can       func(S, P, []string) bool
}

// ExportAgrees proves that "permcat export" of c's spec and the generated
// package agree: the same permissions (id, key, name, group, flags,
// gates), for every permission the same requires and required-by closures
// in both directions, the same migrations; and that a consumer applying
// the documented rule to the JSON (p takes effect when it and its
// requiresAll are granted and their features enabled) decides Can and
// Effective exactly as the Go code does.
func ExportAgrees[P Permission, S comparable](t *testing.T, c Catalog[P, S], x Exported[P, S]) {
	t.Helper()
	out, err := export.Marshal(LoadSpec(t, c.SpecPath), export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var doc exportedCatalog
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Format != "permcat-catalog" || doc.Version != 1 {
		t.Fatalf("export is %q version %d", doc.Format, doc.Version)
	}
	parse := func(key string) P {
		t.Helper()
		p, err := c.Parse(key)
		if err != nil || p.Key() != key {
			t.Fatalf("exported key %q: Parse gives %v, %v", key, p, err)
		}
		return p
	}
	setOf := func(keys []string) S {
		ps := make([]P, len(keys))
		for i, k := range keys {
			ps[i] = parse(k)
		}
		return c.Of(ps...)
	}

	all := slices.Collect(c.All())
	if len(all) != len(doc.Permissions) {
		t.Fatalf("%d permissions exported, %d generated", len(doc.Permissions), len(all))
	}
	gates := map[P][]string{}
	for i, e := range doc.Permissions {
		p := parse(e.Key)
		if p != all[i] || int(p) != e.ID || p.Name() != e.Name || x.GroupKey(p) != e.Group {
			t.Errorf("exported #%d %s (id %d, %q, group %q) differs from generated %v (id %d, %q, group %q)",
				i, e.Key, e.ID, e.Name, e.Group, all[i], int(all[i]), all[i].Name(), x.GroupKey(all[i]))
		}
		if got := setOf(e.RequiresAll); got != c.Requires(p) {
			t.Errorf("%s: requiresAll differs from Requires()", e.Key)
		}
		if got := setOf(e.RequiredByAll); got != c.RequiredBy(p) {
			t.Errorf("%s: requiredByAll differs from RequiredBy()", e.Key)
		}
		// Both directions, member by member.
		for q := range c.All() {
			if c.Has(c.Requires(p), q) != slices.Contains(e.RequiresAll, q.Key()) {
				t.Errorf("%s requires %s: Go and export disagree", e.Key, q.Key())
			}
			if c.Has(c.RequiredBy(p), q) != slices.Contains(e.RequiredByAll, q.Key()) {
				t.Errorf("%s required by %s: Go and export disagree", e.Key, q.Key())
			}
		}
		if !sameKeys(x.FlagKeys(p), e.Flags) {
			t.Errorf("%s: flags %v, export %v", e.Key, x.FlagKeys(p), e.Flags)
		}
		if !sameKeys(x.GateKeys(p), e.Features) {
			t.Errorf("%s: gates %v, export %v", e.Key, x.GateKeys(p), e.Features)
		}
		gates[p] = e.Features
	}
	for _, m := range doc.Migrations {
		if s, ok := x.Migrate(m.From); !ok || s != setOf(m.To) {
			t.Errorf("Migrate(%q) = %v, %v; export says %v", m.From, s, ok, m.To)
		}
	}

	enabledAll := func(p P, enabled []string) bool {
		for _, f := range gates[p] {
			if !slices.Contains(enabled, f) {
				return false
			}
		}
		return true
	}
	can := func(granted S, i int, enabled []string) bool {
		if !c.Has(granted, all[i]) || !enabledAll(all[i], enabled) {
			return false
		}
		for _, k := range doc.Permissions[i].RequiresAll {
			if q := parse(k); !c.Has(granted, q) || !enabledAll(q, enabled) {
				return false
			}
		}
		return true
	}
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		density := []float64{0.3, 0.8, 0.97}[trial%3]
		var picked []P
		for _, p := range all {
			if r.Float64() < density {
				picked = append(picked, p)
			}
		}
		granted := c.Of(picked...)
		for _, enabled := range x.FeatureSets {
			eff := x.Effective(granted, enabled)
			for i, p := range all {
				want := can(granted, i, enabled)
				if got := x.Can(granted, p, enabled); got != want {
					t.Fatalf("Can(%v, %s, %v) = %v; the export says %v", granted, p.Key(), enabled, got, want)
				}
				if c.Has(eff, p) != want {
					t.Fatalf("Effective(%v, %v).Has(%s) = %v; the export says %v", granted, enabled, p.Key(), c.Has(eff, p), want)
				}
			}
		}
	}
}

func sameKeys(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
