package opendental_test

import (
	"testing"

	"github.com/permcat/permcat/permcattest"
)

// TestUpToDate fails when opendental.go or its Markdown reference opendental.md differs
// from what spec/opendental.yaml produces.
func TestUpToDate(t *testing.T) {
	permcattest.UpToDate(t, "../../spec/opendental.yaml", "opendental.go")
}
