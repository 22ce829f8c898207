package compat

import (
	"fmt"
	"slices"
	"strings"

	"github.com/permcat/permcat/internal/compat/closures"
	"github.com/permcat/permcat/internal/diag"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/syntax"
)

// The warning rules: stored grants keep their bits, but some take effect
// less often than before, or show up elsewhere.

// ruleRequirementAdded reports each new direct requirement that brings in a
// permission the old one did not require, directly or not. A requirement
// added further down (b now requires c, and a requires b) is reported once,
// on the edge that adds it; the message says that permissions requiring b
// are affected too.
var ruleRequirementAdded = Rule{
	Name:     RuleRequirementAdded,
	Severity: Warning,
	Summary:  "a permission requires more, so existing grants lose effect until that is granted too",
	check: func(c *comparer, report reporter) {
		type add struct {
			q *model.Permission
			e *model.Edge
		}
		var adds []add
		var qs []closures.Query
		direct := c.stamps(closures.New) // the new permissions p required directly
		c.kept(func(p, q *model.Permission) {
			direct.next()
			for _, e := range p.Requires {
				if nq := c.pairOld[e.To]; nq != nil {
					direct.mark(nq)
				}
			}
			for _, e := range q.Requires {
				if c.pairNew[e.To] == nil || !direct.marked(e.To) {
					adds = append(adds, add{q, e})
					qs = append(qs, closures.Query{A: e.To, B: p})
				}
			}
		})
		for i, a := range c.cl.Minus(closures.New, qs, most) {
			q, t := adds[i].q, adds[i].e.To
			// What t brings that p did not require: t itself unless p
			// required it through another, then t's own closure.
			var gained []string
			for _, r := range a.First {
				gained = append(gained, r.Key)
			}
			n := a.Count
			if !a.Covered {
				gained = append([]string{t.Key}, gained...)
				n++
			}
			if n == 0 {
				continue
			}
			what := "now requires " + t.Key
			switch {
			case a.Covered:
				what = fmt.Sprintf("now requires %s directly, and through it %s", t.Key, listCounted(gained, n))
			case n > 1:
				what += ", and through it " + listCounted(gained[1:], n-1)
			}
			report(adds[i].e.Pos,
				"permission %s %s; existing grants of %s, and of permissions that require it, have no effect until %s %s granted too",
				q.Key, what, q.Key, listCounted(gained, n), isAre(n))
		}
	},
}

var ruleGroupChanged = Rule{
	Name:     RuleGroupChanged,
	Severity: Warning,
	Summary:  "a permission moved to another group",
	check: func(c *comparer, report reporter) {
		c.kept(func(p, q *model.Permission) {
			og, ng := groupKey(p.Group), groupKey(q.Group)
			if og == ng {
				return
			}
			report(c.new.field(q, func(ps *syntax.Permission) diag.Pos { return ps.Group.Pos }),
				"permission %s moved from %s to %s; the generated group sets, and any code or screen that selects permissions by group, now see it elsewhere",
				q.Key, describeGroup(og), describeGroup(ng))
		})
	},
}

// ruleFeatureGateAdded reports features that gate a permission but did not
// before. A gate set on the permission itself is reported there; one that
// comes from its group (or an ancestor) is reported once per group, at the
// group's feature.
var ruleFeatureGateAdded = Rule{
	Name:     RuleFeatureGateAdded,
	Severity: Warning,
	Summary:  "a feature now gates a permission, so its grants have no effect while the feature is off",
	check: func(c *comparer, report reporter) {
		groups := &collector{}
		c.kept(func(p, q *model.Permission) {
			for _, f := range q.Gates {
				if hasGate(p, f.Key) {
					continue
				}
				if q.Feature != nil && q.Feature.Key == f.Key {
					report(c.new.field(q, func(ps *syntax.Permission) diag.Pos { return ps.Feature.Pos }),
						"permission %s is now gated by feature %s; its existing grants have no effect while %s is off",
						q.Key, f.Key, f.Key)
					continue
				}
				g := gatingGroup(q.Group, f.Key)
				if g == nil {
					continue // unreachable: a gate comes from the permission or a group
				}
				pos := c.new.groupField(g, func(gs *syntax.Group) diag.Pos { return gs.Feature.Pos })
				groups.add(pos, fmt.Sprintf("feature %s (on group %s)", f.Key, g.Key), f.Key, q.Key)
			}
		})
		groups.each(func(pos diag.Pos, what, feature string, perms []string) {
			report(pos, "%s now gates %s %s; %s existing grants have no effect while %s is off",
				what, permissionWord(len(perms)), list(perms), itsTheir(len(perms)), feature)
		})
	},
}

var ruleDeprecated = Rule{
	Name:     RuleDeprecated,
	Severity: Warning,
	Summary:  "a permission became deprecated",
	check: func(c *comparer, report reporter) {
		c.kept(func(p, q *model.Permission) {
			if p.Deprecated != "" || q.Deprecated == "" {
				return
			}
			report(c.new.field(q, func(ps *syntax.Permission) diag.Pos { return ps.Deprecated.Pos }),
				"permission %s is now deprecated (%s); code using its constant gets deprecation warnings, and grants of it should move to its successor",
				q.Key, strings.TrimSpace(q.Deprecated))
		})
	},
}

// hasGate reports whether feature key gates p.
func hasGate(p *model.Permission, key string) bool {
	return slices.ContainsFunc(p.Gates, func(g *model.Feature) bool { return g.Key == key })
}

// gatingGroup returns the group, g or an ancestor, whose feature is key.
func gatingGroup(g *model.Group, key string) *model.Group {
	for ; g != nil; g = g.Parent {
		if g.Feature != nil && g.Feature.Key == key {
			return g
		}
	}
	return nil
}

// collector gathers the permissions one cause affects, to report them in
// one finding per cause, in the order the causes were met.
type collector struct {
	causes []*cause
	byKey  map[causeKey]*cause
}

type causeKey struct {
	pos           diag.Pos
	what, feature string
}

type cause struct {
	causeKey
	perms []string
	seen  map[string]bool
}

func (col *collector) add(pos diag.Pos, what, feature, perm string) {
	key := causeKey{pos, what, feature}
	k := col.byKey[key]
	if k == nil {
		if col.byKey == nil {
			col.byKey = map[causeKey]*cause{}
		}
		k = &cause{causeKey: key, seen: map[string]bool{}}
		col.byKey[key] = k
		col.causes = append(col.causes, k)
	}
	if !k.seen[perm] {
		k.seen[perm] = true
		k.perms = append(k.perms, perm)
	}
}

func (col *collector) each(f func(pos diag.Pos, what, feature string, perms []string)) {
	for _, k := range col.causes {
		f(k.pos, k.what, k.feature, k.perms)
	}
}
