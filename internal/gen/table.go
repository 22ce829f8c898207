package gen

import (
	doccomment "go/doc/comment"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/permcat/permcat/internal/model"
)

// The tables that grow with the catalog are written here directly, as
// gofmt formats them, instead of through jennifer and go/format: at 20,000
// permissions formatting them took a third of the generator's time. The
// forms are chosen so that gofmt has nothing to align across entries, which
// is also what keeps their diffs small:
//
//   - every constant has a doc comment, so no two ValueSpecs of a const
//     block are adjacent and none is aligned with another;
//   - every table entry spans several lines, so no two entries' keys are
//     aligned; inside an entry, the one-line fields are aligned with each
//     other only, as gofmt does, and a multi-line field comes last;
//   - comments inside blocks are indented, which gofmt leaves as they are;
//     top-level doc comments go through go/doc/comment as gofmt's do.
//
// TestTablesAreGofmtStable runs gofmt over outputs that exercise every
// form, including hostile text.

// docComment renders text as a top-level doc comment, normalised as gofmt
// normalises doc comments.
func docComment(text string) string {
	lines := commentString(text)
	var b strings.Builder
	for line := range strings.SplitSeq(lines, "\n") {
		b.WriteString(strings.TrimPrefix(strings.TrimPrefix(line, "//"), " "))
		b.WriteByte('\n')
	}
	var p doccomment.Parser
	var pr doccomment.Printer
	text = strings.TrimSuffix(string(pr.Comment(p.Parse(b.String()))), "\n")
	var out strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			out.WriteByte('\n')
		}
		if line == "" {
			out.WriteString("//")
		} else {
			out.WriteString("// ")
			out.WriteString(line)
		}
	}
	return out.String()
}

// indentComment renders text as a comment indented by tabs.
func indentComment(b *strings.Builder, tabs, text string) {
	writeComment(b, tabs, text)
}

// field is one key: value line of a composite literal entry.
type field struct {
	key, value string
	multiLine  bool
}

// writeFields writes the fields of an entry (or the entries of a table)
// at the given indentation, one per line, aligning the values of each run
// of one-line fields as gofmt does. The rule is go/printer's exprList: a
// field that spans lines, or whose line is too long for gofmt to measure,
// ends a run; so does a key much longer or shorter than the run's keys
// before it, when either key is longer than 40 bytes.
func writeFields(b *strings.Builder, tabs string, fields []field) {
	const (
		infinity  = 1e6 // go/printer's limit on the size of one line
		smallSize = 40
		ratioCut  = 2.5
	)
	sizes := make([]int, len(fields))
	breakBefore := make([]bool, len(fields))
	size, count, lnsum := 0, 0, 0.0
	for i, f := range fields {
		prevSize := size
		size = 0
		if !f.multiLine && len(f.key)+2+len(f.value) <= infinity {
			size = len(f.key)
		}
		useFF := true
		if prevSize > 0 && size > 0 {
			if count == 0 || prevSize <= smallSize && size <= smallSize {
				useFF = false
			} else {
				geomean := math.Exp(lnsum / float64(count))
				ratio := float64(size) / geomean
				useFF = ratioCut*ratio <= 1 || ratioCut <= ratio
			}
		}
		breakBefore[i] = useFF
		sizes[i] = size
		if size > 0 {
			lnsum += math.Log(float64(size))
			count++
		}
	}
	for i := 0; i < len(fields); {
		j, width := i+1, utf8.RuneCountInString(fields[i].key)
		if sizes[i] > 0 {
			for j < len(fields) && sizes[j] > 0 && !breakBefore[j] {
				width = max(width, utf8.RuneCountInString(fields[j].key))
				j++
			}
		}
		for _, f := range fields[i:j] {
			b.WriteString(tabs)
			b.WriteString(f.key)
			b.WriteByte(':')
			b.WriteString(strings.Repeat(" ", width-utf8.RuneCountInString(f.key)+1))
			b.WriteString(f.value)
			b.WriteString(",\n")
		}
		i = j
	}
}

