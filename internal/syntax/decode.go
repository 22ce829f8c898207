package syntax

import (
	"gopkg.in/yaml.v3"
)

func (d *decoder) file(root *yaml.Node) *File {
	f := &File{Path: d.path}
	d.mapping(root, "spec", []field{
		{"permcat", true, func(v *yaml.Node) {
			f.Version = d.int(v, "permcat (the format version)")
			if f.Version.Set() && f.Version.Value != Version {
				d.errs.Addf(f.Version.Pos, "format version %d is not supported; this permcat reads version %d, so write \"permcat: %d\" or upgrade permcat", f.Version.Value, Version, Version)
			}
		}},
		{"catalog", true, func(v *yaml.Node) { f.Catalog = d.catalog(v) }},
		{"flags", false, func(v *yaml.Node) {
			f.Unread.Flags = !d.keyedList(v, "flags", func(e *yaml.Node) String {
				k, desc := d.keyed(e, "flag")
				f.Flags = append(f.Flags, Flag{Pos: d.pos(e), Key: k, Description: desc})
				return k
			})
		}},
		{"attributes", false, func(v *yaml.Node) {
			f.Unread.Attributes = !d.keyedList(v, "attributes", func(e *yaml.Node) String {
				k, desc := d.keyed(e, "attribute")
				f.Attributes = append(f.Attributes, Attribute{Pos: d.pos(e), Key: k, Description: desc})
				return k
			})
		}},
		{"features", false, func(v *yaml.Node) {
			f.Unread.Features = !d.keyedList(v, "features", func(e *yaml.Node) String {
				k, desc := d.keyed(e, "feature")
				f.Features = append(f.Features, Feature{Pos: d.pos(e), Key: k, Description: desc})
				return k
			})
		}},
		{"groups", false, func(v *yaml.Node) {
			f.Unread.Groups = !d.keyedList(v, "groups", func(e *yaml.Node) String {
				g := d.group(e)
				f.Groups = append(f.Groups, g)
				return g.Key
			})
		}},
		{"permissions", true, func(v *yaml.Node) {
			f.Unread.Permissions = !d.keyedList(v, "permissions", func(e *yaml.Node) String {
				p := d.permission(e)
				f.Permissions = append(f.Permissions, p)
				return p.Key
			})
			if len(f.Permissions) == 0 && d.errs.Len() == 0 {
				d.errorf(v, "permissions is empty; a catalog needs at least one permission")
			}
		}},
		{"reserved", false, func(v *yaml.Node) { f.Reserved = d.reserved(v) }},
		{"roles", false, func(v *yaml.Node) {
			f.Unread.Roles = !d.keyedList(v, "roles", func(e *yaml.Node) String {
				r := d.role(e)
				f.Roles = append(f.Roles, r)
				return r.Key
			})
		}},
	})
	return f
}

// keyedList decodes a list of keyed entries. It reports whether the list
// and the key of every entry were read.
func (d *decoder) keyedList(n *yaml.Node, what string, entry func(*yaml.Node) String) bool {
	all := true
	ok := d.list(n, what, func(e *yaml.Node) {
		if !entry(e).Set() {
			all = false
		}
	})
	return ok && all
}

func (d *decoder) catalog(n *yaml.Node) Catalog {
	c := Catalog{Pos: d.pos(n)}
	d.mapping(n, "catalog", []field{
		{"name", true, func(v *yaml.Node) { c.Name = d.nonEmpty(v, "catalog name") }},
		{"title", false, func(v *yaml.Node) { c.Title = d.str(v, "catalog title") }},
		{"source", false, func(v *yaml.Node) { c.Source = d.str(v, "catalog source") }},
		{"package", false, func(v *yaml.Node) { c.Package = d.nonEmpty(v, "catalog package") }},
		{"type", false, func(v *yaml.Node) { c.Type = d.nonEmpty(v, "catalog type") }},
	})
	return c
}

// keyed decodes the {key, description} entries of flags, attributes and
// features.
func (d *decoder) keyed(n *yaml.Node, kind string) (key, desc String) {
	what := label(kind, keyOf(n))
	d.mapping(n, what, []field{
		{"key", true, func(v *yaml.Node) { key = d.nonEmpty(v, kind+" key") }},
		{"description", false, func(v *yaml.Node) { desc = d.str(v, what+" description") }},
	})
	return key, desc
}

