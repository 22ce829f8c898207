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
	"math"

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
	d, _ := build(c, Options{MaxSize: math.MaxInt})
	return d
}

// build returns the exported form of c, or an error wrapping ErrTooLarge
// as soon as its closure lists pass opts.MaxSize.
func build(c *model.Catalog, opts Options) (*Document, error) {
	limit := opts.MaxSize
	if limit <= 0 {
		limit = DefaultMaxSize
	}
	size := &sizer{limit: limit}
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
	tooLarge := func(where string) error {
		return fmt.Errorf("export of %s: %w: its lists of permissions (transitive requirements and dependents, and the permissions of groups and roles) pass %d MiB at %s; raise the limit with -max-size if the catalog really is that large", c.Name, ErrTooLarge, limit>>20, where)
	}
	for _, g := range c.Groups {
		if !size.add(g.All) {
			return nil, tooLarge("group " + g.Key)
		}
		d.Groups = append(d.Groups, Group{
			Key:         g.Key,
			Title:       g.Title,
			Description: g.Description,
			Parent:      groupKey(g.Parent),
			Feature:     featureKey(g.Feature),
			Permissions: keys(g.All),
		})
	}
	for _, p := range c.ByID {
		closure, dependents := p.Closure(), p.Dependents()
		if !size.add(closure) || !size.add(dependents) {
			return nil, tooLarge(fmt.Sprintf("permission %s (ID %d)", p.Key, p.ID))
		}
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
			RequiresAll:   keys(closure),
			RequiredByAll: keys(dependents),
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
		d.Permissions = append(d.Permissions, e)
	}
	for _, r := range c.Roles {
		if !size.add(r.All) {
			return nil, tooLarge("role " + r.Key)
		}
		role := Role{
			Key:         r.Key,
			Title:       r.Title,
			Description: r.Description,
			Includes:    []string{},
			Permissions: keys(r.All),
		}
		for _, in := range r.Includes {
			role.Includes = append(role.Includes, in.Key)
		}
		d.Roles = append(d.Roles, role)
	}
	for _, l := range c.Legacy {
		d.Migrations = append(d.Migrations, Migration{From: l.Key, To: keys(l.By)})
	}
	return d, nil
}

// Marshal returns the JSON export of c: the bytes "permcat export" writes.
// An export over opts.MaxSize is an error wrapping ErrTooLarge.
func Marshal(c *model.Catalog, opts Options) ([]byte, error) {
	d, err := build(c, opts)
	if err != nil {
		return nil, err
	}
	return d.Marshal()
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
