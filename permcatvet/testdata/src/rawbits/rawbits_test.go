package rawbits

import (
	"testing"

	"clinic"
)

// Tests build Sets with bits that name nothing on purpose; a Set of valid
// permissions written as bits still gets its Of.
func TestInvalidBits(t *testing.T) {
	if (clinic.Set{1 << 13}).Has(clinic.PatientView) || (clinic.Set{^uint64(0)}).Len() != 5 {
		t.Error("invalid bits count")
	}
	if (clinic.Set{0: 0x2}).Len() != 1 { // want `clinic.Set{0: 0x2} spells a Set as raw bits; write clinic.Of\(clinic.PatientView\)`
		t.Error("Len")
	}
}
