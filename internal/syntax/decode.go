package syntax

import (
	"gopkg.in/yaml.v3"
)

// The fields of each mapping of the format, in the order the "known
// fields are" hints list them. Each decoder below switches on the index of
// a field in its list.
var (
	fileFields = []field{
		{"permcat", true}, {"catalog", true}, {"flags", false}, {"attributes", false},
		{"features", false}, {"groups", false}, {"permissions", true}, {"reserved", false},
		{"roles", false},
	}
	catalogFields = []field{
		{"name", true}, {"title", false}, {"source", false}, {"package", false}, {"type", false},
	}
	keyedFields = []field{{"key", true}, {"description", false}}
	groupFields = []field{
		{"key", true}, {"title", false}, {"description", false}, {"parent", false}, {"feature", false},
	}
	permissionFields = []field{
		{"key", true}, {"id", true}, {"name", false}, {"group", false}, {"description", false},
		{"flags", false}, {"attributes", false}, {"requires", false}, {"go_name", false},
		{"feature", false}, {"replaces", false}, {"deprecated", false},
	}
	requirementFields = []field{{"key", true}, {"reason", false}}
	reservedFields    = []field{{"ids", false}, {"keys", false}}
	roleFields        = []field{
		{"key", true}, {"title", false}, {"description", false}, {"includes", false}, {"permissions", false},
	}
)

func (d *decoder) file(root *yaml.Node) *File {
	f := &File{Path: d.path}
	d.mapping(root, "spec", fileFields, func(i int, v *yaml.Node) {
		switch fileFields[i].name {
		case "permcat":
			f.Version = d.int(v, subject{what: "permcat (the format version)"})
			if f.Version.Set() && f.Version.Value != Version {
				d.errs.Addf(f.Version.Pos, "format version %d is not supported; this permcat reads version %d, so write \"permcat: %d\" or upgrade permcat", f.Version.Value, Version, Version)
			}
		case "catalog":
			f.Catalog = d.catalog(v)
		case "flags":
			f.Flags = presized[Flag](v)
			f.Unread.Flags = !d.keyedList(v, "flags", func(e *yaml.Node) String {
				k, desc := d.keyed(e, "flag")
				f.Flags = append(f.Flags, Flag{Pos: d.pos(e), Key: k, Description: desc})
				return k
			})
		case "attributes":
			f.Attributes = presized[Attribute](v)
			f.Unread.Attributes = !d.keyedList(v, "attributes", func(e *yaml.Node) String {
				k, desc := d.keyed(e, "attribute")
				f.Attributes = append(f.Attributes, Attribute{Pos: d.pos(e), Key: k, Description: desc})
				return k
			})
		case "features":
			f.Features = presized[Feature](v)
			f.Unread.Features = !d.keyedList(v, "features", func(e *yaml.Node) String {
				k, desc := d.keyed(e, "feature")
				f.Features = append(f.Features, Feature{Pos: d.pos(e), Key: k, Description: desc})
				return k
			})
		case "groups":
			f.Groups = presized[Group](v)
			f.Unread.Groups = !d.keyedList(v, "groups", func(e *yaml.Node) String {
				f.Groups = append(f.Groups, d.group(e))
				return f.Groups[len(f.Groups)-1].Key
			})
		case "permissions":
			// Decoded in place: a Permission is half a kilobyte, and a
			// catalog may hold 65,535 of them.
			f.Permissions = presized[Permission](v)
			f.Unread.Permissions = !d.keyedList(v, "permissions", func(e *yaml.Node) String {
				f.Permissions = append(f.Permissions, Permission{})
				p := &f.Permissions[len(f.Permissions)-1]
				d.permission(p, e)
				return p.Key
			})
			if len(f.Permissions) == 0 && d.errs.Len() == 0 {
				d.errorf(v, "permissions is empty; a catalog needs at least one permission")
			}
		case "reserved":
			f.Reserved = d.reserved(v)
		case "roles":
			f.Roles = presized[Role](v)
			f.Unread.Roles = !d.keyedList(v, "roles", func(e *yaml.Node) String {
				f.Roles = append(f.Roles, d.role(e))
				return f.Roles[len(f.Roles)-1].Key
			})
		}
	})
	return f
}

