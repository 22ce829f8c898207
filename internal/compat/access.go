package compat

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/permcat/permcat/internal/compat/closures"
	"github.com/permcat/permcat/internal/diag"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/safetext"
	"github.com/permcat/permcat/internal/syntax"
)

// The new-access rules: every stored value still decodes, but some grant
// more than before: a grant that had no effect takes effect, a role or a
// stored key grants a permission it did not, a restriction no longer
// applies. Each message starts with the permission, role, key, flag or
// feature it concerns.

// ruleRequirementRemoved reports each direct requirement that is gone and
// took with it a permission the new version no longer requires at all. A
// requirement dropped further down (b no longer requires c, and a requires
// b) is reported once, on the permission that dropped it. A message names
// the first few permissions lost and counts the rest: what one dropped
// requirement took can be most of the catalog, and a chain of permissions
// that each drop one would otherwise write the square of its size.
var ruleRequirementRemoved = Rule{
	Name:     RuleRequirementRemoved,
	Severity: NewAccess,
	Summary:  "a permission requires less, so grants of it that had no effect take effect",
	check: func(c *comparer, report reporter) {
		type drop struct{ p, q, t *model.Permission }
		var drops []drop
		var qs []closures.Query
		direct := c.stamps(closures.Old) // the old permissions q requires directly
		c.lineage(func(p, q *model.Permission) {
			direct.next()
			for _, e := range q.Requires {
				if o := c.pairNew[e.To]; o != nil {
					direct.mark(o)
				}
			}
			for _, e := range p.Requires {
				if !direct.marked(e.To) {
					drops = append(drops, drop{p, q, e.To})
					qs = append(qs, closures.Query{A: e.To, B: q})
				}
			}
		})
		for i, a := range c.cl.Minus(closures.Old, qs, most) {
			p, q, t := drops[i].p, drops[i].q, drops[i].t
			// What t brought that q no longer requires: t itself unless q
			// still requires it through another, then t's own closure.
			var lost []string
			for _, r := range a.First {
				lost = append(lost, c.nowKey(r))
			}
			n := a.Count
			if !a.Covered {
				lost = append([]string{c.nowKey(t)}, lost...)
				n++
			}
			if n == 0 {
				continue
			}
			what := "no longer requires " + c.nowKey(t)
			if c.pairOld[t] == nil {
				what += " (removed from the catalog)"
			}
			switch {
			case a.Covered:
				what = fmt.Sprintf("no longer requires %s directly, and through it %s", c.nowKey(t), listCounted(lost, n))
			case n > 1:
				what += ", and through it " + listCounted(lost[1:], n-1)
			}
			report(q.Pos,
				"%s %s; existing grants of %s (and of permissions that require it) that lack %s now take effect",
				c.subject(p, q), what, q.Key, listCounted(lost, n))
		}
	},
}

// successor returns what an old permission became in new: its pair, or,
// for a permission removed and renamed under a new ID (its key now
// migrates to exactly one new permission), that permission. Stored grants
// of the old one are grants of the successor, so what the successor
// requires and what gates it are compared with the old one's.
func (c *comparer) successor(p *model.Permission) *model.Permission {
	if i := c.cl.Number(closures.Old, p); i >= 0 {
		if j := c.cl.Pair(closures.Old, i); j >= 0 {
			return c.cl.Permission(closures.New, j)
		}
	}
	if by := c.new.replacedBy[p.Key]; len(by) == 1 && c.pairNew[by[0]] == nil {
		return by[0]
	}
	return nil
}

// lineage calls f for each old permission with its successor in new, in
// the order of the old IDs.
func (c *comparer) lineage(f func(p, q *model.Permission)) {
	for _, p := range c.old.c.ByID {
		if q := c.successor(p); q != nil {
			f(p, q)
		}
	}
}

// subject names q in a message, saying which old permission it succeeds
// when it is not the same permission.
func (c *comparer) subject(p, q *model.Permission) string {
	if c.pairOld[p] == q {
		return "permission " + q.Key
	}
	return fmt.Sprintf("permission %s (which replaces %s)", q.Key, p.Key)
}

// nowKey names an old permission by its key in new, or by its old key if
// it is gone.
func (c *comparer) nowKey(p *model.Permission) string {
	if q := c.pairOld[p]; q != nil {
		return q.Key
	}
	return p.Key
}

