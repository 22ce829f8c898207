package perms_test

import (
	"testing"

	"github.com/permcat/permcat/permcattest"
)

// TestUpToDate fails, with a diff, when perms_gen.go differs from what
// perms.yaml produces: someone edited the spec and forgot go generate.
func TestUpToDate(t *testing.T) {
	permcattest.UpToDate(t, "perms.yaml", "perms_gen.go")
}
