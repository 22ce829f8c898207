// Package explain describes one permission of a resolved catalog in plain
// text: what it is, everything it requires (as a tree, with the source's
// reason for each edge), everything that requires it, the roles that hold it
// and the legacy keys it replaces. It backs "permcat explain".
//
// The output is bounded by the spec, never by the catalog's closures: a
// requires chain of 20,000 permissions, each requiring the one before,
// would otherwise print a tree indented 20,000 levels deep, 400 MB of
// spaces. The tree prints each subtree once and indents at most MaxDepth
// levels; deeper requirements are listed at that indentation with their
// level in brackets ("- [18] Key"), and a note under the tree says so.
// The lists of dependents and roles name their first MaxListed entries
// and count the rest, and a retired key explains its first MaxExplained
// replacements.
//
// The output is deterministic: every list follows the spec's order or the
// permissions' IDs, never a map's. It is also safe to print: every piece of
// spec text (and the query, which may be pasted from anywhere) goes through
// safetext.TerminalLine, or safetext.Terminal for the multi-line
// description, so that nothing in a spec can act on the terminal.
package explain

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/naming"
	"github.com/permcat/permcat/internal/safetext"
)

// MaxDepth is the most levels of indentation of the requires tree:
// requirements deeper than that are printed at that indentation, with
// their level, so that a line is never longer than its label by more
// than a bounded margin.
const MaxDepth = 16

// MaxListed is the most entries the "Required by" and "Roles" lists name;
// the rest are counted.
const MaxListed = 100

// MaxExplained is the most replacements of a retired key WriteRetired
// explains in full: each explanation can be as long as the catalog's
// edges, and a key may be replaced by every permission.
const MaxExplained = 5

// line makes spec text safe to print within one line.
func line(s string) string { return safetext.TerminalLine(s) }

// NotFoundError reports a query that names no permission.
type NotFoundError struct {
	Catalog string // the catalog's name
	Query   string
	// Suggestion is the nearest key or display name, or "" when none is
	// close enough to be a plausible typo.
	Suggestion string
}

func (e *NotFoundError) Error() string {
	msg := fmt.Sprintf("no permission %q in %s", e.Query, line(e.Catalog))
	if e.Suggestion != "" {
		msg += "; did you mean " + line(e.Suggestion) + "?"
	}
	return msg
}

// AmbiguousError reports a query that matches several permissions only when
// case is ignored (or a display name shared by permissions of different
// groups), so that the caller must give the exact key.
type AmbiguousError struct {
	Catalog string
	Query   string
	Matches []*model.Permission // by ID
}

func (e *AmbiguousError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q matches %d permissions in %s; give the exact key of one:", e.Query, len(e.Matches), line(e.Catalog))
	for _, p := range e.Matches {
		fmt.Fprintf(&b, "\n\t%s", label(p))
	}
	return b.String()
}

// Find looks a permission up by key, display name or ID. An exact match
// (case included) on a key wins, then an exact match on a display name,
// then a query of decimal digits as an ID; otherwise the query is compared
// ignoring case. Keys are identities compared exactly, so when the query
// matches more than one permission ignoring case and none exactly, Find
// returns an *AmbiguousError listing them; when it matches none, a
// *NotFoundError with the nearest name, if any.
func Find(c *model.Catalog, query string) (*model.Permission, error) {
	p, _, err := lookup(c, query, false)
	return p, err
}

// Lookup is Find that also knows what the catalog retired: a key that is
// no live permission's, listed in some permission's replaces or in
// reserved.keys, and an ID in reserved.ids. For those it returns a
// *Retired instead of a permission. A retired key is matched exactly,
// after live keys, display names and IDs and before the case-insensitive
// comparison.
func Lookup(c *model.Catalog, query string) (*model.Permission, *Retired, error) {
	return lookup(c, query, true)
}

// Retired is a key or ID that a catalog retired.
type Retired struct {
	Key string // the retired key; "" for an ID
	ID  int    // the reserved ID, when Key is ""
	// By lists the permissions that replaced a retired key, by ID; empty
	// for a key retired without a successor and for an ID.
	By []*model.Permission
}

