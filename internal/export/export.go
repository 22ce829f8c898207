// Package export writes a resolved catalog as JSON, so that front ends and
// programs in other languages can apply the catalog's rules (grey out a
// checkbox whose prerequisites are missing, uncheck what depends on a
// permission being removed, gate by feature) exactly as the generated Go
// package decides them. It backs "permcat export".
//
// # Shape (format "permcat-catalog", version 1)
//
// The document is one JSON object:
//
//	{
//	  "format": "permcat-catalog",  // always this string
//	  "version": 1,                  // the shape's version, see Stability
//	  "catalog": {
//	    "name": "opendental",        // catalog id
//	    "title": "…",                // human title, "" when none
//	    "source": "…",               // provenance of the content, "" when none
//	    "package": "opendental",     // Go package name of the generated code
//	    "type": "Permission"         // Go type name of a permission
//	  },
//	  "flags":      [{"key": "…", "description": "…"}],   // spec order
//	  "attributes": [{"key": "…", "description": "…"}],   // spec order
//	  "features":   [{"key": "…", "description": "…"}],   // spec order
//	  "groups": [{                   // spec order
//	    "key": "dental_school",
//	    "title": "Dental School",
//	    "description": "…",          // "" when none
//	    "parent": "main_menu",       // key of the parent group, "" at top level
//	    "feature": "dental_schools", // key of the feature gating the group, "" when none
//	    "permissions": ["…"]         // keys of the group's permissions and its
//	                                 // descendants', by ascending id
//	  }],
//	  "permissions": [{              // by ascending id
//	    "id": 43,                    // the bit index: bit id%64 of word id/64
//	    "key": "CommlogEdit",        // stable identifier, case-sensitive
//	    "goName": "CommlogEdit",     // name of the Go constant
//	    "name": "Commlog Edit",      // display name
//	    "description": "…",
//	    "group": "main_toolbar",     // group key, "" when none
//	    "flags": ["global_lock_date"],           // flag keys, in flag declaration order
//	    "attributes": {"date_field": "CommDateTime"}, // attribute key → value
//	    "features": ["dental_schools"],          // every feature that must be on for the
//	                                             // permission to be effective: its own and
//	                                             // its groups', in feature declaration order
//	    "requires": [{"key": "…", "reason": "…"}], // direct requirements, spec order;
//	                                             // reason is "" when the spec gives none
//	    "requiresAll": ["…"],        // transitive requirements, by ascending id,
//	                                 // excluding the permission itself
//	    "requiredByAll": ["…"],      // transitive dependents, by ascending id
//	    "replaces": ["…"],           // retired keys this permission supersedes
//	    "deprecated": ""             // non-empty: deprecated, with the reason
//	  }],
//	  "roles": [{                    // spec order
//	    "key": "front_desk",
//	    "title": "Front Desk",
//	    "description": "…",
//	    "includes": ["reception"],   // keys of included roles, spec order
//	    "permissions": ["…"]         // every permission the role grants, including
//	                                 // through includes, by ascending id
//	  }],
//	  "migrations": [{"from": "old_key", "to": ["…"]}], // retired key → its
//	                                 // replacements by ascending id; sorted by from
//	  "reserved": {"ids": [17], "keys": ["…"]}         // never to be reused; ids ascending
//	}
//
// Every field is always present: absent strings are "", absent lists are []
// and absent attributes are {}, never null. Permissions are referred to by
// key everywhere except their own "id".
//
// # Applying the rules
//
// A permission is effective when it is granted, every key of its
// "requiresAll" is granted, and every feature of its "features" and of its
// requirements' "features" is on; this is what the generated Effective
// computes. Granting a permission grants its "requiresAll"; revoking one
// revokes its "requiredByAll".
//
// # Stability
//
// Within a version, field names, types, meanings and orders do not change,
// and the same spec always exports the same bytes (two-space indent, a
// trailing newline, object keys in the order shown, attribute keys sorted).
// Later releases may add fields to any object without changing "version",
// so consumers must ignore fields they do not know. "version" changes only
// on an incompatible change: a field removed, renamed, retyped, reordered
// or given another meaning. A consumer should check "format" and "version"
// and refuse a version it does not know.
package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/permcat/permcat/internal/model"
)

// Format is the value of the document's "format" field.
const Format = "permcat-catalog"

// Version is the value of the document's "version" field: the version of
// the shape this package writes.
const Version = 1

