// Package semdiff summarizes what a change to a catalog spec means, for a
// reviewer who would otherwise read the diff of the generated code: which
// permissions were added, removed, renamed or retired; which requirements
// and feature gates were added or dropped; what each role can do that it
// could not, and the reverse; which stored grants change meaning; and what
// package compat finds.
//
// # Features
//
// Whether a permission takes effect depends on the features an
// installation has on. Instead of picking combinations, a role's gains and
// losses list each permission with the features it needs: its own gate,
// its group's and its ancestors', and those of everything it requires (the
// generated Effective and Can apply all of them). The permission takes
// effect for the role exactly when those features are on, so the list
// answers for every combination. A permission the role holds before and
// after whose needed features changed is listed as regated.
//
// # Identity
//
// Permissions are matched as compat matches them ([compat.Pair]): by key,
// then by ID. Roles, groups and features are matched by key.
package semdiff

import (
	"maps"
	"slices"
	"strings"

	"github.com/permcat/permcat/internal/compat"
	"github.com/permcat/permcat/internal/model"
)

// Format and Version identify the JSON form of a Diff.
const (
	Format  = "permcat-diff"
	Version = 1
)

// Diff is what a spec change means. Its JSON form is stable: the fields
// below with these names, every list present (empty, never null) and in a
// deterministic order.
type Diff struct {
	Format  string `json:"format"`  // always "permcat-diff"
	Version int    `json:"version"` // 1
	Old     string `json:"old"`     // the old spec, as named on the command line or REV:path
	New     string `json:"new"`

	Permissions  Permissions         `json:"permissions"`
	Requirements []RequirementChange `json:"requirements"` // direct requires edges, by permission
	Gates        []GateChange        `json:"gates"`        // features gating a permission, by permission
	Roles        []RoleChange        `json:"roles"`        // roles added, removed or changed in effect
	StoredKeys   []KeyChange         `json:"stored_keys"`  // keys stored grants may hold, by key
	StoredBits   []BitChange         `json:"stored_bits"`  // bits stored bitmasks may hold, by bit
	Grants       []GrantChange       `json:"grants"`       // when stored grants of a permission take effect
	Findings     []Finding           `json:"findings"`     // compat's findings, sorted as compat sorts them
}

// Permissions lists the permissions whose identity changed.
type Permissions struct {
	Added      []Added      `json:"added"`      // by ID
	Removed    []Removed    `json:"removed"`    // by old ID
	Renamed    []Renamed    `json:"renamed"`    // by ID
	Renumbered []Renumbered `json:"renumbered"` // by old ID
	Deprecated []Deprecated `json:"deprecated"` // newly deprecated, by ID
}

// Added is a permission new in this version.
type Added struct {
	Key  string `json:"key"`
	ID   int    `json:"id"`
	Name string `json:"name"` // display name
}

// Removed is a permission that is gone. It is retired when its ID is
// reserved and its key reserved or replaced; compat fails any other
// removal.
type Removed struct {
	Key        string   `json:"key"`
	ID         int      `json:"id"`
	IDReserved bool     `json:"id_reserved"`
	KeyRetired bool     `json:"key_retired"`
	ReplacedBy []string `json:"replaced_by"` // what stored keys naming it now migrate to
}

// Renamed is a permission that kept its ID under a new key.
type Renamed struct {
	OldKey string `json:"old_key"`
	Key    string `json:"key"`
	ID     int    `json:"id"`
}

// Renumbered is a permission that kept its key under a new ID (compat
// fails it).
type Renumbered struct {
	Key   string `json:"key"`
	OldID int    `json:"old_id"`
	ID    int    `json:"id"`
}

// Deprecated is a permission that became deprecated.
type Deprecated struct {
	Key    string `json:"key"`
	Reason string `json:"reason"`
}

// Change words.
const (
	ChangeAdded   = "added"
	ChangeDropped = "dropped"
	ChangeRemoved = "removed"
	ChangeChanged = "changed"
)

// RequirementChange is a direct requirement of a permission present in
// both versions, added or dropped.
type RequirementChange struct {
	Permission string `json:"permission"`
	Requires   string `json:"requires"`
	Change     string `json:"change"` // "added" or "dropped"
}

// GateChange is a feature that now gates a permission present in both
// versions, or no longer does.
type GateChange struct {
	Permission string `json:"permission"`
	Feature    string `json:"feature"`
	Change     string `json:"change"` // "added" or "dropped"
	Via        string `json:"via"`    // the group the gate comes (came) from; "" for the permission's own
}

