package compat

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/permcat/permcat/internal/diag"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/syntax"
)

// The breaking rules: changes after which a value stored under the old
// spec (a bitmask, a key) decodes as something else or not at all, and
// changes that break the build of the generated package's importers.

var ruleRemovedUnreserved = Rule{
	Name:     RuleRemovedUnreserved,
	Severity: Breaking,
	Summary:  "a permission is removed without reserving its ID and retiring its key",
	check: func(c *comparer, report reporter) {
		for _, p := range c.old.c.ByID {
			if c.pairOld[p] != nil {
				continue
			}
			_, idReserved := c.new.reservedIDs[p.ID]
			_, keyRetired := c.new.retired[p.Key]
			if idReserved && keyRetired {
				continue
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
			report(p.Pos,
				"permission %s (id %d) was removed, but %s; a later permission could take %s and inherit the grants stored for %s, so %s",
				p.Key, p.ID, strings.Join(missing, " and "), themIt(len(missing)), p.Key, strings.Join(fixes, " and "))
		}
	},
}

var ruleIDChanged = Rule{
	Name:     RuleIDChanged,
	Severity: Breaking,
	Summary:  "a permission's key now has another ID",
	check: func(c *comparer, report reporter) {
		c.kept(func(p, q *model.Permission) {
			if p.Key != q.Key || p.ID == q.ID {
				return
			}
			msg := fmt.Sprintf("permission %s changed id from %d to %d; stored bitmasks hold it at bit %d, so every existing grant of it would be lost", q.Key, p.ID, q.ID, p.ID)
			if x := c.old.byID[q.ID]; x != nil {
				msg += fmt.Sprintf(", and grants of %s (bit %d) would turn into grants of %s", x.Key, q.ID, q.Key)
			} else if pos, ok := c.old.reservedIDs[q.ID]; ok {
				msg += fmt.Sprintf(", and id %d was reserved (%s) for a retired permission whose stored bits would turn into grants of %s", q.ID, pos, q.Key)
			}
			report(c.new.idPos(q), "%s; keep id %d", msg, p.ID)
		})
	},
}

var ruleIDReused = Rule{
	Name:     RuleIDReused,
	Severity: Breaking,
	Summary:  "a permission takes an ID that was reserved or belonged to another permission",
	check: func(c *comparer, report reporter) {
		for _, q := range c.new.c.ByID {
			if c.pairNew[q] != nil {
				continue
			}
			if pos, ok := c.old.reservedIDs[q.ID]; ok {
				report(c.new.idPos(q),
					"permission %s takes id %d, which was reserved (%s) for a retired permission; stored bitmasks may still hold bit %d, which would grant %s, so give %s an unused id and keep %d reserved",
					q.Key, q.ID, pos, q.ID, q.Key, q.Key, q.ID)
			} else if x := c.old.byID[q.ID]; x != nil {
				now := "gone"
				if nx := c.pairOld[x]; nx != nil {
					now = fmt.Sprintf("now id %d", nx.ID)
				}
				report(c.new.idPos(q),
					"permission %s takes id %d, which belonged to %s (%s); stored grants of %s would turn into grants of %s, so give %s an unused id",
					q.Key, q.ID, x.Key, now, x.Key, q.Key, q.Key)
			}
		}
	},
}

var ruleKeyReused = Rule{
	Name:     RuleKeyReused,
	Severity: Breaking,
	Summary:  "a permission takes a key that was reserved or replaced",
	check: func(c *comparer, report reporter) {
		for _, q := range c.new.c.ByID {
			if p := c.pairNew[q]; p != nil && p.Key == q.Key {
				continue
			}
			ret, ok := c.old.retired[q.Key]
			if !ok {
				continue
			}
			how := "reserved"
			if ret.by != "" {
				how = "replaced by " + ret.by
			}
			report(q.Pos,
				"permission %s takes a key that was retired (%s, %s); stored keys and configuration naming %s meant the retired permission, so choose a new key and keep %s retired",
				q.Key, how, ret.pos, q.Key, q.Key)
		}
	},
}

var ruleRenamedWithoutReplaces = Rule{
	Name:     RuleRenamedWithoutReplaces,
	Severity: Breaking,
	Summary:  "a permission keeps an old ID under a new key without listing the old key in replaces",
	check: func(c *comparer, report reporter) {
		c.kept(func(p, q *model.Permission) {
			if p.Key == q.Key || slices.Contains(q.Replaces, p.Key) {
				return
			}
			report(q.Pos,
				"permission %s has id %d, which belonged to %s, whose key is gone: if this is a rename, add %s to the replaces of %s so that stored keys migrate and the old key stays retired; if %s is a different permission, give it an unused id and reserve %d and %s",
				q.Key, q.ID, p.Key, p.Key, q.Key, q.Key, p.ID, p.Key)
		})
	},
}

// ruleReservedDeleted reports reserved IDs and retired keys of old that new
// no longer retires. One that new hands to a permission is reported as
// reused instead.
var ruleReservedDeleted = Rule{
	Name:     RuleReservedDeleted,
	Severity: Breaking,
	Summary:  "a reserved ID or key, or a replaced key, is no longer retired",
	check: func(c *comparer, report reporter) {
		for id, pos := range c.old.reservedIDs {
			if _, ok := c.new.reservedIDs[id]; ok || c.new.byID[id] != nil {
				continue
			}
			report(pos,
				"reserved id %d was deleted; stored bitmasks may still hold bit %d, and a later permission could take it and inherit those grants, so keep %d in reserved.ids",
				id, id, id)
		}
		for key, ret := range c.old.retired {
			if _, ok := c.new.retired[key]; ok || c.new.byKey[key] != nil {
				continue
			}
			if ret.by == "" {
				report(ret.pos,
					"reserved key %s was deleted; a later permission could take it, and stored keys naming the retired permission would grant the new one, so keep %s in reserved.keys",
					key, key)
				continue
			}
			report(ret.pos,
				"retired key %s (replaced by %s) is no longer retired; stored keys naming it no longer migrate, and a later permission could take it, so keep it in the replaces of %s or add it to reserved.keys",
				key, ret.by, ret.by)
		}
	},
}

var ruleTypeNarrowed = Rule{
	Name:     RuleTypeNarrowed,
	Severity: Breaking,
	Summary:  "the generated Go type shrinks, so stored IDs above its range no longer convert",
	check: func(c *comparer, report reporter) {
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
		report(pos,
			"the Go type %s narrows from %s to %s: the largest id falls from %d to %d because %s; stored ids above %d no longer convert to %s, so keep an id above %d (%s, or reserve id %d)",
			n.Type, ot, nt, o.MaxBit(), n.MaxBit(), why, maxOf(nt), n.Type, maxOf(nt), fix, top.ID)
	},
}

func bits(t string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(t, "uint"))
	return n
}