// Document is the exported form of a catalog. Its JSON encoding is the
// shape described in the package documentation.
type Document struct {
	Format      string       `json:"format"`
	Version     int          `json:"version"`
	Catalog     Catalog      `json:"catalog"`
	Flags       []Described  `json:"flags"`
	Attributes  []Described  `json:"attributes"`
	Features    []Described  `json:"features"`
	Groups      []Group      `json:"groups"`
	Permissions []Permission `json:"permissions"`
	Roles       []Role       `json:"roles"`
	Migrations  []Migration  `json:"migrations"`
	Reserved    Reserved     `json:"reserved"`
}

// Catalog describes the catalog as a whole.
type Catalog struct {
	Name    string `json:"name"`
	Title   string `json:"title"`
	Source  string `json:"source"`
	Package string `json:"package"`
	Type    string `json:"type"`
}

// Described is a flag, attribute or feature declaration.
type Described struct {
	Key         string `json:"key"`
	Description string `json:"description"`
}

// Group is a component or section.
type Group struct {
	Key         string   `json:"key"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Parent      string   `json:"parent"`
	Feature     string   `json:"feature"`
	Permissions []string `json:"permissions"`
}

// Permission is one entry of the catalog.
type Permission struct {
	ID            int               `json:"id"`
	Key           string            `json:"key"`
	GoName        string            `json:"goName"`
	Name          string            `json:"name"`
	Description   string            `json:"description"`
	Group         string            `json:"group"`
	Flags         []string          `json:"flags"`
	Attributes    map[string]string `json:"attributes"`
	Features      []string          `json:"features"`
	Requires      []Requirement     `json:"requires"`
	RequiresAll   []string          `json:"requiresAll"`
	RequiredByAll []string          `json:"requiredByAll"`
	Replaces      []string          `json:"replaces"`
	Deprecated    string            `json:"deprecated"`
}

// Requirement is one direct requires edge.
type Requirement struct {
	Key    string `json:"key"`
	Reason string `json:"reason"`
}

// Role is a named preset of permissions.
type Role struct {
	Key         string   `json:"key"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Includes    []string `json:"includes"`
	Permissions []string `json:"permissions"`
}

// Migration maps a retired key to the permissions that replace it.
type Migration struct {
	From string   `json:"from"`
	To   []string `json:"to"`
}

// Reserved lists retired IDs and keys.
type Reserved struct {
	IDs  []int    `json:"ids"`
	Keys []string `json:"keys"`
}

// DefaultMaxSize bounds an export unless Options.MaxSize says otherwise:
// 256 MiB. The lists of permissions make an export grow with the sum of
// all closures and of all role and group sizes, which a spec of a few
// hundred kilobytes can make quadratic (a chain of 20,000 permissions,
// each requiring the one before, lists 200 million keys; a chain of 3,000
// roles, each including the one before, 4.5 million), so the size is
// bounded like every other output.
const DefaultMaxSize = 256 << 20

// Options tune an export.
type Options struct {
	// MaxSize bounds, in bytes, the JSON of the lists of permissions that
	// can grow faster than the spec: the closure lists (requiresAll and
	// requiredByAll), and the permissions of each group (with its
	// descendants') and of each role (with its included roles'). The rest
	// grows with the spec's text, which the loader bounds. 0 means
	// DefaultMaxSize. A catalog whose lists would be larger is refused as
	// soon as they pass the limit.
	MaxSize int
}

// ErrTooLarge is wrapped by the error for an export over Options.MaxSize.
var ErrTooLarge = errors.New("export too large")

// sizer keeps a running upper bound of the JSON an export takes, counting
// each list entry with the indentation and quoting it is written with.
type sizer struct {
	n, limit int
}

// add counts the keys of ps and reports whether the export still fits.
func (z *sizer) add(ps []*model.Permission) bool {
	for _, p := range ps {
		z.n += len(p.Key) + entryOverhead
	}
	return z.n <= z.limit
}

// entryOverhead is the most a list entry costs besides its key: up to
// eight spaces of indentation, two quotes, a comma and a newline.
const entryOverhead = 12

// Build returns the exported form of c.
func Build(c *model.Catalog) *Document {
	d := skeleton(c)
	eachGroup(c, func(g Group) { d.Groups = append(d.Groups, g) })
	eachPermission(c, func(p Permission) { d.Permissions = append(d.Permissions, p) })
	eachRole(c, func(r Role) { d.Roles = append(d.Roles, r) })
	return d
}

