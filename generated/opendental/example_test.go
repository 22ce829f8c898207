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

// Missing says what ticking a permission's box grants besides it: the
// prerequisites the user lacks.
func ExampleMissing() {
	granted := opendental.Of(opendental.ProcExistingEdit, opendental.ProcCompleteNote)
	fmt.Println(opendental.Missing(granted, opendental.ProcExistingEdit))
	fmt.Println(opendental.Missing(granted, opendental.ProcCompleteNote))
	// Output:
	// {ProcCompleteAddAdj, ProcCompleteEditMisc}
	// {}
}

// Blockers says everything that keeps a permission from taking effect: the
// permission itself and its prerequisites when they are not granted, and
// the features that are off. Here Student Edit is granted, but it needs
// Provider Add and the dental schools feature.
func ExampleBlockers() {
	granted := opendental.Of(opendental.AdminDentalStudents)
	missing, off := opendental.Blockers(granted, opendental.AdminDentalStudents, opendental.FeatureCloud)
	fmt.Printf("missing %v, off %q\n", missing, off)
	fmt.Println(opendental.Can(granted, opendental.AdminDentalStudents, opendental.FeatureCloud))

	granted = granted.Union(missing)
	enabled := opendental.FeatureCloud | off
	missing, off = opendental.Blockers(granted, opendental.AdminDentalStudents, enabled)
	fmt.Printf("missing %v, off %q\n", missing, off)
	fmt.Println(opendental.Can(granted, opendental.AdminDentalStudents, enabled))
	// Output:
	// missing {ProviderAdd}, off "dental_schools"
	// false
	// missing {}, off ""
	// true
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

// In SQL a Set is stored in its binary form, which names its catalog and
// its length, in a bytea or BLOB column. Scan reads that form back, and
// keys or JSON from a text column; it never reads text, or an integer, as
// bits.
func ExampleSet_Scan() {
	v, _ := opendental.Of(opendental.Setup, opendental.CommlogEdit).Value()
	fmt.Printf("%q\n", v)

	var s opendental.Set
	fmt.Println(s.Scan(v), s)
	fmt.Println(s.Scan([]byte("ProviderAdd, Setup")), s)
	fmt.Println(s.Scan(int64(8)))
	// Output:
	// "\xffPS\x01\nopendental\x06\x00\x01\x00\x00\x00\b"
	// <nil> {Setup, CommlogEdit}
	// <nil> {Setup, ProviderAdd}
	// opendental: cannot scan integer 8 into a Set: its permissions do not fit in an integer; store a Set as bytes (Value), keys (Keys) or JSON (JSON)
}

// A column of another type takes an adapter that writes and reads the form
// that type holds: keys for text and varchar, a JSON array for json and
// jsonb, and PostgreSQL arrays of IDs or keys.
func ExampleKeys() {
	s := opendental.Of(opendental.Setup, opendental.CommlogEdit)
	for _, column := range []func(*opendental.Set) opendental.Column{opendental.Keys, opendental.JSON, opendental.IDArray, opendental.KeyArray} {
		v, _ := column(&s).Value()
		var back opendental.Set
		fmt.Println(v, column(&back).Scan(v), back == s)
	}
	// A text column holding JSON is an error, not another Set.
	var back opendental.Set
	fmt.Println(opendental.Keys(&back).Scan(`["Setup"]`))
	// Output:
	// Setup,CommlogEdit <nil> true
	// ["Setup","CommlogEdit"] <nil> true
	// {8,43} <nil> true
	// {"Setup","CommlogEdit"} <nil> true
	// opendental: a column of keys holds the JSON form of a Set: scan it into the Set itself
}

// Open Dental stores one grouppermission row per granted permission, its
// PermType being the permission's ID. OfIDs turns the rows' IDs into a Set;
// a retired ID reads as nothing, an unknown one is an error.
func ExampleOfIDs() {
	s, err := opendental.OfIDs(8, 43, 50)
	fmt.Println(s, err)
	for p := range s.All() {
		fmt.Println(int64(p), p.Key())
	}
	_, err = opendental.OfIDs(8, 4000)
	fmt.Println(err)
	// Output:
	// {Setup, CommlogEdit} <nil>
	// 8 Setup
	// 43 CommlogEdit
	// opendental: unknown permission ID 4000
}
