package ticked

import (
	"testing"

	"clinic"
)

// Tests assert what Sets hold: Has is what they mean.
func TestGrant(t *testing.T) {
	got := clinic.Grant(clinic.Set{}, clinic.PaymentRefund)
	if !got.Has(clinic.PaymentView) {
		t.Error("Grant did not add the prerequisite")
	}
}

// Tests call helpers and set fields with hand-built Sets: that does not
// make the production code that reads them report.
func TestHelpers(t *testing.T) {
	if !mayRefund(clinic.Of(clinic.PaymentRefund)) {
		t.Error("mayRefund")
	}
	s := &session{allowed: clinic.Of(clinic.PatientView)}
	s.allowed = clinic.Of(clinic.PatientEdit)
	if !s.may(clinic.PatientEdit) {
		t.Error("may")
	}
}
