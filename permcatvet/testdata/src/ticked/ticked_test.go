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