func (d *decoder) group(n *yaml.Node) Group {
	g := Group{Pos: d.pos(n)}
	what := label("group", keyOf(n))
	d.mapping(n, what, []field{
		{"key", true, func(v *yaml.Node) { g.Key = d.nonEmpty(v, "group key") }},
		{"title", false, func(v *yaml.Node) { g.Title = d.str(v, what+" title") }},
		{"description", false, func(v *yaml.Node) { g.Description = d.str(v, what+" description") }},
		{"parent", false, func(v *yaml.Node) { g.Parent = d.nonEmpty(v, what+" parent") }},
		{"feature", false, func(v *yaml.Node) { g.Feature = d.nonEmpty(v, what+" feature") }},
	})
	return g
}

func (d *decoder) permission(n *yaml.Node) Permission {
	p := Permission{Pos: d.pos(n)}
	errs := d.errs.Len()
	what := label("permission", keyOf(n))
	d.mapping(n, what, []field{
		{"key", true, func(v *yaml.Node) { p.Key = d.nonEmpty(v, "permission key") }},
		{"id", true, func(v *yaml.Node) { p.ID = d.int(v, what+" id") }},
		{"name", false, func(v *yaml.Node) { p.Name = d.nonEmpty(v, what+" name") }},
		{"group", false, func(v *yaml.Node) { p.Group = d.nonEmpty(v, what+" group") }},
		{"description", false, func(v *yaml.Node) { p.Description = d.str(v, what+" description") }},
		{"flags", false, func(v *yaml.Node) { p.Flags = d.strList(v, what+" flags") }},
		{"attributes", false, func(v *yaml.Node) { p.Attributes = d.attributeValues(v, what) }},
		{"requires", false, func(v *yaml.Node) {
			d.list(v, what+" requires", func(e *yaml.Node) {
				if r, ok := d.requirement(e, what); ok {
					p.Requires = append(p.Requires, r)
				}
			})
		}},
		{"go_name", false, func(v *yaml.Node) { p.GoName = d.nonEmpty(v, what+" go_name") }},
		{"feature", false, func(v *yaml.Node) { p.Feature = d.nonEmpty(v, what+" feature") }},
		{"replaces", false, func(v *yaml.Node) { p.Replaces = d.strList(v, what+" replaces") }},
		{"deprecated", false, func(v *yaml.Node) { p.Deprecated = d.str(v, what+" deprecated") }},
	})
	p.Incomplete = d.errs.Len() > errs
	return p
}

// requirement decodes one requires entry: either a plain key or a mapping
// {key, reason}.
func (d *decoder) requirement(n *yaml.Node, what string) (Requirement, bool) {
	if n = d.node(n); n == nil {
		return Requirement{}, false
	}
	r := Requirement{Pos: d.pos(n)}
	if n.Kind == yaml.MappingNode {
		d.mapping(n, what+" requires entry", []field{
			{"key", true, func(v *yaml.Node) { r.Key = d.nonEmpty(v, what+" requires key") }},
			{"reason", false, func(v *yaml.Node) { r.Reason = d.str(v, what+" requires reason") }},
		})
	} else if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		r.Key = d.nonEmpty(n, what+" requires entry")
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
		k := d.nonEmpty(n.Content[i], what+" attribute name")
		if !k.Set() {
			continue
		}
		if line, dup := seen[k.Value]; dup {
			d.errs.Addf(k.Pos, "%s sets attribute %q twice (first at line %d); remove one of them", what, k.Value, line)
			continue
		}
		seen[k.Value] = k.Pos.Line
		v := d.str(n.Content[i+1], what+" attribute "+k.Value)
		if v.Set() {
			out = append(out, AttributeValue{Key: k, Value: v})
		}
	}
	return out
}

func (d *decoder) reserved(n *yaml.Node) Reserved {
	r := Reserved{Pos: d.pos(n)}
	d.mapping(n, "reserved", []field{
		{"ids", false, func(v *yaml.Node) { r.IDs = d.intList(v, "reserved ids") }},
		{"keys", false, func(v *yaml.Node) { r.Keys = d.strList(v, "reserved keys") }},
	})
	return r
}

func (d *decoder) role(n *yaml.Node) Role {
	r := Role{Pos: d.pos(n)}
	errs := d.errs.Len()
	what := label("role", keyOf(n))
	d.mapping(n, what, []field{
		{"key", true, func(v *yaml.Node) { r.Key = d.nonEmpty(v, "role key") }},
		{"title", false, func(v *yaml.Node) { r.Title = d.str(v, what+" title") }},
		{"description", false, func(v *yaml.Node) { r.Description = d.str(v, what+" description") }},
		{"includes", false, func(v *yaml.Node) { r.Includes = d.strList(v, what+" includes") }},
		{"permissions", false, func(v *yaml.Node) { r.Permissions = d.strList(v, what+" permissions") }},
	})
	r.Incomplete = d.errs.Len() > errs
	return r
}
