// Package deprecated names a deprecated permission where staticcheck
// cannot see it: in strings and numbers.
package deprecated

import (
	"encoding/json"

	"clinic"
)

func names(s *clinic.Set) {
	clinic.Parse("fax_send")                                 // want `"fax_send" names clinic.FaxSend, which is deprecated: Faxing is being retired; send documents through the portal.`
	clinic.Parse("Send faxes")                               // want `"Send faxes" names clinic.FaxSend, which is deprecated`
	s.UnmarshalText([]byte("patient_view, fax_send"))        // want `"patient_view, fax_send" names clinic.FaxSend, which is deprecated`
	json.Unmarshal([]byte(`["fax_send","patient_view"]`), s) // want `names clinic.FaxSend, which is deprecated`
	_ = clinic.Permission(10)                                // want `clinic.Permission\(10\) is the raw ID of clinic.FaxSend; write the named constant, which follows the spec \(FaxSend is deprecated: Faxing is being retired; send documents through the portal.\)`

	// Permissions that are not deprecated.
	clinic.Parse("patient_view")
	s.UnmarshalText([]byte("patient_view, payment_view"))
}