// keyedList decodes a list of keyed entries. It reports whether the list
// and the key of every entry were read.
//
// Each entry's nodes are let go of once it is decoded, so that the
// collector can reclaim them while the rest are read: yaml.v3 holds a
// spec's nodes at about ten times the spec's size, and keeping all of them
// until the end doubled the memory a large catalog takes to load. Only a
// list no alias can name again (it has no anchor, and was not itself
// reached through an alias) is changed so.
func (d *decoder) keyedList(n *yaml.Node, what string, entry func(*yaml.Node) String) bool {
	release := n.Kind == yaml.SequenceNode && n.Anchor == ""
	all := true
	i := 0
	ok := d.list(n, subject{what: what}, func(e *yaml.Node) {
		if !entry(e).Set() {
			all = false
		}
		if release {
			n.Content[i] = nil
		}
		i++
	})
	return ok && all
}

func (d *decoder) catalog(n *yaml.Node) Catalog {
	c := Catalog{Pos: d.pos(n)}
	d.mapping(n, "catalog", catalogFields, func(i int, v *yaml.Node) {
		switch catalogFields[i].name {
		case "name":
			c.Name = d.nonEmpty(v, subject{what: "catalog name"})
		case "title":
			c.Title = d.str(v, subject{what: "catalog title"})
		case "source":
			c.Source = d.str(v, subject{what: "catalog source"})
		case "package":
			c.Package = d.nonEmpty(v, subject{what: "catalog package"})
		case "type":
			c.Type = d.nonEmpty(v, subject{what: "catalog type"})
		}
	})
	return c
}

// keyed decodes the {key, description} entries of flags, attributes and
// features.
func (d *decoder) keyed(n *yaml.Node, kind string) (key, desc String) {
	what := label(kind, keyOf(n))
	d.mapping(n, what, keyedFields, func(i int, v *yaml.Node) {
		switch keyedFields[i].name {
		case "key":
			key = d.nonEmpty(v, subject{kind, " key"})
		case "description":
			desc = d.str(v, subject{what, " description"})
		}
	})
	return key, desc
}

func (d *decoder) group(n *yaml.Node) Group {
	g := Group{Pos: d.pos(n)}
	what := label("group", keyOf(n))
	d.mapping(n, what, groupFields, func(i int, v *yaml.Node) {
		switch groupFields[i].name {
		case "key":
			g.Key = d.nonEmpty(v, subject{what: "group key"})
		case "title":
			g.Title = d.str(v, subject{what, " title"})
		case "description":
			g.Description = d.str(v, subject{what, " description"})
		case "parent":
			g.Parent = d.nonEmpty(v, subject{what, " parent"})
		case "feature":
			g.Feature = d.nonEmpty(v, subject{what, " feature"})
		}
	})
	return g
}

