// Package compat compares two versions of a catalog spec and reports the
// changes that would corrupt data stored under the old version (breaking)
// or change what existing grants mean (warnings).
//
// Stored grants are bitmasks indexed by permission ID, and sometimes lists
// of keys (a Set's text and JSON forms). Both survive a change only if every
// ID and key keeps its meaning forever: an ID or key that leaves the catalog
// is reserved (reserved.ids, reserved.keys) or, for a key, listed in the
// replaces of its successor, and is never handed to another permission.
//
// Identity: a permission of the old spec is the permission of the new spec
// with the same key; failing that, the one with the same ID (a rename, which
// must list the old key in replaces). Everything else is removed or added.
//
// Rules, breaking (exit status 1 in permcat compat):
//
//	removed-unreserved        a permission is gone and its ID is not reserved or its key is not retired
//	id-changed                a key now has another ID
//	id-reused                 a new permission takes an ID that was reserved or belonged to another permission
//	key-reused                a permission takes a key that was retired (reserved or replaced)
//	renamed-without-replaces  a permission keeps an old ID under a new key without listing the old key in replaces
//	reserved-deleted          a reserved ID or key, or a replaced key, is no longer retired
//	type-narrowed             the generated Go type shrinks (uint16 to uint8), so stored IDs above its range no longer convert
//	type-renamed              catalog.type changed: every importer naming the type stops compiling
//	package-renamed           the Go package name changed: every importer referring to it stops compiling
//
// Warnings (existing grants keep their bits but change meaning):
//
//	requirement-added   a permission requires more than before, so existing grants lose effect until that is granted too
//	group-changed       a permission moved to another group
//	feature-gate-added  a feature now gates a permission, so its grants have no effect while the feature is off
//	deprecated          a permission became deprecated
//
// type-renamed and package-renamed are breaking although stored data is
// unaffected: the generated package is an API, and a renamed type or package
// breaks the build of every importer with nothing in the spec (unlike a
// permission key, which has replaces) to record the old name. A changed
// go_name of one permission is not reported: renames are expected to change
// constants, and the key, which is what data stores, is checked.
package compat

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/permcat/permcat/internal/diag"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/syntax"
)

// Severity says whether a finding breaks stored data (or compiles) or only
// changes what existing grants mean.
type Severity int

const (
	Breaking Severity = iota + 1
	Warning
)

// String returns "breaking" or "warning", the words the output formats use.
func (s Severity) String() string {
	switch s {
	case Breaking:
		return "breaking"
	case Warning:
		return "warning"
	}
	return "Severity(" + strconv.Itoa(int(s)) + ")"
}

// Rule names, kebab-case; they are part of the output formats and stable.
const (
	RuleRemovedUnreserved      = "removed-unreserved"
	RuleIDChanged              = "id-changed"
	RuleIDReused               = "id-reused"
	RuleKeyReused              = "key-reused"
	RuleRenamedWithoutReplaces = "renamed-without-replaces"
	RuleReservedDeleted        = "reserved-deleted"
	RuleTypeNarrowed           = "type-narrowed"
	RuleTypeRenamed            = "type-renamed"
	RulePackageRenamed         = "package-renamed"
	RuleRequirementAdded       = "requirement-added"
	RuleGroupChanged           = "group-changed"
	RuleFeatureGateAdded       = "feature-gate-added"
	RuleDeprecated             = "deprecated"
)

// Rule describes one rule.
type Rule struct {
	Name     string
	Severity Severity
	Summary  string
}

// Rules lists every rule, breaking first.
var Rules = []Rule{
	{RuleRemovedUnreserved, Breaking, "a permission is removed without reserving its ID and retiring its key"},
	{RuleIDChanged, Breaking, "a permission's key now has another ID"},
	{RuleIDReused, Breaking, "a permission takes an ID that was reserved or belonged to another permission"},
	{RuleKeyReused, Breaking, "a permission takes a key that was reserved or replaced"},
	{RuleRenamedWithoutReplaces, Breaking, "a permission keeps an old ID under a new key without listing the old key in replaces"},
	{RuleReservedDeleted, Breaking, "a reserved ID or key, or a replaced key, is no longer retired"},
	{RuleTypeNarrowed, Breaking, "the generated Go type shrinks, so stored IDs above its range no longer convert"},
	{RuleTypeRenamed, Breaking, "catalog.type changed, so importers naming the type stop compiling"},
	{RulePackageRenamed, Breaking, "the Go package name changed, so importers stop compiling"},
	{RuleRequirementAdded, Warning, "a permission requires more, so existing grants lose effect until that is granted too"},
	{RuleGroupChanged, Warning, "a permission moved to another group"},
	{RuleFeatureGateAdded, Warning, "a feature now gates a permission, so its grants have no effect while the feature is off"},
	{RuleDeprecated, Warning, "a permission became deprecated"},
}

