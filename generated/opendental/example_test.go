package opendental_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/permcat/permcat/generated/opendental"
)

// Parse accepts a permission's key or its display name, exactly as written.
func ExampleParse() {
	p, err := opendental.Parse("ProcExistingEdit")
	fmt.Println(p, err)
	p, err = opendental.Parse("Edit EO or EC Procedures")
	fmt.Println(p.Key(), p.Name(), uint8(p), p.Group().Title())
	_, err = opendental.Parse("procexistingedit")
	fmt.Println(errors.Is(err, opendental.ErrUnknown), err)
	// Output:
	// ProcExistingEdit <nil>
	// ProcExistingEdit Edit EO or EC Procedures 163 Procedure
	// true opendental: unknown permission "procexistingedit"
}

// Effective is what a user may do: a granted permission takes effect only
// with everything it requires, and only when its features are enabled.
func ExampleEffective() {
	granted := opendental.Of(opendental.ProcExistingEdit, opendental.ProcCompleteNote)
	fmt.Println(opendental.Effective(granted, 0))

	// Student Edit requires Provider Add, and exists only in dental schools.
	granted = opendental.Of(opendental.AdminDentalStudents, opendental.ProviderAdd)
	fmt.Println(opendental.Effective(granted, 0))
	fmt.Println(opendental.Effective(granted, opendental.FeatureDentalSchools))
	fmt.Println(opendental.Can(granted, opendental.AdminDentalStudents, opendental.FeatureDentalSchools))
	// Output:
	// {ProcCompleteNote}
	// {ProviderAdd}
	// {AdminDentalStudents, ProviderAdd}
	// true
}

// Grant is ticking a box in the admin screen: the permission comes with
// everything it requires.
func ExampleGrant() {
	s := opendental.Grant(opendental.Set{}, opendental.ProcExistingEdit)
	fmt.Println(s)
	fmt.Println(opendental.Effective(s, 0) == s)
	// Output:
	// {ProcExistingEdit, ProcCompleteAddAdj, ProcCompleteEditMisc, ProcCompleteNote}
	// true
}

// Revoke is unticking a box: "Unchecking this permission also unchecks
// 'Edit EO or EC Procedures'."
func ExampleRevoke() {
	s := opendental.Grant(opendental.Set{}, opendental.ProcExistingEdit)
	s = opendental.Revoke(s, opendental.ProcCompleteNote)
	fmt.Println(s)
	fmt.Println(opendental.ProcCompleteNote.RequiredBy())
	// Output:
	// {ProcCompleteAddAdj, ProcCompleteEditMisc}
	// {ProcExistingEdit}
}

// Missing says what blocks a permission, for an admin screen to show.
func ExampleMissing() {
	granted := opendental.Of(opendental.ProcExistingEdit, opendental.ProcCompleteNote)
	fmt.Println(opendental.Missing(granted, opendental.ProcExistingEdit))
	fmt.Println(opendental.Missing(granted, opendental.ProcCompleteNote))
	// Output:
	// {ProcCompleteAddAdj, ProcCompleteEditMisc}
	// {}
}

// Each flag of the spec is a Set: intersect it with what a user may do to
// find the actions a lock date restricts, and the date field each one checks.
func ExampleFlag_Permissions() {
	granted := opendental.Of(opendental.CommlogEdit, opendental.PaymentCreate, opendental.ProcEditShowFee)
	locked := opendental.Effective(granted, 0).Intersect(opendental.FlagGlobalLockDate.Permissions())
	for p := range locked.All() {
		fmt.Println(p, p.DateField())
	}
	fmt.Println(opendental.ProcEditShowFee.HasFlag(opendental.FlagGlobalLockDate))
	// Output:
	// PaymentCreate PaymentDate
	// CommlogEdit CommDateTime
	// false
}

// A Set is stored in JSON as an array of keys. Decoding rejects an unknown
// key rather than dropping it.
func ExampleSet_MarshalJSON() {
	type user struct {
		Name   string         `json:"name"`
		Grants opendental.Set `json:"grants"`
	}
	b, _ := json.Marshal(user{"Ann", opendental.Of(opendental.ProcCompleteNote, opendental.CommlogEdit)})
	fmt.Println(string(b))

	var u user
	fmt.Println(json.Unmarshal([]byte(`{"name":"Bob","grants":["CommlogEdit"]}`), &u), u.Grants)
	fmt.Println(json.Unmarshal([]byte(`{"name":"Eve","grants":["CommlogEdit","Superuser"]}`), &u))
	// Output:
	// {"name":"Ann","grants":["CommlogEdit","ProcCompleteNote"]}
	// <nil> {CommlogEdit}
	// opendental: unknown permission "Superuser" in set
}

// In SQL a Set is stored as a fixed-width bitmask (bit ID%8 of byte ID/8),
// and Scan reads it back, or a comma-separated text column.
func ExampleSet_Scan() {
	v, _ := opendental.Of(opendental.Setup, opendental.CommlogEdit).Value()
	b := v.([]byte)
	fmt.Println(len(b), b[1], b[5])

	var s opendental.Set
	fmt.Println(s.Scan(b), s)
	fmt.Println(s.Scan("ProviderAdd, Setup"), s)
	// Output:
	// 32 1 8
	// <nil> {Setup, CommlogEdit}
	// <nil> {Setup, ProviderAdd}
}
