package ids

import (
	"clinic"
	"rights"
)

const admin clinic.Permission = 9 // want `9 is the raw ID of clinic.PaymentRefund; write the named constant, which follows the spec`

const seven = 7

func raw(p clinic.Permission) {
	_ = clinic.Permission(7)   // want `clinic.Permission\(7\) is the raw ID of clinic.PaymentView; write the named constant`
	_ = clinic.Permission(12)  // want `clinic.Permission\(12\): ID 12 is reserved, the bit of a retired permission; no clinic.Permission has it, and every check treats the value as not granted`
	_ = clinic.Permission(13)  // want `clinic.Permission\(13\): no clinic.Permission has ID 13; the value is invalid, and every check treats it as not granted`
	_ = clinic.Of(1, 2)        // want `1 is the raw ID of clinic.PatientView` `2 is the raw ID of clinic.PatientEdit`
	_ = clinic.Of(seven)       // want `seven is the raw ID of clinic.PaymentView`
	_ = clinic.PatientView + 1 // want `clinic.PatientView \+ 1 is the raw ID of clinic.PatientEdit`
	_ = p == 7                 // want `7 is the raw ID of clinic.PaymentView`
	switch p {
	case 9: // want `9 is the raw ID of clinic.PaymentRefund`
	}
	_ = acl.Right(2) // want `acl.Right\(2\) is the raw ID of acl.Write`
}

// Named constants, zero values and values that are not constant.
func named(p clinic.Permission, w uint64) (clinic.Permission, error) {
	_ = clinic.Of(clinic.PatientView, admin)
	_ = clinic.Permission(clinic.PatientView)
	_ = clinic.Permission(w)
	_ = uint64(1) << clinic.PaymentView
	_ = acl.Admin
	_ = p%7 == 0 || p+1 > 100 || p < 64 || p/64 == 0
	p += 1
	if p == clinic.PatientView {
		return clinic.PatientEdit, nil
	}
	return 0, nil
}
