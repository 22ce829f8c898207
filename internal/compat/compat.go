// Package compat compares two versions of a catalog spec and reports the
// changes that would corrupt data stored under the old version (breaking),
// that widen what existing grants and roles allow (new access), or that
// narrow or move what existing grants mean (warnings).
//
// Stored grants are bitmasks indexed by permission ID, and sometimes lists
// of keys (a Set's text and JSON forms). Both survive a change only if every
// ID and key keeps its meaning forever: an ID or key that leaves the catalog
// is reserved (reserved.ids, reserved.keys) or, for a key, listed in the
// replaces of its successor, and is never handed to another permission.
//
// A change that keeps every stored value valid can still give its holders
// more than they had: a requirement or a feature gate dropped, a role that
// grants more, a retired key that now migrates to more permissions. Those
// are new access. They do not fail the check by default, because widening
// access is often the point of a change; permcat compat -deny new-access
// makes them fail it, so that a pull request cannot widen access without a
// reviewer's explicit approval (the contract of IAM Access Analyzer's "check
// no new access").
//
// Identity: a permission of the old spec is the permission of the new spec
// with the same key; failing that, the one with the same ID (a rename, which
// must list the old key in replaces). Everything else is removed or added.
// Roles, groups, flags, attributes and features are matched by key. For the
// new-access rules, a permission removed and renamed under a new ID (its key
// now replaced by exactly one new permission) is compared with that
// successor, which inherits its stored grants.
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
// New access (exit status 1 with -deny new-access):
//
//	requirement-removed    a permission requires less, so grants of it that had no effect take effect
//	feature-gate-removed   a feature no longer gates a permission (its own gate, or its group's or an ancestor's)
//	role-gained            a role grants a permission it did not (directly, through includes or a split)
//	reserved-key-migrates  a reserved key, dropped when stored grants are read, now migrates to a permission
//	migration-widened      a stored key now migrates to a permission it did not grant (a split grows)
//	flag-removed           a permission no longer carries a flag, so a restriction enforced by it no longer applies
//	attribute-changed      a permission's attribute value changed or was removed
//	name-reassigned        a string Parse accepted for one permission (display name or key) now names another
//	feature-bit-reused     a feature takes the bit of Features another feature had, so stored masks switch it on
//
// Warnings (existing grants keep their bits but lose effect or move):
//
//	requirement-added   a permission requires more than before, so existing grants lose effect until that is granted too
//	group-changed       a permission moved to another group
//	feature-gate-added  a feature now gates a permission, so its grants have no effect while the feature is off
//	deprecated          a permission became deprecated
//	flag-redefined      a flag's description, the only statement of what it means, changed
//
// type-renamed and package-renamed are breaking although stored data is
// unaffected: the generated package is an API, and a renamed type or package
// breaks the build of every importer with nothing in the spec (unlike a
// permission key, which has replaces) to record the old name. A changed
// go_name of one permission is not reported: renames are expected to change
// constants, and the key, which is what data stores, is checked.
//
// permcat cannot know what a flag or an attribute means to the application.
// It treats flags as restrictions (audit, lock dates: what the shipped
// catalogs use them for), so a flag taken off a permission is new access and
// one put on is not reported; an attribute's value changed or removed is new
// access, one set where there was none is not. Roles name permissions only,
// never groups, so a group change cannot widen a role.
//
// Descriptions (except a flag's), titles, go_name, display names (unless
// one moves to another permission) and the order of permissions, groups,
// flags and roles are not access: the new-access rules report nothing for
// them, and a new permission that no role and no migration grants passes
// too. The order of features is: it is their bit in Features.
//
// # Size
//
// A spec of a few hundred kilobytes can make a catalog quadratic: a chain
// of 20,000 permissions, each requiring the one before, has closures
// totalling 200 million entries, and a chain of 3,000 roles, each
// including the one before, holds 4.5 million permissions in all. The
// findings stay linear in the spec all the same. There is one per cause,
// never one per role and permission or per dependent: one role-gained
// finding per role, one requirement finding per direct requirement added
// or dropped. Where what a finding concerns can be as long as the catalog
// (what a requirement brought along, what a role gains), its message
// names the first five permissions by ID and counts the rest. The
// comparison itself never lists a closure: package closures answers "what
// does this one require that that one does not" over bit sets, in time
// linear in the edges times the words of a set and in bounded memory.
//
// Every message is one line, cleaned of terminal control sequences.
package compat

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/permcat/permcat/internal/compat/closures"
	"github.com/permcat/permcat/internal/diag"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/syntax"
)

