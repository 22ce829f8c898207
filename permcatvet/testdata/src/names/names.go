package names

import (
	"encoding/json"

	"clinic"
	"nameslib"
)

const misspelt = "patient_veiw"

func parse(input string) { // want parse:"reads names: param 0: a permission key or display name"
	clinic.Parse("patient_veiw")                // want `clinic.Parse takes a permission key or display name: "patient_veiw" names no permission of clinic; did you mean "patient_view"\?`
	clinic.Parse("View patient")                // want `"View patient" names no permission of clinic; did you mean "View patients"\?`
	clinic.Parse(misspelt)                      // want `"patient_veiw" names no permission of clinic; did you mean "patient_view"\?`
	clinic.Parse("edit_patient")                // want `"edit_patient" is a retired key, which Parse rejects; it was replaced by clinic.PatientEdit \(see Migrate\)`
	clinic.Parse("old_reports")                 // want `"old_reports" is a retired key that nothing replaced: no permission has it`
	clinic.Parse("root")                        // want `"root" names no permission of clinic$`
	clinic.Migrate("patient_edit")              // want `clinic.Migrate takes a retired key: "patient_edit" is the current permission clinic.PatientEdit, not a retired key, so Migrate returns false for it; use clinic.PatientEdit`
	clinic.Migrate("manage_biling")             // want `"manage_biling" is no retired key of clinic; did you mean "manage_billing"\?`
	clinic.Migrate("old_reports")               // want `"old_reports" was retired without a replacement, so Migrate returns false for it`
	clinic.ParseFeatures("online_booking|smss") // want `clinic.ParseFeatures takes feature keys: "smss" names no feature of clinic; did you mean "sms"\?`

	var s clinic.Set
	s.UnmarshalText([]byte("patient_view, View payments"))    // want `\(\*clinic.Set\).UnmarshalText takes permission keys separated by commas: "View payments" is a display name; an encoded Set holds keys: write "payment_view"`
	s.UnmarshalText([]byte("patient_view,,payment_view"))     // want `an empty key is an error`
	s.UnmarshalJSON([]byte(`["patient_view","paymnt_view"]`)) // want `\(\*clinic.Set\).UnmarshalJSON takes a JSON array of permission keys: "paymnt_view" names no permission of clinic; did you mean "payment_view"\?`
	json.Unmarshal([]byte(`{"grants":1}`), &s)                // want `json.Unmarshal takes a JSON array of permission keys: "{\\"grants\\":1}" is not a JSON array of strings`
	var p clinic.Permission
	p.UnmarshalText([]byte("patient_veiw")) // want `\(\*clinic.Permission\).UnmarshalText takes a permission key or display name: .*did you mean "patient_view"\?`

	nameslib.MustParse("patient_veiw") // want `nameslib.MustParse takes a permission key or display name: "patient_veiw" names no permission of clinic; did you mean "patient_view"\?`
	nameslib.Resolve("manage_biling")  // want `nameslib.Resolve takes a permission key or display name or a retired key: "manage_biling" names no permission of clinic; did you mean "manage_billing"\?`
	nameslib.Indirect("xyz")           // want `nameslib.Indirect takes a permission key or display name: "xyz" names no permission of clinic$`
	mustParse("Refund payment")        // want `mustParse takes a permission key or display name: "Refund payment" names no permission of clinic; did you mean "Refund payments"\?`

	// Names that are right, and arguments that are not constant.
	clinic.Parse("patient_view")
	clinic.Parse("View patients")
	clinic.Parse(input)
	clinic.Migrate("edit_patient")
	clinic.Migrate("manage_billing")
	clinic.ParseFeatures("")
	clinic.ParseFeatures("online_booking, sms")
	s.UnmarshalText([]byte(" patient_view , edit_patient, old_reports "))
	s.UnmarshalText([]byte(""))
	s.UnmarshalJSON([]byte(`["patient_view","manage_billing"]`))
	s.UnmarshalJSON([]byte(`null`))
	json.Unmarshal([]byte(`["payment_view"]`), &s)
	nameslib.Resolve("edit_patient")
	nameslib.Resolve("View payments")
	nameslib.Trimmed("bogus")
	mustParse("payment_refund")
}

// mustParse is a helper of this package.
func mustParse(s string) clinic.Permission { // want mustParse:"reads names: param 0: a permission key or display name"
	p, err := clinic.Parse(s)
	if err != nil {
		panic(err)
	}
	return p
}