// ruleFeatureGateRemoved reports features that gated a permission and no
// longer do. A gate dropped from the permission itself, or lost because the
// permission moved to another group, is reported on the permission; one
// lost because a group's feature or parent changed is reported once per
// group, naming every permission it ungates.
var ruleFeatureGateRemoved = Rule{
	Name:     RuleFeatureGateRemoved,
	Severity: NewAccess,
	Summary:  "a feature no longer gates a permission (its own gate, or its group's or an ancestor group's), so its grants take effect while the feature is off",
	check: func(c *comparer, report reporter) {
		groups := &collector{}
		c.lineage(func(p, q *model.Permission) {
			for _, f := range p.Gates {
				if hasGate(q, f.Key) {
					continue
				}
				if p.Feature != nil && p.Feature.Key == f.Key {
					report(q.Pos,
						"%s is no longer gated by feature %s; its existing grants, and those of permissions that require it, take effect while %s is off",
						c.subject(p, q), f.Key, f.Key)
					continue
				}
				og := gatingGroup(p.Group, f.Key)
				if og == nil {
					continue // unreachable: a gate comes from the permission or a group
				}
				if groupKey(p.Group) != groupKey(q.Group) {
					report(c.new.field(q, func(ps *syntax.Permission) diag.Pos { return ps.Group.Pos }),
						"%s moved from %s to %s, which feature %s does not gate (it gated group %s); its existing grants, and those of permissions that require it, take effect while %s is off",
						c.subject(p, q), describeGroup(groupKey(p.Group)), describeGroup(groupKey(q.Group)), f.Key, og.Key, f.Key)
					continue
				}
				if ng := inChain(q.Group, og.Key); ng != nil {
					now := "no feature"
					if ng.Feature != nil {
						now = "feature " + ng.Feature.Key
					}
					pos := c.new.groupField(ng, func(gs *syntax.Group) diag.Pos { return gs.Feature.Pos })
					groups.add(pos, fmt.Sprintf("group %s is no longer gated by feature %s (it has %s)", ng.Key, f.Key, now), f.Key, q.Key)
					continue
				}
				x, was := divergence(p.Group, q.Group)
				if x == nil {
					continue // unreachable: the chains start with the same key and differ
				}
				pos := c.new.groupField(x, func(gs *syntax.Group) diag.Pos { return gs.Parent.Pos })
				groups.add(pos, fmt.Sprintf("the parent of group %s changed from %s to %s, so it no longer inherits feature %s from group %s",
					x.Key, describeGroup(was), describeGroup(groupKey(x.Parent)), f.Key, og.Key), f.Key, q.Key)
			}
		})
		groups.each(func(pos diag.Pos, what, feature string, perms []string) {
			report(pos, "%s: %s %s %s no longer gated by it; %s existing grants, and those of permissions that require %s, take effect while %s is off",
				what, permissionWord(len(perms)), listAll(perms), isAre(len(perms)), itsTheir(len(perms)), themIt(len(perms)), feature)
		})
	},
}

// inChain returns the group with the given key among g and its ancestors.
func inChain(g *model.Group, key string) *model.Group {
	for ; g != nil; g = g.Parent {
		if g.Key == key {
			return g
		}
	}
	return nil
}

// divergence walks the ancestor chains of a group in old and new (same
// key) and returns the first group of new whose parent differs, with the
// key of its old parent.
func divergence(old, new *model.Group) (*model.Group, string) {
	for o, n := old, new; o != nil && n != nil; o, n = o.Parent, n.Parent {
		if groupKey(o.Parent) != groupKey(n.Parent) {
			return n, groupKey(o.Parent)
		}
	}
	return nil, ""
}