func lookup(c *model.Catalog, query string, retired bool) (*model.Permission, *Retired, error) {
	if p := c.Permission(query); p != nil {
		return p, nil, nil
	}
	var byName, folded []*model.Permission
	for _, p := range c.ByID {
		switch {
		case p.Name == query:
			byName = append(byName, p)
		case strings.EqualFold(p.Key, query) || strings.EqualFold(p.Name, query):
			folded = append(folded, p)
		}
	}
	switch len(byName) {
	case 0:
	case 1:
		return byName[0], nil, nil
	default:
		return nil, nil, &AmbiguousError{Catalog: c.Name, Query: query, Matches: byName}
	}
	if id, ok := decimal(query); ok {
		for _, p := range c.ByID {
			if p.ID == id {
				return p, nil, nil
			}
		}
		if retired && slices.Contains(c.ReservedIDs, id) {
			return nil, &Retired{ID: id}, nil
		}
	}
	if retired {
		for _, l := range c.Legacy {
			if l.Key == query {
				return nil, &Retired{Key: query, By: l.By}, nil
			}
		}
		if slices.Contains(c.ReservedKeys, query) {
			return nil, &Retired{Key: query}, nil
		}
	}
	switch len(folded) {
	case 0:
	case 1:
		return folded[0], nil, nil
	default:
		return nil, nil, &AmbiguousError{Catalog: c.Name, Query: query, Matches: folded}
	}
	// Keys first, so that a tie between a key and a display name
	// suggests the key, which is what the other commands take.
	var candidates []string
	for _, p := range c.Permissions {
		candidates = append(candidates, p.Key)
	}
	for _, p := range c.Permissions {
		candidates = append(candidates, p.Name)
	}
	if retired {
		for _, l := range c.Legacy {
			candidates = append(candidates, l.Key)
		}
		candidates = append(candidates, c.ReservedKeys...)
	}
	return nil, nil, &NotFoundError{Catalog: c.Name, Query: query, Suggestion: naming.Suggest(query, candidates)}
}