// skeleton returns the exported form of c without its groups,
// permissions and roles: the parts of the document that grow with the
// spec's text only.
func skeleton(c *model.Catalog) *Document {
	d := &Document{
		Format:  Format,
		Version: Version,
		Catalog: Catalog{
			Name:    c.Name,
			Title:   c.Title,
			Source:  c.Source,
			Package: c.Package,
			Type:    c.Type,
		},
		Flags:       []Described{},
		Attributes:  []Described{},
		Features:    []Described{},
		Groups:      []Group{},
		Permissions: []Permission{},
		Roles:       []Role{},
		Migrations:  []Migration{},
		Reserved: Reserved{
			IDs:  append([]int{}, c.ReservedIDs...),
			Keys: append([]string{}, c.ReservedKeys...),
		},
	}
	for _, f := range c.Flags {
		d.Flags = append(d.Flags, Described{Key: f.Key, Description: f.Description})
	}
	for _, a := range c.Attributes {
		d.Attributes = append(d.Attributes, Described{Key: a.Key, Description: a.Description})
	}
	for _, f := range c.Features {
		d.Features = append(d.Features, Described{Key: f.Key, Description: f.Description})
	}
	for _, l := range c.Legacy {
		d.Migrations = append(d.Migrations, Migration{From: l.Key, To: keys(l.By)})
	}
	return d
}

// checkSize counts the lists of permissions an export of c writes
// against opts.MaxSize, without building them, and returns an error
// wrapping ErrTooLarge, naming where, as soon as they pass it.
func checkSize(c *model.Catalog, opts Options) error {
	limit := opts.MaxSize
	if limit <= 0 {
		limit = DefaultMaxSize
	}
	size := &sizer{limit: limit}
	tooLarge := func(where string) error {
		return fmt.Errorf("export of %s: %w: its lists of permissions (transitive requirements and dependents, and the permissions of groups and roles) pass %d MiB at %s; raise the limit with -max-size if the catalog really is that large", c.Name, ErrTooLarge, limit>>20, where)
	}
	for _, g := range c.Groups {
		if !size.add(g.All) {
			return tooLarge("group " + g.Key)
		}
	}
	for _, p := range c.ByID {
		if !size.add(p.Closure()) || !size.add(p.Dependents()) {
			return tooLarge(fmt.Sprintf("permission %s (ID %d)", p.Key, p.ID))
		}
	}
	for _, r := range c.Roles {
		if !size.add(r.All()) {
			return tooLarge("role " + r.Key)
		}
	}
	return nil
}

// eachGroup, eachPermission and eachRole yield the entries of an
// export's three lists that can grow faster than the spec, one at a time,
// in document order.

func eachGroup(c *model.Catalog, yield func(Group)) {
	for _, g := range c.Groups {
		yield(Group{
			Key:         g.Key,
			Title:       g.Title,
			Description: g.Description,
			Parent:      groupKey(g.Parent),
			Feature:     featureKey(g.Feature),
			Permissions: keys(g.All),
		})
	}
}

func eachPermission(c *model.Catalog, yield func(Permission)) {
	for _, p := range c.ByID {
		e := Permission{
			ID:            p.ID,
			Key:           p.Key,
			GoName:        p.GoName,
			Name:          p.Name,
			Description:   p.Description,
			Group:         groupKey(p.Group),
			Flags:         []string{},
			Attributes:    map[string]string{},
			Features:      []string{},
			Requires:      []Requirement{},
			RequiresAll:   keys(p.Closure()),
			RequiredByAll: keys(p.Dependents()),
			Replaces:      append([]string{}, p.Replaces...),
			Deprecated:    p.Deprecated,
		}
		for _, f := range p.Flags {
			e.Flags = append(e.Flags, f.Key)
		}
		for _, a := range p.Attributes {
			e.Attributes[a.Attribute.Key] = a.Value
		}
		for _, f := range p.Gates {
			e.Features = append(e.Features, f.Key)
		}
		for _, r := range p.Requires {
			e.Requires = append(e.Requires, Requirement{Key: r.To.Key, Reason: r.Reason})
		}
		yield(e)
	}
}

func eachRole(c *model.Catalog, yield func(Role)) {
	for _, r := range c.Roles {
		role := Role{
			Key:         r.Key,
			Title:       r.Title,
			Description: r.Description,
			Includes:    []string{},
			Permissions: keys(r.All()),
		}
		for _, in := range r.Includes {
			role.Includes = append(role.Includes, in.Key)
		}
		yield(role)
	}
}

