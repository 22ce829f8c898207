package pbn_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/permcat/permcat/generated/pbn"
)

// Parse accepts a permission's key or its display name, exactly as written.
// A retired key is refused with a hint: Migrate maps it.
func ExampleParse() {
	p, err := pbn.Parse("delete_messages_from_communication_center")
	fmt.Println(p, err)
	p, err = pbn.Parse("Respond to patient messages")
	fmt.Println(p.Key(), uint8(p), p.Group().Title())
	_, err = pbn.Parse("set_goals")
	fmt.Println(errors.Is(err, pbn.ErrUnknown), err)
	// Output:
	// delete_messages_from_communication_center <nil>
	// respond_to_patient_messages 22 Communication
	// true pbn: unknown permission "set_goals": the key is retired; Migrate maps it to its replacements
}

// Effective is what a user may do: a granted permission takes effect only
// together with everything it requires (PbN's "Blocked By").
func ExampleEffective() {
	granted := pbn.Of(pbn.DeleteMessagesFromCommunicationCenter, pbn.AccessCommunicationCenter)
	fmt.Println(pbn.Effective(granted))
	fmt.Println(pbn.Can(granted, pbn.DeleteMessagesFromCommunicationCenter))

	granted = granted.With(pbn.RespondToPatientMessages)
	fmt.Println(pbn.Can(granted, pbn.DeleteMessagesFromCommunicationCenter))
	// Output:
	// {access_communication_center}
	// false
	// true
}

// Grant is ticking a box in the admin screen: the permission comes with
// everything it requires.
func ExampleGrant() {
	s := pbn.Grant(pbn.Set{}, pbn.DeleteMessagesFromCommunicationCenter)
	fmt.Println(s)
	fmt.Println(pbn.DeleteMessagesFromCommunicationCenter.Requires())
	// Output:
	// {access_communication_center, respond_to_patient_messages, delete_messages_from_communication_center}
	// {access_communication_center, respond_to_patient_messages}
}

// Revoke is unticking a box: whatever is blocked without the permission
// goes too.
func ExampleRevoke() {
	s := pbn.Grant(pbn.Set{}, pbn.DeleteMessagesFromCommunicationCenter)
	fmt.Println(pbn.Revoke(s, pbn.RespondToPatientMessages))
	fmt.Println(pbn.Revoke(s, pbn.AccessCommunicationCenter))
	// Output:
	// {access_communication_center}
	// {}
}

// Missing says what ticking a permission's box grants besides it: the
// prerequisites the user lacks.
func ExampleMissing() {
	granted := pbn.Of(pbn.DeleteMessagesFromCommunicationCenter, pbn.AccessCommunicationCenter)
	fmt.Println(pbn.Missing(granted, pbn.DeleteMessagesFromCommunicationCenter))
	fmt.Println(pbn.Missing(granted, pbn.AccessCommunicationCenter))
	// Output:
	// {respond_to_patient_messages}
	// {}
}

// Blockers says everything that keeps a permission from taking effect:
// the permission itself and its prerequisites, when they are not granted.
func ExampleBlockers() {
	granted := pbn.Of(pbn.DeleteMessagesFromCommunicationCenter)
	fmt.Println(pbn.Blockers(granted, pbn.DeleteMessagesFromCommunicationCenter))
	fmt.Println(pbn.Blockers(granted, pbn.AccessCommunicationCenter))
	// Output:
	// {access_communication_center, respond_to_patient_messages}
	// {access_communication_center}
}

// Migrate maps a retired key to the permissions that replaced it: one for a
// renamed permission, several for a split one.
func ExampleMigrate() {
	for _, old := range []string{"set_goals", "manage_user_logins_and_access_privileges", "use_patient_search"} {
		s, ok := pbn.Migrate(old)
		fmt.Println(old, "->", s, ok)
	}
	// Output:
	// set_goals -> {edit_and_set_practice_goals} true
	// manage_user_logins_and_access_privileges -> {can_view_user_accounts, can_edit_user_accounts} true
	// use_patient_search -> {} false
}

// Each group is a Set: the permissions of a component of the product,
// including those of its sub-groups.
func ExampleGroup_Permissions() {
	granted := pbn.Grant(pbn.Set{}, pbn.RunInsuranceVerification).With(pbn.AccessTeamMessaging)
	fmt.Println(granted.Intersect(pbn.GroupInsurance.Permissions()))
	fmt.Println(pbn.GroupInsurance.Parent(), pbn.GroupGeneral.Permissions().HasAll(pbn.GroupInsurance.Permissions()))
	// Output:
	// {run_insurance_verification, view_insurance_dashboard}
	// general true
}

// A Set is stored in JSON as an array of keys. Decoding migrates retired
// keys, so grants stored before a rename or split keep their meaning, and
// rejects unknown keys rather than dropping them.
func ExampleSet_MarshalJSON() {
	type user struct {
		Name   string  `json:"name"`
		Grants pbn.Set `json:"grants"`
	}
	b, _ := json.Marshal(user{"Ann", pbn.Of(pbn.UsePatientSearch, pbn.ViewPatientWindow)})
	fmt.Println(string(b))

	var u user
	old := `{"name":"Bob","grants":["use_patient_search","manage_user_logins_and_access_privileges"]}`
	fmt.Println(json.Unmarshal([]byte(old), &u), u.Grants)
	b, _ = json.Marshal(u)
	fmt.Println(string(b))
	fmt.Println(json.Unmarshal([]byte(`{"grants":["root"]}`), &u))
	// Output:
	// {"name":"Ann","grants":["view_patient_window","use_patient_search"]}
	// <nil> {use_patient_search, can_view_user_accounts, can_edit_user_accounts}
	// {"name":"Bob","grants":["use_patient_search","can_view_user_accounts","can_edit_user_accounts"]}
	// pbn: unknown permission "root" in set
}
