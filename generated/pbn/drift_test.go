package pbn_test

import (
	"testing"

	"github.com/permcat/permcat/permcattest"
)

// TestUpToDate fails when pbn.go or its Markdown reference pbn.md differs
// from what spec/pbn.yaml produces.
func TestUpToDate(t *testing.T) {
	permcattest.UpToDate(t, "../../spec/pbn.yaml", "pbn.go")
}
