package opendental_test

import (
	"strings"
	"testing"

	"github.com/permcat/permcat/generated/opendental"
	"github.com/permcat/permcat/internal/cattest"
)

// features turns feature keys into the mask the generated code takes.
func features(t *testing.T, keys []string) opendental.Features {
	t.Helper()
	f, err := opendental.ParseFeatures(strings.Join(keys, ","))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestExportAgrees proves that "permcat export" and this package agree on
// every permission, closure, flag, gate and migration, and that a consumer
// of the JSON decides Can and Effective as the Go code does under every
// combination of features.
func TestExportAgrees(t *testing.T) {
	cattest.ExportAgrees(t, catalog, cattest.Exported[opendental.Permission, opendental.Set]{
		GroupKey: func(p opendental.Permission) string { return p.Group().Key() },
		FlagKeys: func(p opendental.Permission) []string {
			var keys []string
			for fl := range opendental.Flags() {
				if p.HasFlag(fl) {
					keys = append(keys, fl.Key())
				}
			}
			return keys
		},
		GateKeys: func(p opendental.Permission) []string {
			if g := p.Gates(); g != 0 {
				return strings.Split(g.String(), "|")
			}
			return nil
		},
		Migrate:     opendental.Migrate,
		FeatureSets: [][]string{nil, {"dental_schools"}, {"cloud"}, {"dental_schools", "cloud"}},
		Effective: func(s opendental.Set, enabled []string) opendental.Set {
			return opendental.Effective(s, features(t, enabled))
		},
		Can: func(s opendental.Set, p opendental.Permission, enabled []string) bool {
			return opendental.Can(s, p, features(t, enabled))
		},
	})
}