// ruleRoleGained reports each role that grants permissions it did not,
// in one finding: how many, and for the first few (by ID) how the role
// holds each, listed directly or through an included role, and whether it
// replaces a key the role held (a split, whose every part the role now
// grants). A permission that took the place of one the role held (a
// rename, under the same ID or a new one) is not a gain. One finding per
// role, not per permission gained: a chain of roles, each including the
// one before, gains the square of its length in permissions.
var ruleRoleGained = Rule{
	Name:     RuleRoleGained,
	Severity: NewAccess,
	Summary:  "a role grants a permission it did not grant before (directly, through includes, or as a new part of a split)",
	check: func(c *comparer, report reporter) {
		oldRoles := map[string]*model.Role{}
		for _, ro := range c.old.c.Roles {
			oldRoles[ro.Key] = ro
		}
		// replaced marks the old permissions whose key new permissions
		// replace, though it is not a rename: those a split may grant.
		replaced := c.stamps(closures.Old)
		for _, p := range c.old.c.ByID {
			if q := c.pairOld[p]; (q == nil || q.Key != p.Key) && c.new.replacedBy[p.Key] != nil {
				replaced.mark(p)
			}
		}
		had := c.stamps(closures.New) // what the old role granted, as permissions of new
		for _, nr := range c.new.c.Roles {
			ro := oldRoles[nr.Key]
			if ro == nil {
				continue
			}
			had.next()
			for _, p := range ro.All() {
				if q := c.successor(p); q != nil {
					had.mark(q)
				}
			}
			var named []*model.Permission // the first gains, by ID
			n := 0
			for _, q := range nr.All() {
				if !had.marked(q) {
					if n++; len(named) < most {
						named = append(named, q)
					}
				}
			}
			if n == 0 {
				continue
			}
			// split[i] lists the keys the role held that named[i] replaces.
			split := make([][]string, len(named))
			for _, p := range ro.All() {
				if !replaced.marked(p) {
					continue
				}
				by := c.new.replacedBy[p.Key]
				for i, q := range named {
					if holds(by, q) {
						split[i] = append(split[i], p.Key)
					}
				}
			}
			how := make([]string, len(named))
			var pos diag.Pos
			for i, q := range named {
				h, at := "which it lists", c.new.roleEntry(nr, q.Key, false)
				if !slices.Contains(nr.Own, q) {
					if via := includedThrough(nr, q); via != nil {
						h, at = "through role "+via.Key+", which it includes", c.new.roleEntry(nr, via.Key, true)
					}
				}
				how[i] = h
				if i == 0 {
					pos = at
				}
			}
			if n == 1 {
				q := named[0]
				extra := ""
				if len(split[0]) > 0 {
					extra = fmt.Sprintf(" (%s replaces %s, which the role held: a split, and the role now grants this part too)", q.Key, listAll(split[0]))
				}
				report(pos, "role %s now grants %s, %s%s; every user holding role %s gains %s", nr.Key, q.Key, how[0], extra, nr.Key, q.Key)
				continue
			}
			report(pos, "role %s now grants %d permissions it did not: %s; every user holding role %s gains them",
				nr.Key, n, describeGains(named, how, split, n), nr.Key)
		}
	},
}

// describeGains lists the first permissions a role gains, out of n, each
// with how the role holds it, those held the same way together:
// "c (through role clerk, which it includes), e and f (which it lists)
// and 3 more".
func describeGains(named []*model.Permission, how []string, split [][]string, n int) string {
	type run struct {
		keys []string
		how  string
	}
	var runs []run
	for i, q := range named {
		h := how[i]
		if len(split[i]) > 0 {
			h += fmt.Sprintf("; it replaces %s, which the role held: a split", listAll(split[i]))
		}
		if k := len(runs); k > 0 && runs[k-1].how == h {
			runs[k-1].keys = append(runs[k-1].keys, q.Key)
			continue
		}
		runs = append(runs, run{[]string{q.Key}, h})
	}
	parts := make([]string, len(runs))
	for i, r := range runs {
		parts[i] = listAll(r.keys) + " (" + r.how + ")"
	}
	if more := n - len(named); more > 0 {
		return strings.Join(parts, ", ") + fmt.Sprintf(" and %d more", more)
	}
	return listAll(parts)
}

// holds reports whether ps, sorted by ID, holds p.
func holds(ps []*model.Permission, p *model.Permission) bool {
	i, ok := slices.BinarySearchFunc(ps, p.ID, func(x *model.Permission, id int) int { return x.ID - id })
	return ok && ps[i] == p
}

// includedThrough returns the role directly included by ro through which ro
// holds p.
func includedThrough(ro *model.Role, p *model.Permission) *model.Role {
	for _, in := range ro.Includes {
		if in.Has(p) {
			return in
		}
	}
	return nil
}

// ruleReservedKeyMigrates reports a key that was reserved without a
// replacement (stored grants naming it decoded to nothing) and that a
// permission now replaces.
var ruleReservedKeyMigrates = Rule{
	Name:     RuleReservedKeyMigrates,
	Severity: NewAccess,
	Summary:  "a reserved key, dropped when stored grants are read, now migrates to a live permission",
	check: func(c *comparer, report reporter) {
		for _, key := range slices.Sorted(maps.Keys(c.old.retired)) {
			if c.old.replacedBy[key] != nil || c.old.byKey[key] != nil {
				continue
			}
			by := c.new.replacedBy[key]
			if by == nil {
				continue
			}
			report(c.new.replacesPos(by[0], key),
				"key %s was reserved, so stored grants naming it were dropped when read; it now migrates to %s, so every stored grant that still says %s gains %s",
				key, listAll(keysOf(by)), key, themIt(len(by)))
		}
	},
}