// RoleChange is what a role can do that it could not, and the reverse, in
// effect: its permissions after includes, each with the features it needs.
type RoleChange struct {
	Key     string   `json:"key"`
	Change  string   `json:"change"` // "added", "removed" or "changed"
	Gained  []Access `json:"gained"` // by ID in the new version
	Lost    []Access `json:"lost"`   // by ID in the old version
	Regated []Regate `json:"regated"`
}

// Access is a permission with the features that must be on for it to take
// effect (empty: it always does).
type Access struct {
	Permission string   `json:"permission"`
	Features   []string `json:"features"`
}

// Regate is a permission a role holds in both versions whose needed
// features changed.
type Regate struct {
	Permission  string   `json:"permission"`
	OldFeatures []string `json:"old_features"`
	Features    []string `json:"features"`
}

// KeyChange is a key stored grants may hold (a live or retired key of the
// old version) whose meaning changed.
type KeyChange struct {
	Key    string  `json:"key"`
	Before Meaning `json:"before"`
	After  Meaning `json:"after"`
}

// Meaning kinds: what a decoder does with a stored key or bit.
const (
	KindPermission = "permission" // the live permission with that key or ID
	KindMigrates   = "migrates"   // the permissions that replaced the key
	KindDropped    = "dropped"    // reserved: read as nothing
	KindUnknown    = "unknown"    // rejected with an error
)

// Meaning is what a stored key or bit decodes to.
type Meaning struct {
	Kind        string   `json:"kind"`
	Permissions []string `json:"permissions"` // keys in the version concerned
}

// BitChange is a bit stored bitmasks may hold (an ID or reserved ID of the
// old version) whose meaning changed.
type BitChange struct {
	Bit    int     `json:"bit"`
	Before Meaning `json:"before"`
	After  Meaning `json:"after"`
}

// GrantChange says when stored grants of a permission present in both
// versions take effect: what it requires (directly or not) and which
// features it needs (its own, its groups', those of what it requires).
// Dropped ones make grants that lacked them take effect; added ones make
// grants that lack them stop taking effect.
type GrantChange struct {
	Permission      string   `json:"permission"`
	RequiresAdded   []string `json:"requires_added"`
	RequiresDropped []string `json:"requires_dropped"`
	FeaturesAdded   []string `json:"features_added"`
	FeaturesDropped []string `json:"features_dropped"`
}

// Finding is one compat finding, as compat's JSON form writes it.
type Finding = compat.JSONFinding

// Compare summarizes the change from old to new. old.Catalog may be an
// empty catalog (a spec new at a revision): everything is then added.
func Compare(old, new *compat.Spec) *Diff {
	d := &Diff{Format: Format, Version: Version, Old: old.Catalog.Path, New: new.Catalog.Path}
	c := newComparison(old.Catalog, new.Catalog)
	d.Permissions = c.permissions()
	d.Requirements = c.requirements()
	d.Gates = c.gates()
	d.Roles = c.roles()
	d.StoredKeys = c.storedKeys()
	d.StoredBits = c.storedBits()
	d.Grants = c.grants()
	d.Findings = compat.JSONFindings(compat.Compare(old, new))
	return d
}

type comparison struct {
	old, new         *model.Catalog
	oldIdx, newIdx   *index
	pairOld, pairNew map[*model.Permission]*model.Permission
	oldNeeds         map[*model.Permission][]string
	newNeeds         map[*model.Permission][]string
}

// index holds the look-ups of one catalog, so that a comparison stays
// linear in the size of the catalogs.
type index struct {
	byKey        map[string]*model.Permission
	byID         map[int]*model.Permission
	replacedBy   map[string][]*model.Permission
	reservedKeys map[string]bool
	reservedIDs  map[int]bool
}

func newIndex(cat *model.Catalog) *index {
	x := &index{
		byKey:        map[string]*model.Permission{},
		byID:         map[int]*model.Permission{},
		replacedBy:   map[string][]*model.Permission{},
		reservedKeys: map[string]bool{},
		reservedIDs:  map[int]bool{},
	}
	for _, p := range cat.Permissions {
		x.byKey[p.Key], x.byID[p.ID] = p, p
	}
	for _, l := range cat.Legacy {
		x.replacedBy[l.Key] = l.By
	}
	for _, k := range cat.ReservedKeys {
		x.reservedKeys[k] = true
	}
	for _, id := range cat.ReservedIDs {
		x.reservedIDs[id] = true
	}
	return x
}