// Marshal returns the JSON export of c: the bytes "permcat export" writes,
// those of Build(c).Marshal(). An export over opts.MaxSize is an error
// wrapping ErrTooLarge, found by counting its lists before any is built.
//
// The document is written a group, a permission and a role at a time,
// each encoded as the whole Document encodes it, into blocks that are
// joined once at the end: an export near the limit takes about twice its
// size in memory, where a Document beside its encoding, in a buffer grown
// by doubling, took six times as much.
func Marshal(c *model.Catalog, opts Options) ([]byte, error) {
	if err := checkSize(c, opts); err != nil {
		return nil, err
	}
	d := skeleton(c)
	w := &writer{}
	w.text("{\n")
	w.field("format", d.Format, ",\n")
	w.field("version", d.Version, ",\n")
	w.field("catalog", d.Catalog, ",\n")
	w.field("flags", d.Flags, ",\n")
	w.field("attributes", d.Attributes, ",\n")
	w.field("features", d.Features, ",\n")
	w.list("groups", func(elem func(any)) { eachGroup(c, func(g Group) { elem(g) }) })
	w.list("permissions", func(elem func(any)) { eachPermission(c, func(p Permission) { elem(p) }) })
	w.list("roles", func(elem func(any)) { eachRole(c, func(r Role) { elem(r) }) })
	w.field("migrations", d.Migrations, ",\n")
	w.field("reserved", d.Reserved, "\n")
	w.text("}\n")
	if w.err != nil {
		return nil, w.err
	}
	return w.out.join(), nil
}

// writer writes the fields of a document's top-level object one by one,
// each exactly as a json.Encoder with SetIndent("", "  ") and
// SetEscapeHTML(false) writes it inside the whole.
type writer struct {
	out     blocks
	scratch bytes.Buffer // one value's encoding
	err     error
}

func (w *writer) text(s string) { write(&w.out, s) }

// field writes a field of the top-level object, then sep.
func (w *writer) field(name string, v any, sep string) {
	w.text(`  "` + name + `": `)
	w.value("  ", v)
	w.text(sep)
}

// list writes a field of the top-level object whose value is a list, an
// element at a time as each yields them, then a comma.
func (w *writer) list(name string, each func(elem func(any))) {
	w.text(`  "` + name + `": [`)
	n := 0
	each(func(v any) {
		if n > 0 {
			w.text(",")
		}
		w.text("\n    ")
		w.value("    ", v)
		n++
	})
	if n > 0 {
		w.text("\n  ")
	}
	w.text("],\n")
}

// value writes v indented under prefix.
func (w *writer) value(prefix string, v any) {
	if w.err != nil {
		return
	}
	w.scratch.Reset()
	enc := json.NewEncoder(&w.scratch)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if w.err = enc.Encode(v); w.err == nil {
		b := w.scratch.Bytes()
		write(&w.out, b[:len(b)-1]) // without the newline Encode ends with
	}
}

// blocks is an output held in blocks of blockSize bytes, so that it grows
// without copying what it holds.
type blocks struct {
	full [][]byte
	last []byte
}

const blockSize = 1 << 20

func write[T string | []byte](o *blocks, s T) {
	for len(s) > 0 {
		if len(o.last) == cap(o.last) {
			if o.last != nil {
				o.full = append(o.full, o.last)
			}
			o.last = make([]byte, 0, blockSize)
		}
		n := min(len(s), cap(o.last)-len(o.last))
		o.last = append(o.last, s[:n]...)
		s = s[n:]
	}
}

// join returns the output as one slice.
func (o *blocks) join() []byte {
	n := len(o.last)
	for _, b := range o.full {
		n += len(b)
	}
	out := make([]byte, 0, n)
	for _, b := range o.full {
		out = append(out, b...)
	}
	return append(out, o.last...)
}

// Marshal encodes d with a two-space indent and a trailing newline, without
// escaping <, > and & (descriptions are text, not HTML).
func (d *Document) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func keys(ps []*model.Permission) []string {
	ks := make([]string, 0, len(ps))
	for _, p := range ps {
		ks = append(ks, p.Key)
	}
	return ks
}

func groupKey(g *model.Group) string {
	if g == nil {
		return ""
	}
	return g.Key
}

func featureKey(f *model.Feature) string {
	if f == nil {
		return ""
	}
	return f.Key
}
