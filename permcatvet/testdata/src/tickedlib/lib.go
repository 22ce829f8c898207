// Package tickedlib returns Sets to package ticked, which sees what they
// hold only through the facts exported here.
package tickedlib

import (
	"encoding/json"

	"clinic"
)

// Allowed returns what a user may do.
func Allowed(doc []byte, on clinic.Features) (clinic.Set, error) { // want Allowed:"safe results \\[0\\]" Allowed:"reads names: param 0: a JSON array of permission keys"
	var granted clinic.Set
	if err := json.Unmarshal(doc, &granted); err != nil {
		return clinic.Set{}, err
	}
	return clinic.Effective(granted, on), nil
}

// Stored returns the grants as stored.
func Stored(doc []byte) (clinic.Set, error) { // want Stored:"reads names: param 0: a JSON array of permission keys"
	var granted clinic.Set
	err := granted.UnmarshalJSON(doc)
	return granted, err
}

// Audited describes the catalog: the permissions written to the audit log.
func Audited() clinic.Set { // want Audited:"safe results \\[0\\]"
	return clinic.FlagAudited.Permissions()
}