// ruleMigrationWidened reports a stored key that now migrates to a
// permission it did not grant: a permission retired into several (a
// split), or a split that grows. A key that was live and now migrates to
// the one permission that took its place (a rename, with the same ID or a
// new one) is not reported.
var ruleMigrationWidened = Rule{
	Name:     RuleMigrationWidened,
	Severity: NewAccess,
	Summary:  "a stored key now migrates to a permission it did not grant before (a permission split, or a split that grows)",
	check: func(c *comparer, report reporter) {
		for _, key := range slices.Sorted(maps.Keys(c.new.replacedBy)) {
			by := c.new.replacedBy[key]
			var before map[*model.Permission]bool // what key granted, as permissions of new
			var was string
			if p := c.old.byKey[key]; p != nil {
				q := c.pairOld[p]
				if q == nil && len(by) == 1 && c.pairNew[by[0]] == nil {
					continue // renamed under a new ID: its successor takes its place
				}
				before, was = map[*model.Permission]bool{}, "permission "+key
				if q != nil {
					before[q] = true
					if q.Key != key {
						was += " (now " + q.Key + ")"
					}
				} else {
					was += " (removed)"
				}
			} else if ob := c.old.replacedBy[key]; ob != nil {
				before = c.mapOld(ob)
				was = c.describeOld(ob)
			} else {
				continue // reserved only (reserved-key-migrates) or unknown: no stored grant says it
			}
			var gained []*model.Permission
			for _, q := range by {
				if !before[q] {
					gained = append(gained, q)
				}
			}
			if len(gained) == 0 {
				continue
			}
			report(c.new.replacesPos(gained[0], key),
				"key %s now migrates to %s; stored grants that say %s meant %s, so every one of them gains %s",
				key, listAll(keysOf(by)), key, was, listAll(keysOf(gained)))
		}
	},
}

// describeOld names old permissions by their keys in new.
func (c *comparer) describeOld(ps []*model.Permission) string {
	keys := make([]string, len(ps))
	for i, p := range ps {
		keys[i] = c.nowKey(p)
		if c.pairOld[p] == nil {
			keys[i] += " (removed)"
		}
	}
	return listAll(keys)
}

// ruleFlagRemoved reports a permission that no longer carries a flag it
// carried, and a flag deleted from the catalog while permissions carried
// it. Flags are taken as restrictions: what they mean is the application's
// code, which stops applying it.
var ruleFlagRemoved = Rule{
	Name:     RuleFlagRemoved,
	Severity: NewAccess,
	Summary:  "a permission no longer carries a flag, so a restriction the application enforces by that flag no longer applies to it",
	check: func(c *comparer, report reporter) {
		for _, f := range c.old.c.Flags {
			nf := findFlag(c.new.c, f.Key)
			var lost []string
			for _, p := range f.Permissions {
				q := c.successor(p)
				if q == nil || nf != nil && slices.Contains(q.Flags, nf) {
					continue
				}
				if nf != nil {
					report(q.Pos,
						"%s no longer carries flag %s%s; whatever the application enforces for %s no longer applies to %s",
						c.subject(p, q), f.Key, describe(f.Description), f.Key, q.Key)
				}
				lost = append(lost, q.Key)
			}
			if nf == nil && len(lost) > 0 {
				report(f.Pos,
					"flag %s%s was deleted; %s no longer %s it, so whatever the application enforces for %s no longer applies to %s",
					f.Key, describe(f.Description), listAll(lost), carry(len(lost)), f.Key, themIt(len(lost)))
			}
		}
	},
}

func carry(n int) string {
	if n == 1 {
		return "carries"
	}
	return "carry"
}

// describe renders a description as " (text)" for a message, or "".
func describe(s string) string {
	if s = safetext.OneLine(s); s != "" {
		return " (" + s + ")"
	}
	return ""
}