// Severity is the class of a finding: whether it breaks stored data (or
// compiles), widens access, or only narrows or moves what grants mean.
type Severity int

// The values are part of no format (the words are), but stay stable.
const (
	Breaking Severity = iota + 1
	Warning
	NewAccess
)

// String returns "breaking", "new-access" or "warning", the words the
// output formats and -deny use.
func (s Severity) String() string {
	switch s {
	case Breaking:
		return "breaking"
	case NewAccess:
		return "new-access"
	case Warning:
		return "warning"
	}
	return "Severity(" + strconv.Itoa(int(s)) + ")"
}

// ParseSeverity returns the severity whose String is s.
func ParseSeverity(s string) (Severity, error) {
	for _, sev := range []Severity{Breaking, NewAccess, Warning} {
		if sev.String() == s {
			return sev, nil
		}
	}
	return 0, fmt.Errorf("unknown finding class %q; use breaking, new-access or warning", s)
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

	RuleRequirementRemoved  = "requirement-removed"
	RuleFeatureGateRemoved  = "feature-gate-removed"
	RuleRoleGained          = "role-gained"
	RuleReservedKeyMigrates = "reserved-key-migrates"
	RuleMigrationWidened    = "migration-widened"
	RuleFlagRemoved         = "flag-removed"
	RuleFlagRedefined       = "flag-redefined"
	RuleAttributeChanged    = "attribute-changed"
	RuleNameReassigned      = "name-reassigned"
	RuleFeatureBitReused    = "feature-bit-reused"

	RuleRequirementAdded = "requirement-added"
	RuleGroupChanged     = "group-changed"
	RuleFeatureGateAdded = "feature-gate-added"
	RuleDeprecated       = "deprecated"
)

// Rule is one check: its name, severity and summary beside the code that
// finds it.
type Rule struct {
	Name     string
	Severity Severity
	Summary  string
	// check walks the comparison and reports each finding of the rule.
	check func(c *comparer, report reporter)
}

// reporter records one finding of the rule it was made for.
type reporter func(pos diag.Pos, format string, args ...any)

// Rules lists every rule: breaking first, then new access, then warnings.
// Each is declared, with its check, in stored.go, access.go or narrowing.go.
var Rules = []Rule{
	ruleRemovedUnreserved,
	ruleIDChanged,
	ruleIDReused,
	ruleKeyReused,
	ruleRenamedWithoutReplaces,
	ruleReservedDeleted,
	ruleTypeNarrowed,
	ruleTypeRenamed,
	rulePackageRenamed,

	ruleRequirementRemoved,
	ruleFeatureGateRemoved,
	ruleRoleGained,
	ruleReservedKeyMigrates,
	ruleMigrationWidened,
	ruleFlagRemoved,
	ruleAttributeChanged,
	ruleNameReassigned,
	ruleFeatureBitReused,

	ruleRequirementAdded,
	ruleGroupChanged,
	ruleFeatureGateAdded,
	ruleDeprecated,
	ruleFlagRedefined,
}

// Finding is one reported change.
type Finding struct {
	Rule     string
	Severity Severity
	// Pos is where the change is: in the new spec, or in the old one for
	// something deleted.
	Pos     diag.Pos
	Message string // one line, cleaned of control characters
}

// String renders f as file:line:col: severity[rule]: message, cleaned of
// control characters (the file name comes from the command line or git).
func (f Finding) String() string {
	return clean(fmt.Sprintf("%s: %s[%s]: %s", f.Pos, f.Severity, f.Rule, f.Message))
}

// Counts holds how many findings there are of each severity.
type Counts struct {
	Breaking, NewAccess, Warnings int
}

// Count counts the findings of each severity.
func Count(fs []Finding) Counts {
	var n Counts
	for _, f := range fs {
		switch f.Severity {
		case Breaking:
			n.Breaking++
		case NewAccess:
			n.NewAccess++
		default:
			n.Warnings++
		}
	}
	return n
}

