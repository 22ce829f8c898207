package deprecated

import (
	"testing"

	"clinic"
)

// A deprecated permission is still tested while it exists.
func TestFax(t *testing.T) {
	if _, err := clinic.Parse("fax_send"); err != nil {
		t.Error(err)
	}
}
