package names

import (
	"testing"

	"clinic"
)

// Tests pass unknown names on purpose.
func TestParseRejects(t *testing.T) {
	if _, err := clinic.Parse("root"); err == nil {
		t.Error("Parse accepted an unknown name")
	}
}
