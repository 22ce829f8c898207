package ids

import (
	"testing"

	"clinic"
)

// Tests build invalid permissions on purpose; a valid one written as a
// number still gets the named constant.
func TestInvalid(t *testing.T) {
	if clinic.Permission(13).IsValid() || (clinic.Set{1 << 13}).Has(clinic.PatientView) {
		t.Error("invalid values count")
	}
	if !clinic.Permission(7).IsValid() { // want `clinic.Permission\(7\) is the raw ID of clinic.PaymentView`
		t.Error("PaymentView is invalid")
	}
}