// Finding is one reported change.
type Finding struct {
	Rule     string
	Severity Severity
	// Pos is where the change is: in the new spec, or in the old one for
	// something deleted.
	Pos     diag.Pos
	Message string // one line
}

// String renders f as file:line:col: severity[rule]: message.
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s[%s]: %s", f.Pos, f.Severity, f.Rule, f.Message)
}

// Count returns how many findings are breaking and how many are warnings.
func Count(fs []Finding) (breaking, warnings int) {
	for _, f := range fs {
		if f.Severity == Breaking {
			breaking++
		} else {
			warnings++
		}
	}
	return breaking, warnings
}

// Spec is one version of a catalog: the resolved catalog and, for exact
// positions of IDs, fields and reserved entries, its syntax tree. File may
// be nil; findings then point at the permission's key or the file.
type Spec struct {
	Catalog *model.Catalog
	File    *syntax.File
}

// Load parses and resolves a spec, keeping its syntax tree. The error, if
// any, is the loader's diag.Errors.
func Load(path string, data []byte) (*Spec, error) {
	f, err := syntax.Load(path, data)
	if err != nil {
		return nil, err
	}
	c, err := model.Resolve(f)
	if err != nil {
		return nil, err
	}
	return &Spec{Catalog: c, File: f}, nil
}

// Compare reports what changed from old to new that matters to data stored
// under old, sorted by position, then rule, then message.
func Compare(old, new *Spec) []Finding {
	c := &comparer{
		old:     indexSpec(old),
		new:     indexSpec(new),
		pairOld: map[*model.Permission]*model.Permission{},
		pairNew: map[*model.Permission]*model.Permission{},
		gates:   map[diag.Pos]*gateFinding{},
	}
	c.pair()
	c.catalog()
	for _, p := range c.old.c.ByID {
		if q := c.pairOld[p]; q != nil {
			c.kept(p, q)
		} else {
			c.removed(p)
		}
	}
	for _, q := range c.new.c.ByID {
		c.added(q)
	}
	c.reservations()
	c.typeWidth()
	c.flushGates()
	out := c.findings
	for i := range out {
		out[i].Message = oneLine(out[i].Message)
	}
	slices.SortFunc(out, func(a, b Finding) int {
		return cmp.Or(a.Pos.Compare(b.Pos), strings.Compare(a.Rule, b.Rule), strings.Compare(a.Message, b.Message))
	})
	return slices.CompactFunc(out, func(a, b Finding) bool { return a == b })
}

