package blowup

import (
	"testing"

	"github.com/permcat/permcat/internal/model"
)

// TestShapes loads each spec and checks that its catalog has the shape its
// documentation promises: the quadratic totals when linked or granting,
// nothing of them otherwise.
func TestShapes(t *testing.T) {
	const n = 50
	for _, tc := range []struct {
		name      string
		spec      []byte
		closures  int // total closure entries
		roleSizes int // total role entries
	}{
		{"requires chain", RequiresChain(n, true), n * (n - 1) / 2, 0},
		{"unlinked chain", RequiresChain(n, false), 0, 0},
		{"role chain", RoleChain(n, true), 0, n * (n + 1) / 2},
		{"empty role chain", RoleChain(n, false), 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := model.Load("blowup.yaml", tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Permissions) != n {
				t.Fatalf("%d permissions, want %d", len(c.Permissions), n)
			}
			closures, roleSizes := 0, 0
			for _, p := range c.Permissions {
				closures += len(p.Closure())
			}
			for _, r := range c.Roles {
				roleSizes += r.Len()
			}
			if closures != tc.closures || roleSizes != tc.roleSizes {
				t.Errorf("closures total %d, roles %d; want %d and %d", closures, roleSizes, tc.closures, tc.roleSizes)
			}
		})
	}
}
