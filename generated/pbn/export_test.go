package pbn_test

import (
	"testing"

	"github.com/permcat/permcat/generated/pbn"
	"github.com/permcat/permcat/internal/cattest"
)

// TestExportAgrees proves that "permcat export" and this package agree on
// every permission, closure and migration, and that a consumer of the JSON
// decides Can and Effective as the Go code does. pbn declares no flags and
// no features.
func TestExportAgrees(t *testing.T) {
	cattest.ExportAgrees(t, catalog, cattest.Exported[pbn.Permission, pbn.Set]{
		GroupKey:    func(p pbn.Permission) string { return p.Group().Key() },
		FlagKeys:    func(pbn.Permission) []string { return nil },
		GateKeys:    func(pbn.Permission) []string { return nil },
		Migrate:     pbn.Migrate,
		FeatureSets: [][]string{nil},
		Effective:   func(s pbn.Set, _ []string) pbn.Set { return pbn.Effective(s) },
		Can:         func(s pbn.Set, p pbn.Permission, _ []string) bool { return pbn.Can(s, p) },
	})
}