// permission decodes one entry of permissions into p.
func (d *decoder) permission(p *Permission, n *yaml.Node) {
	p.Pos = d.pos(n)
	errs := d.errs.Len()
	what := label("permission", keyOf(n))
	d.mapping(n, what, permissionFields, func(i int, v *yaml.Node) {
		switch permissionFields[i].name {
		case "key":
			p.Key = d.nonEmpty(v, subject{what: "permission key"})
		case "id":
			p.ID = d.int(v, subject{what, " id"})
		case "name":
			p.Name = d.nonEmpty(v, subject{what, " name"})
		case "group":
			p.Group = d.nonEmpty(v, subject{what, " group"})
		case "description":
			p.Description = d.str(v, subject{what, " description"})
		case "flags":
			p.Flags = d.strList(v, subject{what, " flags"})
		case "attributes":
			p.Attributes = d.attributeValues(v, what)
		case "requires":
			d.list(v, subject{what, " requires"}, func(e *yaml.Node) {
				if r, ok := d.requirement(e, what); ok {
					if p.Requires == nil {
						p.Requires = presized[Requirement](v)
					}
					p.Requires = append(p.Requires, r)
				}
			})
		case "go_name":
			p.GoName = d.nonEmpty(v, subject{what, " go_name"})
		case "feature":
			p.Feature = d.nonEmpty(v, subject{what, " feature"})
		case "replaces":
			p.Replaces = d.strList(v, subject{what, " replaces"})
		case "deprecated":
			p.Deprecated = d.str(v, subject{what, " deprecated"})
		}
	})
	p.Incomplete = d.errs.Len() > errs
}

// requirement decodes one requires entry: either a plain key or a mapping
// {key, reason}.
func (d *decoder) requirement(n *yaml.Node, what string) (Requirement, bool) {
	if n = d.node(n); n == nil {
		return Requirement{}, false
	}
	r := Requirement{Pos: d.pos(n)}
	if n.Kind == yaml.MappingNode {
		d.mapping(n, what+" requires entry", requirementFields, func(i int, v *yaml.Node) {
			switch requirementFields[i].name {
			case "key":
				r.Key = d.nonEmpty(v, subject{what, " requires key"})
			case "reason":
				r.Reason = d.str(v, subject{what, " requires reason"})
			}
		})
	} else if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		r.Key = d.nonEmpty(n, subject{what, " requires entry"})
	} else {
		d.errorf(n, "%s requires entry must be a permission key or {key: ..., reason: ...}, not %s", what, describe(n))
	}
	return r, r.Key.Set()
}

// attributeValues decodes a permission's {attribute: value} mapping,
// keeping the order written.
func (d *decoder) attributeValues(n *yaml.Node, what string) []AttributeValue {
	if n = d.node(n); n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s attributes must be a mapping such as {date_field: ProcDate}, not %s", what, describe(n))
		return nil
	}
	var out []AttributeValue
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := d.nonEmpty(n.Content[i], subject{what, " attribute name"})
		if !k.Set() {
			continue
		}
		if line, dup := seen[k.Value]; dup {
			d.errs.Addf(k.Pos, "%s sets attribute %q twice (first at line %d); remove one of them", what, k.Value, line)
			continue
		}
		seen[k.Value] = k.Pos.Line
		v := d.str(n.Content[i+1], subject{what, " attribute " + k.Value})
		if v.Set() {
			out = append(out, AttributeValue{Key: k, Value: v})
		}
	}
	return out
}

func (d *decoder) reserved(n *yaml.Node) Reserved {
	r := Reserved{Pos: d.pos(n)}
	d.mapping(n, "reserved", reservedFields, func(i int, v *yaml.Node) {
		switch reservedFields[i].name {
		case "ids":
			r.IDs = d.intList(v, subject{what: "reserved ids"})
		case "keys":
			r.Keys = d.strList(v, subject{what: "reserved keys"})
		}
	})
	return r
}

func (d *decoder) role(n *yaml.Node) Role {
	r := Role{Pos: d.pos(n)}
	errs := d.errs.Len()
	what := label("role", keyOf(n))
	d.mapping(n, what, roleFields, func(i int, v *yaml.Node) {
		switch roleFields[i].name {
		case "key":
			r.Key = d.nonEmpty(v, subject{what: "role key"})
		case "title":
			r.Title = d.str(v, subject{what, " title"})
		case "description":
			r.Description = d.str(v, subject{what, " description"})
		case "includes":
			r.Includes = d.strList(v, subject{what, " includes"})
		case "permissions":
			r.Permissions = d.strList(v, subject{what, " permissions"})
		}
	})
	r.Incomplete = d.errs.Len() > errs
	return r
}