// decimal parses a permission ID written in decimal digits only.
func decimal(s string) (int, bool) {
	if s == "" || len(s) > 5 {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// WriteRetired writes what c says about r: what it was retired for, what
// stored grants holding it now mean, and then the full explanation of the
// permissions that replaced it, the first MaxExplained of them by ID.
func WriteRetired(w io.Writer, c *model.Catalog, r *Retired) error {
	var b strings.Builder
	switch {
	case r.Key == "":
		fmt.Fprintf(&b, "ID %d is reserved in %s: it belonged to a retired permission and is never reused.\n", r.ID, c.Name)
		fmt.Fprintf(&b, "Stored bitmasks may still hold bit %d; the decoders drop it.\n", r.ID)
	case len(r.By) == 0:
		fmt.Fprintf(&b, "%s is a retired key of %s, reserved without a replacement.\n", r.Key, c.Name)
		b.WriteString("Stored grants may still hold it; the decoders drop it.\n")
	default:
		var names []string
		for _, p := range r.By {
			names = append(names, label(p))
		}
		fmt.Fprintf(&b, "%s is a retired key of %s, replaced by %s.\n", r.Key, c.Name, strings.Join(names, " and "))
		what := "its replacement"
		if len(r.By) > 1 {
			what = "all of its replacements"
		}
		fmt.Fprintf(&b, "Stored grants holding it decode as %s (%s.Migrate).\n", what, c.Package)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	for _, p := range r.By[:min(len(r.By), MaxExplained)] {
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
		if err := Write(w, c, p); err != nil {
			return err
		}
	}
	if more := len(r.By) - MaxExplained; more > 0 {
		if _, err := fmt.Fprintf(w, "\n%d more replacements are not explained here: explain each by its key.\n", more); err != nil {
			return err
		}
	}
	return nil
}

// Write writes the explanation of p, a permission of c, to w.
func Write(w io.Writer, c *model.Catalog, p *model.Permission) error {
	var b strings.Builder
	b.WriteString(label(p) + "\n")
	if p.Description != "" {
		b.WriteString(safetext.Terminal(strings.TrimSpace(p.Description)) + "\n")
	}
	b.WriteString("\n")

	field := func(name, value string) { fmt.Fprintf(&b, "%-12s%s\n", name+":", line(value)) }
	field("Catalog", catalogLine(c))
	field("Key", p.Key)
	field("ID", fmt.Sprint(p.ID))
	field("Go name", c.Package+"."+p.GoName)
	field("Group", groupPath(p.Group))
	if len(p.Gates) > 0 {
		var gs []string
		for _, f := range p.Gates {
			gs = append(gs, f.Key+" ("+gateSource(p, f)+")")
		}
		field("Gated by", strings.Join(gs, ", "))
	}
	var flags []string
	for _, f := range p.Flags {
		flags = append(flags, f.Key)
	}
	field("Flags", list(flags))
	var attrs []string
	for _, a := range p.Attributes {
		attrs = append(attrs, a.Attribute.Key+" = "+a.Value)
	}
	field("Attributes", list(attrs))
	field("Replaces", list(p.Replaces))
	if p.Deprecated != "" {
		field("Deprecated", p.Deprecated)
	}

	// Requires: the tree of direct edges.
	b.WriteString("\n")
	if len(p.Requires) == 0 {
		b.WriteString("Requires: nothing\n")
	} else {
		fmt.Fprintf(&b, "Requires (%s):\n", counts(len(p.Requires), len(p.Closure())))
		if writeTree(&b, p) {
			fmt.Fprintf(&b, "(the tree is indented %d levels at most: deeper requirements are listed at that indentation, [n] giving their level)\n", MaxDepth)
		}
	}

	// Required by: every transitive dependent, direct ones marked.
	b.WriteString("\n")
	direct := directDependents(p)
	dependents := p.Dependents()
	if len(dependents) == 0 {
		b.WriteString("Required by: nothing\n")
	} else {
		fmt.Fprintf(&b, "Required by (%s):\n", counts(len(direct), len(dependents)))
		for _, d := range dependents[:min(len(dependents), MaxListed)] {
			entry := "- " + label(d)
			if e, ok := direct[d]; ok {
				entry += " [direct]"
				if e.Reason != "" {
					entry += " — " + oneLine(e.Reason)
				}
			}
			b.WriteString(entry + "\n")
		}
		if more := len(dependents) - MaxListed; more > 0 {
			unlisted := 0
			for _, d := range dependents[MaxListed:] {
				if _, ok := direct[d]; ok {
					unlisted++
				}
			}
			fmt.Fprintf(&b, "- and %d more (%d of them direct)\n", more, unlisted)
		}
	}

	// Roles.
	b.WriteString("\n")
	var roles []string
	n := 0
	for _, r := range c.Roles {
		if !r.Has(p) {
			continue
		}
		if n++; len(roles) == MaxListed {
			continue
		}
		entry := "- " + roleLabel(r)
		if !slices.Contains(r.Own, p) {
			if via := includedFrom(r, p); via != nil {
				entry += " [through " + line(via.Key) + "]"
			}
		}
		roles = append(roles, entry)
	}
	if n == 0 {
		b.WriteString("Roles: none\n")
	} else {
		fmt.Fprintf(&b, "Roles (%d):\n", n)
		for _, r := range roles {
			b.WriteString(r + "\n")
		}
		if more := n - len(roles); more > 0 {
			fmt.Fprintf(&b, "- and %d more\n", more)
		}
	}

	_, err := io.WriteString(w, b.String())
	return err
}

// writeTree prints the requires tree of p. A permission whose own
// requirements were already printed is printed again, for the edge that
// reaches it, as "(see above)" instead of repeating its subtree, so that
// the tree has one line per edge at most. Levels past MaxDepth keep its
// indentation and show their level; writeTree reports whether any did.
// The walk keeps its own stack, so that no chain is too deep for it.
func writeTree(b *strings.Builder, p *model.Permission) (flattened bool) {
	type frame struct {
		p    *model.Permission
		next int // the index in p.Requires of the next edge to print
	}
	expanded := map[*model.Permission]bool{}
	stack := []frame{{p: p}}
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		if f.next == len(f.p.Requires) {
			stack = stack[:len(stack)-1]
			continue
		}
		e := f.p.Requires[f.next]
		f.next++
		depth := len(stack) - 1 // 0 for a direct requirement
		q := e.To
		b.WriteString(strings.Repeat("  ", min(depth, MaxDepth)))
		b.WriteString("- ")
		if depth > MaxDepth {
			fmt.Fprintf(b, "[%d] ", depth+1)
			flattened = true
		}
		b.WriteString(label(q))
		repeat := len(q.Requires) > 0 && expanded[q]
		if repeat {
			b.WriteString(" (see above)")
		}
		if e.Reason != "" {
			b.WriteString(" — " + oneLine(e.Reason))
		}
		b.WriteString("\n")
		if !repeat && len(q.Requires) > 0 {
			expanded[q] = true
			stack = append(stack, frame{p: q})
		}
	}
	return flattened
}

// directDependents maps each permission that requires p directly to its
// edge to p.
func directDependents(p *model.Permission) map[*model.Permission]*model.Edge {
	m := map[*model.Permission]*model.Edge{}
	for _, d := range p.RequiredBy {
		for _, e := range d.Requires {
			if e.To == p {
				m[d] = e
				break
			}
		}
	}
	return m
}

// includedFrom returns the first role included by r, in spec order, whose
// permissions hold p.
func includedFrom(r *model.Role, p *model.Permission) *model.Role {
	for _, in := range r.Includes {
		if in.Has(p) {
			return in
		}
	}
	return nil
}

// holds reports whether ps, sorted by ID as a role's permissions are,
// holds p: a binary search, so that finding the roles of a permission
// takes time linear in the number of roles, not in their sizes.
func holds(ps []*model.Permission, p *model.Permission) bool {
	i, ok := slices.BinarySearchFunc(ps, p.ID, func(x *model.Permission, id int) int { return x.ID - id })
	return ok && ps[i] == p
}

// gateSource says where feature f gating p comes from: the permission's own
// feature, or the nearest group (itself or an ancestor) that sets it.
func gateSource(p *model.Permission, f *model.Feature) string {
	if p.Feature == f {
		return "own"
	}
	for g := p.Group; g != nil; g = g.Parent {
		if g.Feature == f {
			return "group " + line(g.Title)
		}
	}
	return "inherited"
}

// groupPath is the group's title preceded by its ancestors', outermost
// first: "Main Menu / Dental School".
func groupPath(g *model.Group) string {
	if g == nil {
		return "none"
	}
	var parts []string
	for ; g != nil; g = g.Parent {
		parts = append(parts, g.Title)
	}
	slices.Reverse(parts)
	return line(strings.Join(parts, " / "))
}

func catalogLine(c *model.Catalog) string {
	if c.Title == "" {
		return line(c.Name)
	}
	return line(c.Name + " — " + c.Title)
}

// label is "Display Name (Key)", or the key alone when both are the same.
func label(p *model.Permission) string {
	if p.Name == "" || p.Name == p.Key {
		return line(p.Key)
	}
	return line(p.Name + " (" + p.Key + ")")
}

func roleLabel(r *model.Role) string {
	if r.Title == "" || r.Title == r.Key {
		return line(r.Key)
	}
	return line(r.Title + " (" + r.Key + ")")
}

func counts(direct, all int) string {
	return fmt.Sprintf("%d direct, %d in all", direct, all)
}

func list(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

// oneLine folds a multi-line reason so that each tree entry stays on one
// line, and makes it safe to print.
func oneLine(s string) string {
	return line(strings.Join(strings.Fields(s), " "))
}