func newComparison(old, new *model.Catalog) *comparison {
	c := &comparison{
		old: old, new: new,
		oldIdx:   newIndex(old),
		newIdx:   newIndex(new),
		pairOld:  compat.Pair(old, new),
		pairNew:  map[*model.Permission]*model.Permission{},
		oldNeeds: needs(old),
		newNeeds: needs(new),
	}
	for p, q := range c.pairOld {
		c.pairNew[q] = p
	}
	return c
}

// needs maps every permission to the keys of the features it needs to take
// effect, in declaration order: its gates and those of its closure.
func needs(cat *model.Catalog) map[*model.Permission][]string {
	out := map[*model.Permission][]string{}
	for _, p := range cat.Permissions {
		on := map[*model.Feature]bool{}
		for _, r := range append([]*model.Permission{p}, p.Closure()...) {
			for _, f := range r.Gates {
				on[f] = true
			}
		}
		keys := []string{}
		for _, f := range cat.Features {
			if on[f] {
				keys = append(keys, f.Key)
			}
		}
		out[p] = keys
	}
	return out
}

// kept calls f for each permission present in both versions, by old ID.
func (c *comparison) kept(f func(p, q *model.Permission)) {
	for _, p := range c.old.ByID {
		if q := c.pairOld[p]; q != nil {
			f(p, q)
		}
	}
}

// nowKey names an old permission by its key in new, or its old key if it
// is gone.
func (c *comparison) nowKey(p *model.Permission) string {
	if q := c.pairOld[p]; q != nil {
		return q.Key
	}
	return p.Key
}

func (c *comparison) permissions() Permissions {
	ps := Permissions{Added: []Added{}, Removed: []Removed{}, Renamed: []Renamed{}, Renumbered: []Renumbered{}, Deprecated: []Deprecated{}}
	for _, q := range c.new.ByID {
		if c.pairNew[q] == nil {
			ps.Added = append(ps.Added, Added{Key: q.Key, ID: q.ID, Name: q.Name})
		}
	}
	for _, p := range c.old.ByID {
		q := c.pairOld[p]
		if q == nil {
			by := keys(c.newIdx.replacedBy[p.Key])
			ps.Removed = append(ps.Removed, Removed{
				Key: p.Key, ID: p.ID, IDReserved: c.newIdx.reservedIDs[p.ID],
				KeyRetired: len(by) > 0 || c.newIdx.reservedKeys[p.Key],
				ReplacedBy: by,
			})
			continue
		}
		if p.Key != q.Key {
			ps.Renamed = append(ps.Renamed, Renamed{OldKey: p.Key, Key: q.Key, ID: q.ID})
		} else if p.ID != q.ID {
			ps.Renumbered = append(ps.Renumbered, Renumbered{Key: q.Key, OldID: p.ID, ID: q.ID})
		}
	}
	slices.SortFunc(ps.Renamed, func(a, b Renamed) int { return a.ID - b.ID })
	for _, q := range c.new.ByID {
		if p := c.pairNew[q]; p != nil && p.Deprecated == "" && q.Deprecated != "" {
			ps.Deprecated = append(ps.Deprecated, Deprecated{Key: q.Key, Reason: q.Deprecated})
		}
	}
	return ps
}

func keys(ps []*model.Permission) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Key
	}
	return out
}

func (c *comparison) requirements() []RequirementChange {
	out := []RequirementChange{}
	c.kept(func(p, q *model.Permission) {
		before := map[*model.Permission]bool{} // p's direct requirements, as permissions of new
		for _, e := range p.Requires {
			if nq := c.pairOld[e.To]; nq != nil {
				before[nq] = true
			}
		}
		after := map[*model.Permission]bool{}
		for _, e := range q.Requires {
			after[e.To] = true
			if !before[e.To] {
				out = append(out, RequirementChange{Permission: q.Key, Requires: e.To.Key, Change: ChangeAdded})
			}
		}
		for _, e := range p.Requires {
			if nq := c.pairOld[e.To]; nq == nil || !after[nq] {
				out = append(out, RequirementChange{Permission: q.Key, Requires: c.nowKey(e.To), Change: ChangeDropped})
			}
		}
	})
	return out
}

// gateSource names where a feature gating p comes from: "" for p's own
// gate, else the group (p's or an ancestor) that carries it.
func gateSource(p *model.Permission, key string) string {
	if p.Feature != nil && p.Feature.Key == key {
		return ""
	}
	for g := p.Group; g != nil; g = g.Parent {
		if g.Feature != nil && g.Feature.Key == key {
			return g.Key
		}
	}
	return ""
}

