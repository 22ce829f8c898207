package directive

import "clinic"

func load(v any) clinic.Set {
	var s clinic.Set
	_ = s.Scan(v)
	return s
}

// screen shows the checkboxes of the admin screen.
//
//permcat:ticked the screen shows what is stored, ticked or not
func screen(v any) []bool {
	s := load(v)
	return []bool{s.Has(clinic.PatientView), s.Has(clinic.PaymentView)}
}

func lines(v any) (bool, bool, bool) {
	s := load(v)
	a := s.Has(clinic.PatientView) //permcat:ticked exported as the stored value
	//permcat:ticked the audit log records the box as stored
	b := s.Has(clinic.PaymentView)
	c := s.Has(clinic.PaymentRefund) // want `s.Has asks whether the box is ticked`
	return a, b, c
}

func ignored(v any) clinic.Permission {
	return clinic.Permission(13) //permcat:ignore the migration test needs an invalid value
}

func tickedDoesNotCoverOtherChecks() clinic.Permission {
	return clinic.Permission(13) //permcat:ticked wrong directive // want `no clinic.Permission has ID 13` `//permcat:ticked covers no permcatvet diagnostic; remove it`
}

func malformed(v any) bool {
	s := load(v)
	// want +1 `//permcat:ticked needs a reason`
	//permcat:ticked
	a := s.Has(clinic.PatientView) // want `s.Has asks whether the box is ticked`
	b := s.Has(clinic.PatientView) //permcat:tick it is the screen // want `unknown directive //permcat:tick; the directives are //permcat:ticked <reason> and //permcat:ignore <reason>` `s.Has asks whether the box is ticked`
	return a && b
}

//permcat:ticked nothing here asks Has // want `//permcat:ticked covers no permcatvet diagnostic; remove it`
func unused() {}

//permcat:ignore a whole function // want `//permcat:ignore covers one line, not a function; put it on the line it silences`
func ignoreFunc() {}