// nameList renders names one per line, as the value of a multi-line field
// or entry: "T{\n\tA,\n\tB,\n}" at the given indentation.
func nameList(b *strings.Builder, typ, tabs string, names []string) {
	b.WriteString(typ)
	if len(names) == 0 {
		b.WriteString("{}")
		return
	}
	b.WriteString("{\n")
	for _, n := range names {
		b.WriteString(tabs)
		b.WriteString("\t")
		b.WriteString(n)
		b.WriteString(",\n")
	}
	b.WriteString(tabs)
	b.WriteString("}")
}

// quote is strconv.Quote, which leaves printable ASCII other than the
// quote and the backslash as it is.
func quote(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			return strconv.Quote(s)
		}
	}
	return `"` + s + `"`
}

// tableSize estimates the bytes of a table that writes perEntry bytes of
// its own for each permission besides its texts, so that the table is
// built without copying it as it grows: a little more than the constants
// and the permission table take (325 and 345 bytes a permission for the
// synthetic catalogs, whose texts take 200).
func (g *generator) tableSize(perEntry int) int {
	n := 0
	for _, p := range g.c.Permissions {
		n += perEntry + len(p.Key) + len(p.GoName) + 2*len(p.Name) + 2*len(p.Description) + len(p.Deprecated)
		for _, e := range p.Requires {
			n += len(e.To.GoName) + len(e.Reason) + 8
		}
	}
	return n
}

// constBlocks declares the permission constants in spec order, one const
// block per run of permissions of the same group, each constant under its
// doc comment.
func (g *generator) constBlocks() string {
	var b strings.Builder
	b.Grow(g.tableSize(64))
	ps := g.c.Permissions
	for i := 0; i < len(ps); {
		j := i + 1
		for j < len(ps) && ps[j].Group == ps[i].Group {
			j++
		}
		if i > 0 {
			b.WriteString("\n\n")
		}
		if ps[i].Group != nil {
			b.WriteString(docComment("Permissions of group " + oneLine(groupPath(ps[i].Group)) + "."))
		} else {
			b.WriteString(docComment("The permissions of the catalog."))
		}
		b.WriteString("\nconst (\n")
		for _, p := range ps[i:j] {
			indentComment(&b, "\t", g.permissionDoc(p))
			b.WriteString("\t")
			b.WriteString(p.GoName)
			b.WriteString(" ")
			b.WriteString(g.typ)
			b.WriteString(" = ")
			b.WriteString(strconv.Itoa(p.ID))
			b.WriteString("\n")
		}
		b.WriteString(")")
		i = j
	}
	return b.String()
}

// permTable declares permTable: what the spec says about each permission,
// in an entry keyed by its constant. Entries follow ID order; the array's
// length is the largest ID plus one, and IDs without a permission hold the
// zero entry.
func (g *generator) permTable() string {
	var b strings.Builder
	b.Grow(g.tableSize(96))
	b.WriteString(docComment("permTable holds what the spec says about each permission, by ID: the source of every accessor, lookup and check. Entries are keyed by the constants; IDs that name no permission hold the zero entry."))
	b.WriteString("\nvar permTable = [...]permEntry{\n")
	fields := make([]field, 0, 10)
	var attrs []string
	for _, p := range g.c.ByID {
		fields = fields[:0]
		fields = append(fields,
			field{key: "key", value: quote(p.Key)},
			field{key: "name", value: quote(p.Name)})
		if p.Description != "" {
			fields = append(fields, field{key: "description", value: quote(p.Description)})
		}
		if p.Group != nil {
			fields = append(fields, field{key: "group", value: p.Group.GoName})
		}
		if p.Feature != nil {
			fields = append(fields, field{key: "feature", value: p.Feature.GoName})
		}
		if len(p.Flags) > 0 {
			names := make([]string, len(p.Flags))
			for i, fl := range p.Flags {
				names[i] = fl.GoName
			}
			fields = append(fields, field{key: "flags", value: "[]Flag{" + strings.Join(names, ", ") + "}"})
		}
		if len(p.Attributes) > 0 {
			attrs = attrs[:0]
			last := 0
			for i, a := range g.c.Attributes {
				v := p.Attribute(a)
				attrs = append(attrs, quote(v))
				if v != "" {
					last = i + 1
				}
			}
			fields = append(fields, field{key: "attributes", value: "[" + strconv.Itoa(len(g.c.Attributes)) + "]string{" + strings.Join(attrs[:last], ", ") + "}"})
		}
		if len(p.Requires) > 0 {
			var v strings.Builder
			names := make([]string, len(p.Requires))
			for i, e := range p.Requires {
				names[i] = e.To.GoName
			}
			nameList(&v, "[]"+g.typ, "\t\t", names)
			fields = append(fields, field{key: "requires", value: v.String(), multiLine: true})
		}
		b.WriteString("\t")
		b.WriteString(p.GoName)
		b.WriteString(": {\n")
		writeFields(&b, "\t\t", fields)
		b.WriteString("\t},\n")
	}
	b.WriteString("}")
	return b.String()
}