func (c *comparison) gates() []GateChange {
	out := []GateChange{}
	c.kept(func(p, q *model.Permission) {
		has := func(x *model.Permission, key string) bool {
			return slices.ContainsFunc(x.Gates, func(f *model.Feature) bool { return f.Key == key })
		}
		for _, f := range q.Gates {
			if !has(p, f.Key) {
				out = append(out, GateChange{Permission: q.Key, Feature: f.Key, Change: ChangeAdded, Via: gateSource(q, f.Key)})
			}
		}
		for _, f := range p.Gates {
			if !has(q, f.Key) {
				out = append(out, GateChange{Permission: q.Key, Feature: f.Key, Change: ChangeDropped, Via: gateSource(p, f.Key)})
			}
		}
	})
	return out
}

func (c *comparison) roles() []RoleChange {
	out := []RoleChange{}
	oldRoles := map[string]*model.Role{}
	for _, r := range c.old.Roles {
		oldRoles[r.Key] = r
	}
	seen := map[string]bool{}
	for _, nr := range c.new.Roles {
		seen[nr.Key] = true
		or := oldRoles[nr.Key]
		rc := RoleChange{Key: nr.Key, Change: ChangeChanged, Gained: []Access{}, Lost: []Access{}, Regated: []Regate{}}
		var oldAll []*model.Permission
		if or == nil {
			rc.Change = ChangeAdded
		} else {
			oldAll = or.All
		}
		had := map[*model.Permission]*model.Permission{} // new permission -> old, for what the role held
		for _, p := range oldAll {
			if q := c.pairOld[p]; q != nil {
				had[q] = p
			}
		}
		holds := map[*model.Permission]bool{}
		for _, q := range nr.All {
			holds[q] = true
			p, ok := had[q]
			switch {
			case !ok:
				rc.Gained = append(rc.Gained, Access{Permission: q.Key, Features: c.newNeeds[q]})
			case !slices.Equal(c.oldNeeds[p], c.newNeeds[q]):
				rc.Regated = append(rc.Regated, Regate{Permission: q.Key, OldFeatures: c.oldNeeds[p], Features: c.newNeeds[q]})
			}
		}
		for _, p := range oldAll {
			if q := c.pairOld[p]; q == nil || !holds[q] {
				rc.Lost = append(rc.Lost, Access{Permission: c.nowKey(p), Features: c.oldNeeds[p]})
			}
		}
		if rc.Change == ChangeAdded || len(rc.Gained)+len(rc.Lost)+len(rc.Regated) > 0 {
			out = append(out, rc)
		}
	}
	for _, or := range c.old.Roles {
		if seen[or.Key] {
			continue
		}
		rc := RoleChange{Key: or.Key, Change: ChangeRemoved, Gained: []Access{}, Lost: []Access{}, Regated: []Regate{}}
		for _, p := range or.All {
			rc.Lost = append(rc.Lost, Access{Permission: c.nowKey(p), Features: c.oldNeeds[p]})
		}
		out = append(out, rc)
	}
	return out
}

// keyMeaning is what a decoder of the catalog does with a stored key.
func (x *index) keyMeaning(key string) (Meaning, []*model.Permission) {
	if p := x.byKey[key]; p != nil {
		return Meaning{Kind: KindPermission, Permissions: []string{p.Key}}, []*model.Permission{p}
	}
	if by := x.replacedBy[key]; by != nil {
		return Meaning{Kind: KindMigrates, Permissions: keys(by)}, by
	}
	if x.reservedKeys[key] {
		return Meaning{Kind: KindDropped, Permissions: []string{}}, nil
	}
	return Meaning{Kind: KindUnknown, Permissions: []string{}}, nil
}

func (c *comparison) storedKeys() []KeyChange {
	known := map[string]bool{}
	for _, p := range c.old.Permissions {
		known[p.Key] = true
	}
	for _, l := range c.old.Legacy {
		known[l.Key] = true
	}
	for _, k := range c.old.ReservedKeys {
		known[k] = true
	}
	out := []KeyChange{}
	for _, key := range slices.Sorted(maps.Keys(known)) {
		before, bp := c.oldIdx.keyMeaning(key)
		after, ap := c.newIdx.keyMeaning(key)
		if c.sameMeaning(before, bp, after, ap) {
			continue
		}
		out = append(out, KeyChange{Key: key, Before: before, After: after})
	}
	return out
}

