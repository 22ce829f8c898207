// Package setcode holds the part of every generated package that does not
// depend on the catalog: the encodings of a Set (text, JSON, binary), its
// SQL Scanner and Valuer, and the column adapters. It is written as real Go,
// compiled and unit-tested here against a stand-in catalog (standin.go),
// and copied into each generated package by the generator, which renames
// the permission type and the package prefix of error messages on the way.
//
// Rules for the files listed in [Files]:
//   - they may refer to the stand-in's names (Set, Permission, universe,
//     retired, permKeys, byKey, Migrate, retiredKey, quote, ErrUnknown,
//     catalogName, maxInput and the Set's unexported methods), which every
//     generated package declares with the same meaning;
//   - the permission type is named Permission and nothing else is;
//   - error messages start with "setcode: ", replaced by the generated
//     package's name;
//   - a declaration whose doc comment holds the directive
//     //permcat:oneword is emitted only for catalogs whose Set is one word;
//   - every exported name they declare is listed in model.GeneratedNames, so
//     that no permission can take it.
package setcode

import "embed"

// Files are the source files the generator copies, in the order it emits
// them.
//
//go:embed set.go permission.go checks.go codec.go column.go
var Files embed.FS

// FileNames lists Files in emission order.
var FileNames = []string{"set.go", "permission.go", "checks.go", "codec.go", "column.go"}
