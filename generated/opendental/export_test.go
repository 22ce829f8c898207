package opendental_test

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/permcat/permcat/generated/opendental"
	"github.com/permcat/permcat/internal/cattest"
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

func exportOpendental(t *testing.T) exportedCatalog {
	t.Helper()
	const path = "../../spec/opendental.yaml"
	cat := cattest.LoadSpec(t, path)
	out, err := export.Marshal(cat)
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
	return doc
}

// TestExportAgrees proves that "permcat export" and this package agree:
// the same permissions (id, key, name, group, flags, gates), and for every
// permission the same requires and required-by closures, in both
// directions; and that a consumer applying the documented rules to the
// JSON decides Can and Effective exactly as the Go code does.
func TestExportAgrees(t *testing.T) {
	doc := exportOpendental(t)
	parse := func(key string) opendental.Permission {
		t.Helper()
		p, err := opendental.Parse(key)
		if err != nil || p.Key() != key {
			t.Fatalf("exported key %q: Parse gives %v, %v", key, p, err)
		}
		return p
	}
	setOf := func(keys []string) opendental.Set {
		var s opendental.Set
		for _, k := range keys {
			s = s.With(parse(k))
		}
		return s
	}

	var all []opendental.Permission
	for p := range opendental.All() {
		all = append(all, p)
	}
	if len(all) != len(doc.Permissions) {
		t.Fatalf("%d permissions exported, %d generated", len(doc.Permissions), len(all))
	}
	needs := map[opendental.Permission]opendental.Features{}
	for i, e := range doc.Permissions {
		p := parse(e.Key)
		if p != all[i] || int(p) != e.ID || p.Name() != e.Name || p.Group().Key() != e.Group {
			t.Errorf("exported #%d %s (id %d, %q, group %q) differs from generated %v (id %d, %q, group %q)",
				i, e.Key, e.ID, e.Name, e.Group, all[i], int(all[i]), all[i].Name(), all[i].Group().Key())
		}
		requires, requiredBy := setOf(e.RequiresAll), setOf(e.RequiredByAll)
		if requires != p.Requires() {
			t.Errorf("%s: requiresAll %v, Requires() %v", e.Key, requires, p.Requires())
		}
		if requiredBy != p.RequiredBy() {
			t.Errorf("%s: requiredByAll %v, RequiredBy() %v", e.Key, requiredBy, p.RequiredBy())
		}
		// Both directions, member by member.
		for q := range opendental.All() {
			if p.Requires().Has(q) != slices.Contains(e.RequiresAll, q.Key()) {
				t.Errorf("%s requires %s: Go %v, export %v", e.Key, q.Key(), p.Requires().Has(q), !p.Requires().Has(q))
			}
			if p.RequiredBy().Has(q) != slices.Contains(e.RequiredByAll, q.Key()) {
				t.Errorf("%s required by %s: Go %v, export %v", e.Key, q.Key(), p.RequiredBy().Has(q), !p.RequiredBy().Has(q))
			}
		}
		gates, err := opendental.ParseFeatures(strings.Join(e.Features, "|"))
		if err != nil || gates != p.Gates() {
			t.Errorf("%s: features %v, Gates() %v (%v)", e.Key, e.Features, p.Gates(), err)
		}
		needs[p] = gates
		for fl := range opendental.Flags() {
			if p.HasFlag(fl) != slices.Contains(e.Flags, fl.Key()) {
				t.Errorf("%s: flag %s: Go %v, export %v", e.Key, fl.Key(), p.HasFlag(fl), e.Flags)
			}
		}
	}
	for _, m := range doc.Migrations {
		if s, ok := opendental.Migrate(m.From); !ok || s != setOf(m.To) {
			t.Errorf("Migrate(%q) = %v, %v; export says %v", m.From, s, ok, m.To)
		}
	}

	// A consumer of the JSON: p takes effect when it and its requiresAll
	// are granted and the features of all of them are enabled.
	can := func(granted opendental.Set, e int, enabled opendental.Features) bool {
		p := all[e]
		if !granted.Has(p) || needs[p]&^enabled != 0 {
			return false
		}
		for _, k := range doc.Permissions[e].RequiresAll {
			q := parse(k)
			if !granted.Has(q) || needs[q]&^enabled != 0 {
				return false
			}
		}
		return true
	}
	r := rand.New(rand.NewPCG(1, 2))
	features := []opendental.Features{0, opendental.FeatureDentalSchools, opendental.FeatureCloud, opendental.FeatureDentalSchools | opendental.FeatureCloud}
	for trial := range 300 {
		density := []float64{0.3, 0.8, 0.97}[trial%3]
		var granted opendental.Set
		for _, p := range all {
			if r.Float64() < density {
				granted = granted.With(p)
			}
		}
		for _, enabled := range features {
			eff := opendental.Effective(granted, enabled)
			for i, p := range all {
				want := can(granted, i, enabled)
				if got := opendental.Can(granted, p, enabled); got != want {
					t.Fatalf("Can(%v, %s, %v) = %v; the export says %v", granted, p.Key(), enabled, got, want)
				}
				if eff.Has(p) != want {
					t.Fatalf("Effective(%v, %v).Has(%s) = %v; the export says %v", granted, enabled, p.Key(), eff.Has(p), want)
				}
			}
		}
	}
}