// sameMeaning reports whether an old meaning and a new one grant the same
// permissions, or fail the same way.
func (c *comparison) sameMeaning(before Meaning, bp []*model.Permission, after Meaning, ap []*model.Permission) bool {
	if len(bp) == 0 || len(ap) == 0 {
		return len(bp) == 0 && len(ap) == 0 && before.Kind == after.Kind
	}
	if len(bp) != len(ap) {
		return false
	}
	for _, p := range bp {
		if q := c.pairOld[p]; q == nil || !slices.Contains(ap, q) {
			return false
		}
	}
	return true
}

// bitMeaning is what a decoder of the catalog does with a stored bit.
func (x *index) bitMeaning(bit int) (Meaning, *model.Permission) {
	if p := x.byID[bit]; p != nil {
		return Meaning{Kind: KindPermission, Permissions: []string{p.Key}}, p
	}
	if x.reservedIDs[bit] {
		return Meaning{Kind: KindDropped, Permissions: []string{}}, nil
	}
	return Meaning{Kind: KindUnknown, Permissions: []string{}}, nil
}

func (c *comparison) storedBits() []BitChange {
	known := map[int]bool{}
	for _, p := range c.old.Permissions {
		known[p.ID] = true
	}
	for _, id := range c.old.ReservedIDs {
		known[id] = true
	}
	out := []BitChange{}
	for _, bit := range slices.Sorted(maps.Keys(known)) {
		before, bp := c.oldIdx.bitMeaning(bit)
		after, ap := c.newIdx.bitMeaning(bit)
		var bs, as []*model.Permission
		if bp != nil {
			bs = []*model.Permission{bp}
		}
		if ap != nil {
			as = []*model.Permission{ap}
		}
		if c.sameMeaning(before, bs, after, as) {
			continue
		}
		out = append(out, BitChange{Bit: bit, Before: before, After: after})
	}
	return out
}

func (c *comparison) grants() []GrantChange {
	out := []GrantChange{}
	c.kept(func(p, q *model.Permission) {
		g := GrantChange{Permission: q.Key, RequiresAdded: []string{}, RequiresDropped: []string{}}
		pc := p.Closure()
		before := map[*model.Permission]bool{}
		for _, r := range pc {
			if nr := c.pairOld[r]; nr != nil {
				before[nr] = true
			}
		}
		after := map[*model.Permission]bool{}
		for _, r := range q.Closure() {
			after[r] = true
			if !before[r] {
				g.RequiresAdded = append(g.RequiresAdded, r.Key)
			}
		}
		for _, r := range pc {
			if nr := c.pairOld[r]; nr == nil || !after[nr] {
				g.RequiresDropped = append(g.RequiresDropped, c.nowKey(r))
			}
		}
		g.FeaturesAdded = minus(c.newNeeds[q], c.oldNeeds[p])
		g.FeaturesDropped = minus(c.oldNeeds[p], c.newNeeds[q])
		if len(g.RequiresAdded)+len(g.RequiresDropped)+len(g.FeaturesAdded)+len(g.FeaturesDropped) > 0 {
			out = append(out, g)
		}
	})
	return out
}

// minus returns the strings of a that are not in b, in a's order.
func minus(a, b []string) []string {
	out := []string{}
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

// Empty reports whether the change means nothing: no section has an
// entry and compat finds nothing.
func (d *Diff) Empty() bool {
	ps := d.Permissions
	return len(ps.Added)+len(ps.Removed)+len(ps.Renamed)+len(ps.Renumbered)+len(ps.Deprecated)+
		len(d.Requirements)+len(d.Gates)+len(d.Roles)+len(d.StoredKeys)+len(d.StoredBits)+len(d.Grants)+len(d.Findings) == 0
}

// featureList renders needed features for prose: "always" or "with a and b".
func featureList(fs []string) string {
	if len(fs) == 0 {
		return "always"
	}
	return "with " + strings.Join(fs, " and ")
}

// Nothing returns the version a spec that is new (absent at a revision) is
// compared with: a catalog named name with no permissions, roles or
// features, and the Go names of like, so that the diff lists everything
// like declares as added and compat finds nothing to object to.
func Nothing(name string, like *compat.Spec) *compat.Spec {
	return &compat.Spec{Catalog: &model.Catalog{
		Path:    name,
		Name:    like.Catalog.Name,
		Package: like.Catalog.Package,
		Type:    like.Catalog.Type,
	}}
}
