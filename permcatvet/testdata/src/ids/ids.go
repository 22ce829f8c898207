package ids

import (
	"clinic"
	"rights"
)

const admin clinic.Permission = 9 // want `9 is the raw ID of clinic.PaymentRefund; write the named constant, which follows the spec`

const seven = 7

func raw(s clinic.Set, p clinic.Permission, features clinic.Features) {
	_ = clinic.Permission(7)   // want `clinic.Permission\(7\) is the raw ID of clinic.PaymentView; write the named constant`
	_ = clinic.Permission(10)  // want `clinic.Permission\(10\) is the raw ID of clinic.FaxSend; write the named constant, which follows the spec \(FaxSend is deprecated: Faxing is being retired; send documents through the portal.\)`
	_ = clinic.Permission(12)  // want `clinic.Permission\(12\): ID 12 is reserved, the bit of a retired permission; no clinic.Permission has it, and every check treats the value as not granted`
	_ = clinic.Permission(13)  // want `clinic.Permission\(13\): no clinic.Permission has ID 13; the value is invalid, and every check treats it as not granted`
	_ = clinic.Of(1, 2)        // want `1 is the raw ID of clinic.PatientView` `2 is the raw ID of clinic.PatientEdit`
	_ = clinic.Of(seven)       // want `seven is the raw ID of clinic.PaymentView`
	_ = clinic.PatientView + 1 // want `clinic.PatientView \+ 1 is the raw ID of clinic.PatientEdit`
	_ = p == 7                 // want `7 is the raw ID of clinic.PaymentView`
	_ = features|2 != 0        // want `2 spells features as raw bits; write clinic.FeatureSms`
	switch p {
	case 9: // want `9 is the raw ID of clinic.PaymentRefund`
	}
	_ = acl.Right(2) // want `acl.Right\(2\) is the raw ID of acl.Write`

	_ = clinic.Set{0: 0x6}       // want `clinic.Set{0: 0x6} spells a Set as raw bits; write clinic.Of\(clinic.PatientView, clinic.PatientEdit\)`
	_ = clinic.Set{1 << 12}      // want `clinic.Set{1 << 12} spells a Set as raw bits: bit 12 is reserved, the bit of a retired permission`
	_ = clinic.Set{1<<13 | 1<<1} // want `spells a Set as raw bits: bit 13 names no permission`
	s[0] |= 1 << 9               // want `s\[0\] \|= 1 << 9 writes raw bits into a Set \(holds clinic.PaymentRefund\); use the Set's With with named constants`
	s[0] &^= 1<<9 | 1<<13        // want `\(holds clinic.PaymentRefund; bit 13 names no permission\); use the Set's Without or Intersect with named constants`
	_ = clinic.Features(1)       // want `clinic.Features\(1\) spells features as raw bits; write clinic.FeatureOnlineBooking`
	_ = clinic.Effective(s, 3)   // want `3 spells features as raw bits; write clinic.FeatureOnlineBooking\|clinic.FeatureSms`
	_ = clinic.Features(4)       // want `clinic.Features\(4\) spells features as raw bits, and bit 2 names no feature of clinic`
}

// Named constants, zero values and values that are not constant.
func named(s clinic.Set, p clinic.Permission, w uint64) (clinic.Permission, error) {
	_ = clinic.Of(clinic.PatientView, admin)
	_ = clinic.Permission(clinic.PatientView)
	_ = clinic.Permission(w)
	_ = clinic.Effective(s, clinic.FeatureOnlineBooking|clinic.FeatureSms)
	_ = clinic.Effective(s, 0)
	_ = clinic.Set{}
	_ = clinic.Set{w}
	s[0] = w
	_ = uint64(1) << clinic.PaymentView
	_ = acl.Admin
	_ = p%7 == 0 || p+1 > 100 || p < 64 || p/64 == 0
	p += 1
	_ = clinic.Features(0)
	if p == clinic.PatientView {
		return clinic.PatientEdit, nil
	}
	return 0, nil
}