// Fails reports whether fs holds a breaking finding or one whose severity
// is in deny: the exit status of permcat compat -deny.
func Fails(fs []Finding, deny ...Severity) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool {
		return f.Severity == Breaking || slices.Contains(deny, f.Severity)
	})
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
// under old or to what it grants, sorted by position, then rule, then
// message.
func Compare(old, new *Spec) []Finding {
	c := newComparer(old, new)
	var out []Finding
	for _, r := range Rules {
		r.check(c, func(pos diag.Pos, format string, args ...any) {
			out = append(out, Finding{Rule: r.Name, Severity: r.Severity, Pos: pos, Message: clean(fmt.Sprintf(format, args...))})
		})
	}
	slices.SortFunc(out, func(a, b Finding) int {
		return cmp.Or(a.Pos.Compare(b.Pos), strings.Compare(a.Rule, b.Rule), strings.Compare(a.Message, b.Message))
	})
	return slices.CompactFunc(out, func(a, b Finding) bool { return a == b })
}

// Pair matches the permissions of old with those of new: by key, then the
// remaining ones by ID (a rename). The map holds old permissions that have
// a match; an old permission missing from it is removed from new.
func Pair(old, new *model.Catalog) map[*model.Permission]*model.Permission {
	byKey := map[string]*model.Permission{}
	byID := map[int]*model.Permission{}
	for _, q := range new.Permissions {
		byKey[q.Key], byID[q.ID] = q, q
	}
	pairs := map[*model.Permission]*model.Permission{}
	taken := map[*model.Permission]bool{}
	for _, p := range old.ByID {
		if q := byKey[p.Key]; q != nil {
			pairs[p], taken[q] = q, true
		}
	}
	for _, p := range old.ByID {
		if pairs[p] != nil {
			continue
		}
		if q := byID[p.ID]; q != nil && !taken[q] {
			pairs[p], taken[q] = q, true
		}
	}
	return pairs
}

type comparer struct {
	old, new *version
	// pairOld maps an old permission to the same permission in new;
	// pairNew is the inverse.
	pairOld, pairNew map[*model.Permission]*model.Permission
	// cl numbers the permissions of both versions and compares what
	// they require, without listing closures.
	cl *closures.Versions
}

func newComparer(old, new *Spec) *comparer {
	c := &comparer{
		old:     indexSpec(old),
		new:     indexSpec(new),
		pairOld: Pair(old.Catalog, new.Catalog),
		pairNew: map[*model.Permission]*model.Permission{},
	}
	for p, q := range c.pairOld {
		c.pairNew[q] = p
	}
	c.cl = closures.Index(old.Catalog, new.Catalog, c.pairOld)
	return c
}

// stampSet is a set of permissions of one version that empties in
// constant time (next), so that a rule can keep one set per permission or
// role it looks at without a map each time.
type stampSet struct {
	cl    *closures.Versions
	side  closures.Side
	stamp []int32 // by number: in the set when equal to now
	now   int32
}

func (c *comparer) stamps(s closures.Side) *stampSet {
	return &stampSet{cl: c.cl, side: s, stamp: make([]int32, c.cl.Len(s)), now: 1}
}

// next empties the set.
func (x *stampSet) next() { x.now++ }

func (x *stampSet) mark(p *model.Permission) {
	if i := x.cl.Number(x.side, p); i >= 0 {
		x.stamp[i] = x.now
	}
}

func (x *stampSet) marked(p *model.Permission) bool {
	i := x.cl.Number(x.side, p)
	return i >= 0 && x.stamp[i] == x.now
}

// kept calls f for each permission present in both versions, in the order
// of the old IDs.
func (c *comparer) kept(f func(p, q *model.Permission)) {
	for _, p := range c.old.c.ByID {
		if q := c.pairOld[p]; q != nil {
			f(p, q)
		}
	}
}

// mapOld returns the permissions of new that the old permissions ps became,
// as a set; removed ones are left out.
func (c *comparer) mapOld(ps []*model.Permission) map[*model.Permission]bool {
	out := map[*model.Permission]bool{}
	for _, p := range ps {
		if q := c.pairOld[p]; q != nil {
			out[q] = true
		}
	}
	return out
}
