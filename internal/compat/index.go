package compat

import (
	"github.com/permcat/permcat/internal/diag"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/syntax"
)

// version is a spec with look-up tables.
type version struct {
	c     *model.Catalog
	f     *syntax.File // may be nil
	byKey map[string]*model.Permission
	byID  map[int]*model.Permission
	// perms, groups, roles and flags map keys to their syntax, for the
	// positions of their fields; empty when the syntax tree is unknown.
	perms  map[string]*syntax.Permission
	groups map[string]*syntax.Group
	roles  map[string]*syntax.Role
	// retired maps every retired key to where it is retired: a
	// reserved.keys entry or a replaces entry.
	retired map[string]retirement
	// reservedIDs maps reserved IDs to their position.
	reservedIDs map[int]diag.Pos
	// replacedBy maps every replaced key to the permissions whose replaces
	// list it, by ID: what Migrate returns for it.
	replacedBy map[string][]*model.Permission
}

type retirement struct {
	pos diag.Pos
	by  string // the permission whose replaces lists the key; "" for reserved.keys
}

func indexSpec(s *Spec) *version {
	v := &version{
		c:           s.Catalog,
		f:           s.File,
		byKey:       map[string]*model.Permission{},
		byID:        map[int]*model.Permission{},
		perms:       map[string]*syntax.Permission{},
		groups:      map[string]*syntax.Group{},
		roles:       map[string]*syntax.Role{},
		retired:     map[string]retirement{},
		reservedIDs: map[int]diag.Pos{},
		replacedBy:  map[string][]*model.Permission{},
	}
	file := diag.Pos{File: s.Catalog.Path}
	for _, p := range s.Catalog.Permissions {
		v.byKey[p.Key] = p
		v.byID[p.ID] = p
		for _, k := range p.Replaces {
			if _, ok := v.retired[k]; !ok {
				v.retired[k] = retirement{pos: p.Pos, by: p.Key}
			}
		}
	}
	for _, l := range s.Catalog.Legacy {
		v.replacedBy[l.Key] = l.By
	}
	for _, k := range s.Catalog.ReservedKeys {
		v.retired[k] = retirement{pos: file}
	}
	for _, id := range s.Catalog.ReservedIDs {
		v.reservedIDs[id] = file
	}
	if s.File == nil {
		return v
	}
	for i := range s.File.Permissions {
		ps := &s.File.Permissions[i]
		if _, dup := v.perms[ps.Key.Value]; !dup {
			v.perms[ps.Key.Value] = ps
		}
		for _, r := range ps.Replaces {
			if ret, ok := v.retired[r.Value]; ok && ret.by == ps.Key.Value {
				v.retired[r.Value] = retirement{pos: r.Pos, by: ret.by}
			}
		}
	}
	for i := range s.File.Groups {
		gs := &s.File.Groups[i]
		if _, dup := v.groups[gs.Key.Value]; !dup {
			v.groups[gs.Key.Value] = gs
		}
	}
	for i := range s.File.Roles {
		rs := &s.File.Roles[i]
		if _, dup := v.roles[rs.Key.Value]; !dup {
			v.roles[rs.Key.Value] = rs
		}
	}
	for _, k := range s.File.Reserved.Keys {
		if ret, ok := v.retired[k.Value]; ok && ret.by == "" && ret.pos.Line == 0 {
			v.retired[k.Value] = retirement{pos: k.Pos}
		}
	}
	for _, id := range s.File.Reserved.IDs {
		if pos, ok := v.reservedIDs[int(id.Value)]; ok && pos.Line == 0 {
			v.reservedIDs[int(id.Value)] = id.Pos
		}
	}
	return v
}

// field returns the position of a permission's field, or of its key when
// the field is absent or the syntax tree is unknown.
func (v *version) field(p *model.Permission, get func(*syntax.Permission) diag.Pos) diag.Pos {
	if ps := v.perms[p.Key]; ps != nil {
		if pos := get(ps); pos.Line != 0 {
			return pos
		}
	}
	return p.Pos
}

func (v *version) idPos(p *model.Permission) diag.Pos {
	return v.field(p, func(ps *syntax.Permission) diag.Pos { return ps.ID.Pos })
}

// replacesPos returns the position of key in p's replaces, or of p's key.
func (v *version) replacesPos(p *model.Permission, key string) diag.Pos {
	return v.field(p, func(ps *syntax.Permission) diag.Pos {
		for _, r := range ps.Replaces {
			if r.Value == key {
				return r.Pos
			}
		}
		return diag.Pos{}
	})
}

// groupField returns the position of a group's field, or of its key.
func (v *version) groupField(g *model.Group, get func(*syntax.Group) diag.Pos) diag.Pos {
	if gs := v.groups[g.Key]; gs != nil {
		if pos := get(gs); pos.Line != 0 {
			return pos
		}
	}
	return g.Pos
}

// roleEntry returns the position of the entry naming key in a role's
// permissions (or, with includes, in its includes), or of the role's key.
func (v *version) roleEntry(ro *model.Role, key string, includes bool) diag.Pos {
	if rs := v.roles[ro.Key]; rs != nil {
		list := rs.Permissions
		if includes {
			list = rs.Includes
		}
		for _, s := range list {
			if s.Value == key {
				return s.Pos
			}
		}
	}
	return ro.Pos
}

// migratesTo returns the permissions a stored key turns into when read:
// itself for a live key, its replacements for a replaced one, nothing for
// a key that is reserved only or unknown. known is false for an unknown
// key, which the decoders reject.
func (v *version) migratesTo(key string) (ps []*model.Permission, known bool) {
	if p := v.byKey[key]; p != nil {
		return []*model.Permission{p}, true
	}
	if by := v.replacedBy[key]; by != nil {
		return by, true
	}
	_, reserved := v.retired[key]
	return nil, reserved
}

func groupKey(g *model.Group) string {
	if g == nil {
		return ""
	}
	return g.Key
}

func describeGroup(key string) string {
	if key == "" {
		return "no group"
	}
	return "group " + key
}

func keysOf(ps []*model.Permission) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Key
	}
	return out
}