// version is a spec with look-up tables.
type version struct {
	c      *model.Catalog
	f      *syntax.File // may be nil
	byKey  map[string]*model.Permission
	byID   map[int]*model.Permission
	perms  map[string]*syntax.Permission
	groups map[string]*syntax.Group
	// retired maps every retired key to where it is retired: a
	// reserved.keys entry or a replaces entry.
	retired map[string]retirement
	// reservedIDs maps reserved IDs to their position.
	reservedIDs map[int]diag.Pos
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
		retired:     map[string]retirement{},
		reservedIDs: map[int]diag.Pos{},
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

type comparer struct {
	old, new *version
	// pairOld maps an old permission to the same permission in new;
	// pairNew is the inverse.
	pairOld, pairNew map[*model.Permission]*model.Permission
	findings         []Finding
	gates            map[diag.Pos]*gateFinding
}

func (c *comparer) add(rule string, sev Severity, pos diag.Pos, format string, args ...any) {
	c.findings = append(c.findings, Finding{Rule: rule, Severity: sev, Pos: pos, Message: fmt.Sprintf(format, args...)})
}

// pair matches permissions by key, then the remaining ones by ID.
func (c *comparer) pair() {
	for _, p := range c.old.c.ByID {
		if q := c.new.byKey[p.Key]; q != nil {
			c.pairOld[p], c.pairNew[q] = q, p
		}
	}
	for _, p := range c.old.c.ByID {
		if c.pairOld[p] != nil {
			continue
		}
		if q := c.new.byID[p.ID]; q != nil && c.pairNew[q] == nil {
			c.pairOld[p], c.pairNew[q] = q, p
		}
	}
}

// catalog compares the Go names of the package and the type.
func (c *comparer) catalog() {
	o, n := c.old.c, c.new.c
	var cat syntax.Catalog
	if c.new.f != nil {
		cat = c.new.f.Catalog
	}
	at := func(s syntax.String, fallbacks ...syntax.String) diag.Pos {
		for _, x := range append([]syntax.String{s}, fallbacks...) {
			if x.Set() {
				return x.Pos
			}
		}
		if cat.Pos.Line != 0 {
			return cat.Pos
		}
		return diag.Pos{File: n.Path}
	}
	if o.Type != n.Type {
		c.add(RuleTypeRenamed, Breaking, at(cat.Type),
			"the Go type of a permission is renamed from %s to %s; every importer that names %s stops compiling (stored data is unaffected); keep \"type: %s\", or make the rename a major version of the package",
			o.Type, n.Type, o.Type, o.Type)
	}
	if o.Package != n.Package {
		c.add(RulePackageRenamed, Breaking, at(cat.Package, cat.Name),
			"the Go package is renamed from %s to %s; every importer that refers to %s stops compiling (stored data is unaffected); set \"package: %s\", or make the rename a major version of the package",
			o.Package, n.Package, o.Package, o.Package)
	}
}

// kept compares a permission present in both versions.
func (c *comparer) kept(p, q *model.Permission) {
	switch {
	case p.Key == q.Key && p.ID != q.ID:
		msg := fmt.Sprintf("permission %s changed id from %d to %d; stored bitmasks hold it at bit %d, so every existing grant of it would be lost", q.Key, p.ID, q.ID, p.ID)
		if x := c.old.byID[q.ID]; x != nil {
			msg += fmt.Sprintf(", and grants of %s (bit %d) would turn into grants of %s", x.Key, q.ID, q.Key)
		} else if pos, ok := c.old.reservedIDs[q.ID]; ok {
			msg += fmt.Sprintf(", and id %d was reserved (%s) for a retired permission whose stored bits would turn into grants of %s", q.ID, pos, q.Key)
		}
		c.add(RuleIDChanged, Breaking, c.new.idPos(q), "%s; keep id %d", msg, p.ID)
	case p.Key != q.Key && !slices.Contains(q.Replaces, p.Key):
		c.add(RuleRenamedWithoutReplaces, Breaking, q.Pos,
			"permission %s has id %d, which belonged to %s, whose key is gone: if this is a rename, add %s to the replaces of %s so that stored keys migrate and the old key stays retired; if %s is a different permission, give it an unused id and reserve %d and %s",
			q.Key, q.ID, p.Key, p.Key, q.Key, q.Key, p.ID, p.Key)
	}
	if og, ng := groupKey(p.Group), groupKey(q.Group); og != ng {
		c.add(RuleGroupChanged, Warning, c.new.field(q, func(ps *syntax.Permission) diag.Pos { return ps.Group.Pos }),
			"permission %s moved from %s to %s; the generated group sets, and any code or screen that selects permissions by group, now see it elsewhere",
			q.Key, describeGroup(og), describeGroup(ng))
	}
	if p.Deprecated == "" && q.Deprecated != "" {
		c.add(RuleDeprecated, Warning, c.new.field(q, func(ps *syntax.Permission) diag.Pos { return ps.Deprecated.Pos }),
			"permission %s is now deprecated (%s); code using its constant gets deprecation warnings, and grants of it should move to its successor",
			q.Key, strings.TrimSpace(q.Deprecated))
	}
	c.gatesAdded(p, q)
	c.requirementsAdded(p, q)
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

// requirementsAdded reports each new direct requirement of q that brings
// in a permission p did not require, directly or not. A requirement added
// further down (b now requires c, and a requires b) is reported once, on
// the edge that adds it; the message says that permissions requiring b are
// affected too.
func (c *comparer) requirementsAdded(p, q *model.Permission) {
	before := map[*model.Permission]bool{} // p's closure, as permissions of new
	for _, r := range p.Closure {
		if nr := c.pairOld[r]; nr != nil {
			before[nr] = true
		}
	}
	direct := map[*model.Permission]bool{} // p's direct requirements, as permissions of old
	for _, e := range p.Requires {
		direct[e.To] = true
	}
	for _, e := range q.Requires {
		t := e.To
		if or := c.pairNew[t]; or != nil && direct[or] {
			continue
		}
		var gained []string
		for _, r := range append([]*model.Permission{t}, t.Closure...) {
			if !before[r] {
				gained = append(gained, r.Key)
			}
		}
		if len(gained) == 0 {
			continue
		}
		what := "now requires " + t.Key
		switch {
		case gained[0] != t.Key:
			what = fmt.Sprintf("now requires %s directly, and through it %s", t.Key, list(gained))
		case len(gained) > 1:
			what += ", and through it " + list(gained[1:])
		}
		c.add(RuleRequirementAdded, Warning, e.Pos,
			"permission %s %s; existing grants of %s, and of permissions that require it, have no effect until %s %s granted too",
			q.Key, what, q.Key, list(gained), isAre(len(gained)))
	}
}

// gateFinding collects the permissions a group's feature newly gates, to
// report them in one finding.
type gateFinding struct {
	feature, group string
	pos            diag.Pos
	perms          []string
}

// gatesAdded reports features that gate q but did not gate p. A gate set on
// the permission itself is reported there; one that comes from its group
// (or an ancestor) is reported once per group, at the group's feature.
func (c *comparer) gatesAdded(p, q *model.Permission) {
	for _, f := range q.Gates {
		if slices.ContainsFunc(p.Gates, func(g *model.Feature) bool { return g.Key == f.Key }) {
			continue
		}
		if q.Feature != nil && q.Feature.Key == f.Key {
			c.add(RuleFeatureGateAdded, Warning, c.new.field(q, func(ps *syntax.Permission) diag.Pos { return ps.Feature.Pos }),
				"permission %s is now gated by feature %s; its existing grants have no effect while %s is off",
				q.Key, f.Key, f.Key)
			continue
		}
		g := q.Group
		for g != nil && (g.Feature == nil || g.Feature.Key != f.Key) {
			g = g.Parent
		}
		if g == nil {
			continue // unreachable: a gate comes from the permission or a group
		}
		pos := g.Pos
		if gs := c.new.groups[g.Key]; gs != nil && gs.Feature.Set() {
			pos = gs.Feature.Pos
		}
		gf := c.gates[pos]
		if gf == nil {
			gf = &gateFinding{feature: f.Key, group: g.Key, pos: pos}
			c.gates[pos] = gf
		}
		gf.perms = append(gf.perms, q.Key)
	}
}

func (c *comparer) flushGates() {
	for _, gf := range c.gates {
		c.add(RuleFeatureGateAdded, Warning, gf.pos,
			"feature %s (on group %s) now gates %s %s; %s existing grants have no effect while %s is off",
			gf.feature, gf.group, permissionWord(len(gf.perms)), list(gf.perms), itsTheir(len(gf.perms)), gf.feature)
	}
}

// removed checks an old permission that is gone from new.
func (c *comparer) removed(p *model.Permission) {
	_, idReserved := c.new.reservedIDs[p.ID]
	_, keyRetired := c.new.retired[p.Key]
	if idReserved && keyRetired {
		return
	}
	var missing, fixes []string
	if !idReserved {
		missing = append(missing, fmt.Sprintf("id %d is not in reserved.ids", p.ID))
		fixes = append(fixes, fmt.Sprintf("add %d to reserved.ids", p.ID))
	}
	if !keyRetired {
		missing = append(missing, fmt.Sprintf("key %s is neither in reserved.keys nor replaced by another permission", p.Key))
		fixes = append(fixes, fmt.Sprintf("add %s to reserved.keys (or to the replaces of the permission that supersedes it)", p.Key))
	}
	c.add(RuleRemovedUnreserved, Breaking, p.Pos,
		"permission %s (id %d) was removed, but %s; a later permission could take %s and inherit the grants stored for %s, so %s",
		p.Key, p.ID, strings.Join(missing, " and "), themIt(len(missing)), p.Key, strings.Join(fixes, " and "))
}

// added checks the ID and key of each new permission against what old
// used or retired.
func (c *comparer) added(q *model.Permission) {
	p := c.pairNew[q]
	if p == nil {
		if pos, ok := c.old.reservedIDs[q.ID]; ok {
			c.add(RuleIDReused, Breaking, c.new.idPos(q),
				"permission %s takes id %d, which was reserved (%s) for a retired permission; stored bitmasks may still hold bit %d, which would grant %s, so give %s an unused id and keep %d reserved",
				q.Key, q.ID, pos, q.ID, q.Key, q.Key, q.ID)
		} else if x := c.old.byID[q.ID]; x != nil {
			now := "gone"
			if nx := c.pairOld[x]; nx != nil {
				now = fmt.Sprintf("now id %d", nx.ID)
			}
			c.add(RuleIDReused, Breaking, c.new.idPos(q),
				"permission %s takes id %d, which belonged to %s (%s); stored grants of %s would turn into grants of %s, so give %s an unused id",
				q.Key, q.ID, x.Key, now, x.Key, q.Key, q.Key)
		}
	}
	if p == nil || p.Key != q.Key {
		if ret, ok := c.old.retired[q.Key]; ok {
			how := "reserved"
			if ret.by != "" {
				how = "replaced by " + ret.by
			}
			c.add(RuleKeyReused, Breaking, q.Pos,
				"permission %s takes a key that was retired (%s, %s); stored keys and configuration naming %s meant the retired permission, so choose a new key and keep %s retired",
				q.Key, how, ret.pos, q.Key, q.Key)
		}
	}
}

// reservations reports reserved IDs and retired keys of old that new no
// longer retires. One that new hands to a permission is reported as reused
// instead.
func (c *comparer) reservations() {
	for id, pos := range c.old.reservedIDs {
		if _, ok := c.new.reservedIDs[id]; ok || c.new.byID[id] != nil {
			continue
		}
		c.add(RuleReservedDeleted, Breaking, pos,
			"reserved id %d was deleted; stored bitmasks may still hold bit %d, and a later permission could take it and inherit those grants, so keep %d in reserved.ids",
			id, id, id)
	}
	for key, ret := range c.old.retired {
		if _, ok := c.new.retired[key]; ok || c.new.byKey[key] != nil {
			continue
		}
		if ret.by == "" {
			c.add(RuleReservedDeleted, Breaking, ret.pos,
				"reserved key %s was deleted; a later permission could take it, and stored keys naming the retired permission would grant the new one, so keep %s in reserved.keys",
				key, key)
			continue
		}
		c.add(RuleReservedDeleted, Breaking, ret.pos,
			"retired key %s (replaced by %s) is no longer retired; stored keys naming it no longer migrate, and a later permission could take it, so keep it in the replaces of %s or add it to reserved.keys",
			key, ret.by, ret.by)
	}
}

// typeWidth reports a generated Go type that got narrower.
func (c *comparer) typeWidth() {
	o, n := c.old.c, c.new.c
	ot, nt := o.IDType(), n.IDType()
	if bits(nt) >= bits(ot) {
		return
	}
	top := c.old.byID[o.MaxID]
	if top == nil {
		return
	}
	pos, why, fix := top.Pos, fmt.Sprintf("%s (id %d) was removed", top.Key, top.ID), fmt.Sprintf("deprecate %s instead of removing it", top.Key)
	if q := c.pairOld[top]; q != nil {
		pos, why, fix = c.new.idPos(q), fmt.Sprintf("%s moved from id %d to %d", q.Key, top.ID, q.ID), fmt.Sprintf("keep id %d for %s", top.ID, q.Key)
	}
	c.add(RuleTypeNarrowed, Breaking, pos,
		"the Go type %s narrows from %s to %s: the largest id falls from %d to %d because %s; stored ids above %d no longer convert to %s, so keep an id above %d (%s, or reserve id %d)",
		n.Type, ot, nt, o.MaxBit(), n.MaxBit(), why, maxOf(nt), n.Type, maxOf(nt), fix, top.ID)
}

func bits(t string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(t, "uint"))
	return n
}

func maxOf(t string) uint64 { return 1<<bits(t) - 1 }

// list joins keys for a message, naming at most five.
func list(keys []string) string {
	const most = 5
	switch {
	case len(keys) == 1:
		return keys[0]
	case len(keys) <= most:
		return strings.Join(keys[:len(keys)-1], ", ") + " and " + keys[len(keys)-1]
	}
	return strings.Join(keys[:most], ", ") + fmt.Sprintf(" and %d more", len(keys)-most)
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func themIt(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func itsTheir(n int) string {
	if n == 1 {
		return "its"
	}
	return "their"
}

func permissionWord(n int) string {
	if n == 1 {
		return "permission"
	}
	return "permissions"
}

// oneLine folds runs of white space (a multi-line deprecation reason) into
// one space, so that every finding is one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
