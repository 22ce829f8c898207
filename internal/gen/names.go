package gen

import (
	"fmt"
	"go/types"
	"slices"

	"github.com/permcat/permcat/internal/model"
)

// importPaths are the standard library packages the output imports.
// jennifer drops those the code does not use.
var importPaths = []string{
	"bytes", "database/sql/driver", "encoding/binary", "encoding/json", "errors", "fmt",
	"iter", "math/bits", "slices", "strconv", "strings", "sync", "sync/atomic",
}

// UnexportedNames lists every unexported package-level identifier a
// generated package may declare. None is derived from the spec: the
// generator derives only exported names from it (constants, accessor
// methods), and keeps attribute values in an array field rather than in
// tables named after the attributes, so a spec name can collide with none
// of these. TestOutputDeclaresOnlyWhatTheSpecAsks checks every output
// against this list.
var UnexportedNames = []string{
	// The catalog's data and the names copied setcode reads.
	"permEntry", "permTable", "retiredIDs", "typeName", "catalogName", "maxInput",
	"gates", "byKey", "byName", "lookupIndex", "sortedBy", "search", "entryKey", "entryName", "buildLookupIndex",
	"flagEntry", "flagTable", "flagSets", "groupEntry", "groupTable", "groupSets",
	"roleEntry", "roleTable", "roleSets", "roleMembers", "roleIncludes", "featureKeys", "retiredKey",
	// Declared by internal/setcode.
	"universe", "retired", "quote",
	"closure", "closureWord", "constrained", "requiresCache", "requiredByCache", "noClosure", "requiresOf", "requiredByOf",
	"directRequires", "reverseEdges", "directRequiredBy", "walk", "can", "effective", "blockers",
	"formText", "formJSON", "formBinary", "formOf", "formName", "skipSpace", "binaryMagic",
	"setOfBits", "uvarint", "columnForm", "columnKeys", "columnJSON", "columnIDArray", "columnKeyArray",
	"columnWord", "columnBitmask", "errNilColumn", "parseArray",
}

// checkNames refuses, with a message about the spec, the names the
// loader lets through but the generated package cannot declare: a
// permission type named like a predeclared identifier (string, error,
// any, ...) would shadow it in code that uses it, and one named like a
// fixed declaration would be declared twice.
func checkNames(c *model.Catalog) error {
	if types.Universe.Lookup(c.Type) != nil {
		return fmt.Errorf("%s: catalog.type %q is a predeclared Go identifier, which the generated code needs; choose another name, such as Permission", c.Path, c.Type)
	}
	if slices.Contains(UnexportedNames, c.Type) || slices.Contains(model.GeneratedNames, c.Type) {
		return fmt.Errorf("%s: catalog.type %q is the name of a declaration every generated package has; choose another name, such as Permission", c.Path, c.Type)
	}
	return nil
}

// EstimateSize returns an upper bound, in bytes, of the Go source
// Generate writes for c, computed from the lengths of the spec's texts
// without building anything: each text counted as many times as the
// output repeats it, quoted at worst four bytes a byte.
func EstimateSize(c *model.Catalog) int {
	const fixed = 256 << 10 // the code that does not grow with the catalog
	n := fixed
	text := func(s string) int { return 4*len(s) + 8 }
	paths := make(map[*model.Group]int, len(c.Groups))
	for _, g := range c.Groups {
		paths[g] = text(g.Title) + text(groupPath(g))
	}
	for _, p := range c.Permissions {
		n += 512 + text(p.Key)*2 + text(p.Name)*3 + text(p.Description)*2 + text(p.Deprecated) + 6*len(p.GoName)
		n += paths[p.Group] // 0 for no group
		for _, e := range p.Requires {
			n += 2*len(e.To.GoName) + text(e.Reason) + 16
		}
		for _, a := range p.Attributes {
			n += 2*text(a.Value) + len(a.Attribute.Key)
		}
		for _, f := range p.Flags {
			n += 2*len(f.GoName) + 8
		}
		for _, g := range p.Gates {
			n += len(g.GoName) + 8
		}
		for _, r := range p.Replaces {
			n += text(r) + 8
		}
	}
	for _, g := range c.Groups {
		n += 256 + 3*text(g.Title) + text(g.Description)
	}
	for _, r := range c.Roles {
		n += 256 + text(r.Title) + text(r.Description) + 2*len(r.GoName)
		for _, p := range r.Own {
			n += len(p.GoName) + 8
		}
		for _, in := range r.Includes {
			n += len(in.GoName) + 8
		}
	}
	for _, f := range c.Flags {
		n += 256 + 2*text(f.Description)
	}
	for _, f := range c.Features {
		n += 256 + 2*text(f.Description)
	}
	for _, a := range c.Attributes {
		n += 256 + text(a.Description)
	}
	for _, l := range c.Legacy {
		n += 64 + text(l.Key)
		for _, p := range l.By {
			n += len(p.GoName) + 8
		}
	}
	return n
}
