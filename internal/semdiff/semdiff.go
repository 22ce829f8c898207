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
//
// # Size
//
// A spec of a few hundred kilobytes can make a catalog quadratic: a chain
// of 20,000 permissions, each requiring the one before, has closures
// totalling 200 million entries, and a chain of 3,000 roles, each
// including the one before, holds 4.5 million permissions in all. A diff
// listing every permission a role gains or loses, or every requirement a
// stored grant gains or drops, would be as large, so those lists, which
// come once per role and once per permission, are capped: each names at
// most [Options.MaxList] entries (by default [DefaultMaxList]), the first
// by ID, and a count says how many it leaves out (gained_omitted,
// lost_omitted, regated_omitted, requires_added_omitted,
// requires_dropped_omitted in JSON, "and N more" in text and Markdown).
// The cap is the same in every format, and written in the JSON as
// max_list. Every other list has at most one entry per permission, edge,
// role, key or bit of the specs, and the compat findings are bounded the
// same way (see package compat), so that a diff is linear in the specs
// times the cap. The comparison itself never lists a closure: package
// closures counts what one permission requires that another does not over
// bit sets.
package semdiff

import (
	"maps"
	"slices"
	"strings"

	"github.com/permcat/permcat/internal/compat"
	"github.com/permcat/permcat/internal/compat/closures"
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
	// MaxList is the most entries a capped list holds: the lists of a
	// RoleChange and the requires lists of a GrantChange.
	MaxList int `json:"max_list"`

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
//
// Each list names its first MaxList entries; its Omitted count says how
// many more there are.
type RoleChange struct {
	Key            string   `json:"key"`
	Change         string   `json:"change"` // "added", "removed" or "changed"
	Gained         []Access `json:"gained"` // by ID in the new version
	GainedOmitted  int      `json:"gained_omitted"`
	Lost           []Access `json:"lost"` // by ID in the old version
	LostOmitted    int      `json:"lost_omitted"`
	Regated        []Regate `json:"regated"` // by ID in the new version
	RegatedOmitted int      `json:"regated_omitted"`
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
// grants that lack them stop taking effect. The requires lists name their
// first MaxList permissions by ID; their Omitted counts say how many more
// there are.
type GrantChange struct {
	Permission             string   `json:"permission"`
	RequiresAdded          []string `json:"requires_added"`
	RequiresAddedOmitted   int      `json:"requires_added_omitted"`
	RequiresDropped        []string `json:"requires_dropped"`
	RequiresDroppedOmitted int      `json:"requires_dropped_omitted"`
	FeaturesAdded          []string `json:"features_added"`
	FeaturesDropped        []string `json:"features_dropped"`
}

// Finding is one compat finding, as compat's JSON form writes it.
type Finding = compat.JSONFinding

// DefaultMaxList is how many entries a capped list of a Diff names
// unless Options.MaxList says otherwise.
const DefaultMaxList = 20

// Options tune a comparison.
type Options struct {
	// MaxList caps the lists that come once per role or permission and
	// can each be as long as the catalog: what a role gains, loses or
	// has regated, what a stored grant requires more or less. Each names
	// its first MaxList entries and counts the rest. 0 means
	// DefaultMaxList.
	MaxList int
}

// Compare summarizes the change from old to new. old.Catalog may be an
// empty catalog (a spec new at a revision): everything is then added.
func Compare(old, new *compat.Spec, opts Options) *Diff {
	most := opts.MaxList
	if most <= 0 {
		most = DefaultMaxList
	}
	d := &Diff{Format: Format, Version: Version, Old: old.Catalog.Path, New: new.Catalog.Path, MaxList: most}
	c := newComparison(old.Catalog, new.Catalog, most)
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
	// cl numbers the permissions of both versions and compares their
	// closures without listing them.
	cl *closures.Versions
	// oldNeeds and newNeeds hold, by number, the features each
	// permission needs (see needs).
	oldNeeds, newNeeds []needed
	// most is the cap of the capped lists.
	most int
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

func newComparison(old, new *model.Catalog, most int) *comparison {
	c := &comparison{
		old: old, new: new,
		oldIdx:  newIndex(old),
		newIdx:  newIndex(new),
		pairOld: compat.Pair(old, new),
		pairNew: map[*model.Permission]*model.Permission{},
		most:    most,
	}
	for p, q := range c.pairOld {
		c.pairNew[q] = p
	}
	c.cl = closures.Index(old, new, c.pairOld)
	c.oldNeeds = needs(old, c.cl, closures.Old)
	c.newNeeds = needs(new, c.cl, closures.New)
	return c
}

// needed is the keys of the features a permission needs to take
// effect, in declaration order.
type needed []string

// needs returns, for every permission of one version by number, the
// features it needs to take effect: its gates and those of everything it
// requires. They are computed as bit masks in topological order, each
// permission's from its direct requirements', so that no closure is
// walked; permissions that need the same features share one list.
func needs(cat *model.Catalog, cl *closures.Versions, s closures.Side) []needed {
	masks := make([]uint64, cl.Len(s))
	for _, i := range cl.Order(s) {
		var m uint64
		for _, f := range cl.Permission(s, int(i)).Gates {
			m |= 1 << f.Index
		}
		for _, u := range cl.Requires(s, int(i)) {
			m |= masks[u]
		}
		masks[i] = m
	}
	lists := map[uint64]needed{}
	out := make([]needed, len(masks))
	for i, m := range masks {
		keys, ok := lists[m]
		if !ok {
			keys = needed{}
			for _, f := range cat.Features {
				if m&(1<<f.Index) != 0 {
					keys = append(keys, f.Key)
				}
			}
			lists[m] = keys
		}
		out[i] = keys
	}
	return out
}

// oldNeed and newNeed return the features a permission of either
// version needs.
func (c *comparison) oldNeed(p *model.Permission) needed {
	if i := c.cl.Number(closures.Old, p); i >= 0 {
		return c.oldNeeds[i]
	}
	return needed{}
}

func (c *comparison) newNeed(q *model.Permission) needed {
	if j := c.cl.Number(closures.New, q); j >= 0 {
		return c.newNeeds[j]
	}
	return needed{}
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

// roles compares what each role holds after includes. The lists come
// from the model's lists of what the roles hold (Role.All) and a mark per
// permission, so that the work is linear in those lists, and only the
// first entries of each are kept.
func (c *comparison) roles() []RoleChange {
	out := []RoleChange{}
	oldRoles := map[string]*model.Role{}
	for _, r := range c.old.Roles {
		oldRoles[r.Key] = r
	}
	// regated marks, by old number, the permissions present in both
	// versions whose needed features changed.
	regated := make([]bool, c.cl.Len(closures.Old))
	for i := range regated {
		if j := c.cl.Pair(closures.Old, i); j >= 0 {
			regated[i] = !slices.Equal(c.oldNeeds[i], c.newNeeds[j])
		}
	}
	had := newMarks(c.cl.Len(closures.New))   // the permissions of new the old role held
	holds := newMarks(c.cl.Len(closures.New)) // the permissions of new the new role holds
	seen := map[string]bool{}
	for _, nr := range c.new.Roles {
		seen[nr.Key] = true
		or := oldRoles[nr.Key]
		rc := RoleChange{Key: nr.Key, Change: ChangeChanged, Gained: []Access{}, Lost: []Access{}, Regated: []Regate{}}
		var oldAll []*model.Permission
		if or == nil {
			rc.Change = ChangeAdded
		} else {
			oldAll = or.All()
		}
		had.clear()
		holds.clear()
		for _, p := range oldAll {
			if i := c.cl.Number(closures.Old, p); i >= 0 {
				if j := c.cl.Pair(closures.Old, i); j >= 0 {
					had.add(j)
				}
			}
		}
		for _, q := range nr.All() {
			j := c.cl.Number(closures.New, q)
			if j < 0 {
				continue // not a permission of the catalog: a role built by hand
			}
			holds.add(j)
			if !had.has(j) {
				if len(rc.Gained) < c.most {
					rc.Gained = append(rc.Gained, Access{Permission: q.Key, Features: c.newNeeds[j]})
				} else {
					rc.GainedOmitted++
				}
				continue
			}
			if i := c.cl.Pair(closures.New, j); regated[i] {
				if len(rc.Regated) < c.most {
					rc.Regated = append(rc.Regated, Regate{Permission: q.Key, OldFeatures: c.oldNeeds[i], Features: c.newNeeds[j]})
				} else {
					rc.RegatedOmitted++
				}
			}
		}
		for _, p := range oldAll {
			j := -1
			if i := c.cl.Number(closures.Old, p); i >= 0 {
				j = c.cl.Pair(closures.Old, i)
			}
			if j < 0 || !holds.has(j) {
				rc.addLost(c, p, c.most)
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
		for _, p := range or.All() {
			rc.addLost(c, p, c.most)
		}
		out = append(out, rc)
	}
	return out
}

// addLost lists p, an old permission, as lost, unless the list is full.
func (rc *RoleChange) addLost(c *comparison, p *model.Permission, most int) {
	if len(rc.Lost) < most {
		rc.Lost = append(rc.Lost, Access{Permission: c.nowKey(p), Features: c.oldNeed(p)})
	} else {
		rc.LostOmitted++
	}
}

// marks is a set of permission numbers that empties in constant time.
type marks struct {
	stamp []int32
	now   int32
}

func newMarks(n int) *marks { return &marks{stamp: make([]int32, n), now: 1} }

func (m *marks) clear()         { m.now++ }
func (m *marks) add(i int)      { m.stamp[i] = m.now }
func (m *marks) has(i int) bool { return m.stamp[i] == m.now }

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
		if q := c.pairOld[p]; q == nil || !holds(ap, q) {
			return false
		}
	}
	return true
}

// holds reports whether ps, sorted by ID as the replacements of a key
// are, holds p: a binary search, so that comparing what a key replaced by
// thousands of permissions means stays quasi-linear.
func holds(ps []*model.Permission, p *model.Permission) bool {
	i, ok := slices.BinarySearchFunc(ps, p.ID, func(x *model.Permission, id int) int { return x.ID - id })
	return ok && ps[i] == p
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

// grants says, for each permission present in both versions, what its
// stored grants now need more or less. What it requires is compared over
// bit sets (package closures), and only for the permissions whose
// requirements may have changed: the others' are known to be equal.
func (c *comparison) grants() []GrantChange {
	same := c.cl.Unchanged()
	type kept struct{ p, q *model.Permission }
	var pairs []kept
	var addQ, dropQ []closures.Query
	c.kept(func(p, q *model.Permission) {
		if i := c.cl.Number(closures.Old, p); i < 0 || !same[i] {
			pairs = append(pairs, kept{p, q})
			addQ = append(addQ, closures.Query{A: q, B: p})
			dropQ = append(dropQ, closures.Query{A: p, B: q})
		}
	})
	added := c.cl.Minus(closures.New, addQ, c.most)
	dropped := c.cl.Minus(closures.Old, dropQ, c.most)
	out := []GrantChange{}
	k := 0
	c.kept(func(p, q *model.Permission) {
		g := GrantChange{Permission: q.Key, RequiresAdded: []string{}, RequiresDropped: []string{}}
		if k < len(pairs) && pairs[k].p == p {
			for _, r := range added[k].First {
				g.RequiresAdded = append(g.RequiresAdded, r.Key)
			}
			for _, r := range dropped[k].First {
				g.RequiresDropped = append(g.RequiresDropped, c.nowKey(r))
			}
			g.RequiresAddedOmitted = added[k].Count - len(added[k].First)
			g.RequiresDroppedOmitted = dropped[k].Count - len(dropped[k].First)
			k++
		}
		g.FeaturesAdded = minus(c.newNeed(q), c.oldNeed(p))
		g.FeaturesDropped = minus(c.oldNeed(p), c.newNeed(q))
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