// switchLookups declares byKey and byName as switch statements: the
// compiler turns a string switch into a search on length and content, with
// nothing to build at start-up.
func (g *generator) switchLookups() string {
	var b strings.Builder
	one := func(name, what string, text func(*model.Permission) string) {
		b.WriteString(docComment(name + " returns the permission whose " + what + " is s."))
		b.WriteString("\nfunc " + name + "(s string) (" + g.typ + ", bool) {\n")
		cases := 0
		for _, p := range g.c.ByID {
			t := text(p)
			if t == "" {
				continue
			}
			if cases == 0 {
				b.WriteString("\tswitch s {\n")
			}
			cases++
			b.WriteString("\tcase ")
			b.WriteString(quote(t))
			b.WriteString(":\n\t\treturn ")
			b.WriteString(p.GoName)
			b.WriteString(", true\n")
		}
		if cases > 0 {
			b.WriteString("\t}\n")
		}
		b.WriteString("\treturn 0, false\n}")
	}
	one("byKey", "key", func(p *model.Permission) string { return p.Key })
	b.WriteString("\n\n")
	one("byName", "display name (when it differs from its key)", func(p *model.Permission) string {
		if p.Name == p.Key {
			return ""
		}
		return p.Name
	})
	return b.String()
}

// roleMembers declares roleMembers and roleIncludes: the permissions each
// role names itself and the roles it includes, as the spec writes them,
// one per line. The package unions them into each role's Set (roleSets),
// so that a role including another never repeats the other's
// permissions: a chain of roles, each including the one before, stays as
// long as the spec instead of growing with its square, and a permission
// added to one role changes one line.
func (g *generator) roleMembers() string {
	var b strings.Builder
	g.roleTable(&b, "roleMembers", "roleMembers lists the permissions each role names itself, in spec order.", g.typ, func(r *model.Role) []string {
		names := make([]string, len(r.Own))
		for i, p := range r.Own {
			names[i] = p.GoName
		}
		return names
	})
	b.WriteString("\n\n")
	g.roleTable(&b, "roleIncludes", "roleIncludes lists the roles each role includes, in spec order.", "Role", func(r *model.Role) []string {
		names := make([]string, len(r.Includes))
		for i, in := range r.Includes {
			names[i] = in.GoName
		}
		return names
	})
	return b.String()
}

// roleTable writes a table of lists named name, keyed by role, whose
// entries are the Go names names returns for each role, one per line.
func (g *generator) roleTable(b *strings.Builder, name, doc, elem string, names func(*model.Role) []string) {
	b.WriteString(docComment(doc))
	b.WriteString("\nvar " + name + " = [...][]" + elem + "{\n")
	entries := make([]field, len(g.c.Roles))
	for i, r := range g.c.Roles {
		list := names(r)
		var v strings.Builder
		nameList(&v, "", "\t", list)
		entries[i] = field{key: r.GoName, value: v.String(), multiLine: len(list) > 0}
	}
	writeFields(b, "\t", entries)
	b.WriteString("}")
}
