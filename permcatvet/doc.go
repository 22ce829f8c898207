// Package permcatvet defines an analyzer that checks code using the
// packages permcat generates. A generated catalog makes the right check
// easy; it cannot stop a caller from making the wrong one, and the most
// dangerous wrong one looks right in review:
//
//	granted.Has(perms.PaymentRefund) // on a Set loaded from storage
//
// asks whether the box was ticked, not whether the user may refund: it
// ignores the permission's prerequisites (revoked since) and feature gates.
// [Analyzer] reports it and three other classes of mistake.
//
// # Recognising a catalog
//
// A package is a catalog when one of its files starts with permcat's
// generated header and a "// source:" line, whatever the package, its
// permission type or its import path are called. When the analyzer runs
// over such a package (go vet and the checkers run fact-producing
// analyzers over every dependency), it reads the permission constants and
// their IDs from the package's types, then the keys, display names,
// deprecations and retired keys and IDs from the spec the source line
// names, resolved against the generated file's directory. If the spec
// cannot be read, or declares other constants than the code has (the code
// is stale), it says so on the generated file's header, and the checks
// that need names are off for that catalog; the others still run. The
// result is exported to importers as a fact. The catalog package itself is
// not checked.
//
// # Checks
//
// ticked: Has, HasAll or HasAny (called, or taken as a method value) on a
// Set that may hold grants as stored. The analyzer follows each Set value
// back through assignments, φ-nodes, closures, calls within the package
// and the facts of other packages (go/ssa), and classifies where it can
// come from:
//
//   - effective: a result of Effective, or a subset of an effective Set
//     (Intersect with one, Minus, Without, Revoke): every member is a
//     permission its holder may use;
//   - descriptive: a Set that describes the catalog, not a user: Universe,
//     Missing, Migrate, Permission.Requires and RequiredBy, and
//     Role, Group and Flag Permissions;
//   - granted: anything else. That includes the Set decoders, anything
//     filled through a pointer (Scan, UnmarshalJSON, json.Unmarshal,
//     Row.Scan, an adapter such as a future perms.Keys(&s)), Of, Grant,
//     With, composite literals, conversions, map and slice elements,
//     interface calls, exported struct fields and package variables, the
//     parameters of exported functions and function literals, and the
//     result of any function not known to return an effective Set.
//
// A Has is reported when a granted origin can reach its receiver; the
// message names the first one found. What is followed, so that a safe Set
// stays safe: local variables, including those captured by closures; the
// results of the package's functions, and of other packages' functions
// through facts; the parameters of unexported functions that are only
// ever called directly (their arguments are joined); unexported struct
// fields and package variables of the package (nothing outside it can set
// them: reflection cannot, encoding/json and database/sql skip them).
//
// Generic code is followed as written, not per instance: the parameters
// of a generic function count as granted, and a Has called through a type
// parameter's constraint is not seen.
//
// A new member of the generated API that returns a Set counts as granted
// until it gets a line in the table of result rules; a function or method
// that fills a *Set argument is granted without any change.
//
// False-positive policy: the check reports only what it can justify with
// an origin, and names it. It does not report Has in _test.go files,
// which assert set contents on purpose, nor on Sets whose every origin is
// effective or descriptive; and what tests pass to a function or store in
// a field does not count against the production code that reads it. Everything it cannot follow (an exported
// field, a map element, an interface method) is treated as granted: a
// granted Set mistaken for an effective one is a security bug, the
// reverse costs a directive. Where "is the box ticked" is the question
// (an admin screen showing checkboxes), say so:
//
//	//permcat:ticked the admin screen shows what is stored
//
// on the line, the line above, or in the doc comment of the function. For
// a catalog without features the fix s.Has(p) → Can(s, p) is mechanical
// and is offered as a suggested fix.
//
// names: a constant string that names nothing, given to Parse (a key or
// display name), Migrate (a retired key), ParseFeatures (feature keys),
// Permission.UnmarshalText, Set.UnmarshalText and Set.UnmarshalJSON (and
// json.Unmarshal into a Set), or to a helper that passes its parameter
// unchanged to one of them (a MustParse, found in any package and
// exported as a fact). Each report says what the argument must hold and
// suggests the nearest valid name; for a single name the suggestion is a
// fix. Retired keys given to Parse, current keys given to Migrate and
// display names in encoded Sets are reported with what to use instead.
// Not reported in _test.go files, which pass unknown names on purpose.
//
// ids: a constant number of a catalog's permission type that is not one
// of its named constants (perms.Permission(7), a literal 7 passed as a
// permission, case 7:): the report names the constant with that ID, with a
// fix, or says the ID is reserved or unknown. The literal 0 is the zero
// value, "no permission", and is not reported unless a permission has ID
// 0. Also Set literals written as words of bits (perms.Set{0: 0x6}, with
// a fix to Of(...)), constants written into a Set's words (s[0] |= 1<<7)
// and Features written as numbers (perms.Features(1)). In _test.go files
// only numbers that name valid permissions or features are reported
// (the fix is mechanical); tests build invalid values on purpose.
//
// deprecated: a constant string above that names a deprecated permission
// (staticcheck reports uses of the deprecated constant, but cannot see a
// name in a string); raw IDs of deprecated permissions say so too.
//
// # Directives
//
// //permcat:ticked <reason> covers the ticked check, //permcat:ignore
// <reason> any diagnostic of the analyzer. A directive covers the line it
// ends, or the next line when it stands alone on its line; ticked also
// covers a whole function from its doc comment. A directive without a
// reason, an unknown one, and one that covers nothing are reported.
//
// # Running it
//
// cmd/permcatvet runs the analyzer alone (permcatvet ./..., with -fix to
// apply the suggested fixes) or under go vet (go vet
// -vettool=$(which permcatvet) ./...). To combine it with other analyzers,
// add [Analyzer] to a multichecker:
//
//	multichecker.Main(permcatvet.Analyzer, nilness.Analyzer)
//
// golangci-lint loads it through its module plugin system. This package
// does not depend on golangci-lint; the plugin is a small package of your
// own, which does:
//
//	package permcatplugin
//
//	import (
//		"github.com/golangci/plugin-module-register/register"
//		"github.com/permcat/permcat/permcatvet"
//		"golang.org/x/tools/go/analysis"
//	)
//
//	func init() { register.Plugin("permcatvet", New) }
//
//	func New(any) (register.LinterPlugin, error) { return plugin{}, nil }
//
//	type plugin struct{}
//
//	func (plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
//		return []*analysis.Analyzer{permcatvet.Analyzer}, nil
//	}
//
//	// The analyzer needs types, and facts from the packages it imports.
//	func (plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
//
// Name that package under plugins in .custom-gcl.yml, build the custom
// binary with golangci-lint custom, and enable the linter as
// linters.settings.custom.permcatvet with type: module in .golangci.yml.
package permcatvet
