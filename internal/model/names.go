package model

// GeneratedNames lists the package-level identifiers every generated package
// may declare besides the catalog's own constants. A permission, group,
// flag, feature or role whose Go name equals one of them is an error, since
// the generated package would not compile. The generator's tests check that
// it declares nothing outside this list and the catalog's names.
var GeneratedNames = []string{
	"Set", "Group", "Flag", "Features", "Role",
	"Of", "Parse", "All", "Universe", "Effective", "Can", "Blockers", "Grant", "Revoke", "Missing",
	"Migrate", "Groups", "Flags", "Roles", "ParseFeatures", "ErrUnknown",
	"Column", "Keys", "JSON", "IDArray", "KeyArray", "Word", "Bitmask", "OfIDs",
}

// PermissionMethods lists the methods of the generated permission type. An
// attribute's accessor method must not take one of these names.
var PermissionMethods = []string{
	"String", "Key", "Name", "Description", "Group", "IsValid", "Requires",
	"RequiredBy", "HasFlag", "Gates", "MarshalText", "UnmarshalText", "AppendText",
}