func maxOf(t string) uint64 { return 1<<bits(t) - 1 }

var ruleTypeRenamed = Rule{
	Name:     RuleTypeRenamed,
	Severity: Breaking,
	Summary:  "catalog.type changed, so importers naming the type stop compiling",
	check: func(c *comparer, report reporter) {
		o, n := c.old.c, c.new.c
		if o.Type == n.Type {
			return
		}
		report(c.catalogField(func(cat syntax.Catalog) syntax.String { return cat.Type }),
			"the Go type of a permission is renamed from %s to %s; every importer that names %s stops compiling (stored data is unaffected); keep \"type: %s\", or make the rename a major version of the package",
			o.Type, n.Type, o.Type, o.Type)
	},
}

var rulePackageRenamed = Rule{
	Name:     RulePackageRenamed,
	Severity: Breaking,
	Summary:  "the Go package name changed, so importers stop compiling",
	check: func(c *comparer, report reporter) {
		o, n := c.old.c, c.new.c
		if o.Package == n.Package {
			return
		}
		report(c.catalogField(
			func(cat syntax.Catalog) syntax.String { return cat.Package },
			func(cat syntax.Catalog) syntax.String { return cat.Name }),
			"the Go package is renamed from %s to %s; every importer that refers to %s stops compiling (stored data is unaffected); set \"package: %s\", or make the rename a major version of the package",
			o.Package, n.Package, o.Package, o.Package)
	},
}

// catalogField returns the position of the first of the catalog fields
// that is set in new, or of the catalog mapping, or the file.
func (c *comparer) catalogField(fields ...func(syntax.Catalog) syntax.String) diag.Pos {
	if c.new.f == nil {
		return diag.Pos{File: c.new.c.Path}
	}
	cat := c.new.f.Catalog
	for _, get := range fields {
		if s := get(cat); s.Set() {
			return s.Pos
		}
	}
	if cat.Pos.Line != 0 {
		return cat.Pos
	}
	return diag.Pos{File: c.new.c.Path}
}
