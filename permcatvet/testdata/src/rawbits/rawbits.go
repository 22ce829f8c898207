// Package rawbits writes Sets and Features as numbers.
package rawbits

import "clinic"

func raw(s clinic.Set, features clinic.Features) {
	_ = clinic.Set{0: 0x6}       // want `clinic.Set{0: 0x6} spells a Set as raw bits; write clinic.Of\(clinic.PatientView, clinic.PatientEdit\)`
	_ = clinic.Set{1 << 12}      // want `clinic.Set{1 << 12} spells a Set as raw bits: bit 12 is reserved, the bit of a retired permission`
	_ = clinic.Set{1<<13 | 1<<1} // want `spells a Set as raw bits: bit 13 names no permission`
	s[0] |= 1 << 9               // want `s\[0\] \|= 1 << 9 writes raw bits into a Set \(holds clinic.PaymentRefund\); use the Set's With with named constants`
	s[0] &^= 1<<9 | 1<<13        // want `\(holds clinic.PaymentRefund; bit 13 names no permission\); use the Set's Without or Intersect with named constants`
	_ = clinic.Features(1)       // want `clinic.Features\(1\) spells features as raw bits; write clinic.FeatureOnlineBooking`
	_ = clinic.Effective(s, 3)   // want `3 spells features as raw bits; write clinic.FeatureOnlineBooking\|clinic.FeatureSms`
	_ = clinic.Features(4)       // want `clinic.Features\(4\) spells features as raw bits, and bit 2 names no feature of clinic`
	_ = features|2 != 0          // want `2 spells features as raw bits; write clinic.FeatureSms`
}

// Sets and Features built from named constants, zero values, and words
// that are not constant (s[0] = w converts a stored bitmask).
func named(s clinic.Set, w uint64) {
	_ = clinic.Set{}
	_ = clinic.Set{w}
	s[0] = w
	_ = clinic.Effective(s, clinic.FeatureOnlineBooking|clinic.FeatureSms)
	_ = clinic.Effective(s, 0)
	_ = clinic.Features(0)
}