func findFlag(cat *model.Catalog, key string) *model.Flag {
	for _, f := range cat.Flags {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// ruleFlagRedefined reports a flag whose description changed. The key is
// what code tests, and a reworded description grants nothing by itself, so
// this is a warning, not new access; but the description is the only
// statement in the spec of what the flag means, and what reviewers and the
// generated reference go by, so a reviewer should see it. White space
// alone is no change.
var ruleFlagRedefined = Rule{
	Name:     RuleFlagRedefined,
	Severity: Warning,
	Summary:  "a flag's description, the only statement of what it means, changed",
	check: func(c *comparer, report reporter) {
		for _, f := range c.old.c.Flags {
			nf := findFlag(c.new.c, f.Key)
			if nf == nil || safetext.OneLine(f.Description) == safetext.OneLine(nf.Description) {
				continue
			}
			report(nf.Pos,
				"flag %s now reads \"%s\" (was \"%s\"); it marks %d %s, and the code enforcing it must mean what it now says",
				nf.Key, nf.Description, f.Description, len(nf.Permissions), permissionWord(len(nf.Permissions)))
		}
	},
}

// ruleAttributeChanged reports a permission whose value of an attribute
// changed or was removed. The application reads attributes to decide (the
// date a lock date is checked against); a value set where there was none
// is not reported.
var ruleAttributeChanged = Rule{
	Name:     RuleAttributeChanged,
	Severity: NewAccess,
	Summary:  "a permission's attribute value changed or was removed, so code that reads it decides differently",
	check: func(c *comparer, report reporter) {
		c.lineage(func(p, q *model.Permission) {
			for _, av := range p.Attributes {
				key := av.Attribute.Key
				now := ""
				for _, nv := range q.Attributes {
					if nv.Attribute.Key == key {
						now = nv.Value
					}
				}
				if now == av.Value {
					continue
				}
				pos := c.new.field(q, func(ps *syntax.Permission) diag.Pos {
					for _, a := range ps.Attributes {
						if a.Key.Value == key {
							return a.Value.Pos
						}
					}
					return diag.Pos{}
				})
				change := fmt.Sprintf("changed from \"%s\" to \"%s\"", av.Value, now)
				if now == "" {
					change = fmt.Sprintf("was removed (it was \"%s\")", av.Value)
				}
				report(pos, "%s: attribute %s %s; code that reads %s now decides differently for %s",
					c.subject(p, q), key, change, key, q.Key)
			}
		})
	},
}

// ruleNameReassigned reports a string that Parse accepted for one
// permission (a key or a display name) and that now names another:
// configuration and input naming permissions by display name grant the
// other one. Strings taken by a key in new are left to id-reused and
// key-reused when they were keys in old too.
var ruleNameReassigned = Rule{
	Name:     RuleNameReassigned,
	Severity: NewAccess,
	Summary:  "a display name or key that Parse accepted for one permission now names another",
	check: func(c *comparer, report reporter) {
		oldNames := parseNames(c.old.c)
		newNames := parseNames(c.new.c)
		for _, q := range c.new.c.Permissions {
			for _, s := range []string{q.Key, q.Name} {
				if newNames[s] != q {
					continue
				}
				p := oldNames[s]
				if p == nil || c.pairOld[p] == q || s == p.Key && s == q.Key {
					continue
				}
				was, is := "display name", "display name"
				if s == p.Key {
					was = "key"
				}
				pos := q.Pos
				if s == q.Key {
					is = "key"
				} else {
					pos = c.new.field(q, func(ps *syntax.Permission) diag.Pos { return ps.Name.Pos })
				}
				report(pos,
					"\"%s\", the %s of permission %s, is now the %s of permission %s; Parse and anything that names permissions by it now yield %s instead",
					s, was, c.nowKey(p), is, q.Key, q.Key)
			}
		}
	},
}

// parseNames maps every string Parse accepts to its permission: keys first,
// then display names, as the generated Parse looks them up.
func parseNames(cat *model.Catalog) map[string]*model.Permission {
	m := map[string]*model.Permission{}
	for _, p := range cat.Permissions {
		m[p.Key] = p
	}
	for _, p := range cat.Permissions {
		if _, taken := m[p.Name]; !taken {
			m[p.Name] = p
		}
	}
	return m
}

// ruleFeatureBitReused reports a feature at a bit of Features that another
// feature had: an installation that stored its feature mask as a number
// has the new one on where it had the old one.
var ruleFeatureBitReused = Rule{
	Name:     RuleFeatureBitReused,
	Severity: NewAccess,
	Summary:  "a feature takes the bit of Features another feature had, so feature masks stored as numbers switch it on",
	check: func(c *comparer, report reporter) {
		oldBits := map[int]*model.Feature{}
		for _, f := range c.old.c.Features {
			oldBits[f.Index] = f
		}
		for _, nf := range c.new.c.Features {
			of := oldBits[nf.Index]
			if of == nil || of.Key == nf.Key {
				continue
			}
			report(nf.Pos,
				"feature %s takes bit %d of Features, which feature %s had; a feature mask stored as a number with %s on now switches %s on, so keep the order of features (add new ones at the end)",
				nf.Key, nf.Index, of.Key, of.Key, nf.Key)
		}
	},
}
