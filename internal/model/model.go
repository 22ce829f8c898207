// Package model is the resolved, validated form of a catalog: every
// reference is a pointer, every permission knows its Go name, and the
// requires graph comes with its direct edges in both directions and a
// topological order. The generator and the other commands read a Catalog;
// none of them sees the YAML.
//
// The transitive closure is not stored: Permission.Closure and
// Permission.Dependents walk the edges when asked. A catalog of n
// permissions then takes memory linear in n and its edges, where a stored
// closure takes the sum of the closures' sizes (14 million entries for a
// 20,000-permission catalog whose permissions each need 700 others) and a
// closure table n² bits.
package model

import (
	"math/bits"
	"slices"
	"sync"

	"github.com/permcat/permcat/internal/diag"
)

// Catalog is a checked catalog, ready to be compiled.
type Catalog struct {
	// Path is the spec file as named on the command line, used in the
	// generated "source:" line and in messages.
	Path    string
	Name    string // catalog id
	Title   string
	Source  string // provenance of the catalog's content
	Package string // Go package name
	Type    string // Go type name of a permission

	Flags       []*Flag
	Attributes  []*Attribute
	Features    []*Feature
	Groups      []*Group      // in spec order
	Permissions []*Permission // in spec order
	Roles       []*Role       // in spec order

	// ByID lists the permissions by ascending ID.
	ByID []*Permission
	// Topo lists the permissions so that every permission comes after all
	// it requires; ties are broken by ID, so the order is deterministic.
	Topo []*Permission
	// Legacy lists retired keys with the permissions that replace them,
	// sorted by key.
	Legacy []*Legacy

	ReservedIDs  []int    // ascending
	ReservedKeys []string // as written
	// MaxID is the largest ID of any permission.
	MaxID int
	// Edges counts the direct requires edges.
	Edges int
}

// MaxBit is the largest ID a stored value of the catalog may hold: the
// largest permission ID or reserved ID. The generated type and Set are
// sized for it, so that a value stored before a permission was retired
// still converts, and decodes as retired instead of as another permission.
func (c *Catalog) MaxBit() int {
	m := c.MaxID
	if n := len(c.ReservedIDs); n > 0 {
		m = max(m, c.ReservedIDs[n-1])
	}
	return m
}

// Words is the number of 64-bit words of a Set holding every ID up to
// MaxBit.
func (c *Catalog) Words() int { return c.MaxBit()/64 + 1 }

// IDType is the Go type of a permission: the smallest unsigned integer
// type that holds MaxBit.
func (c *Catalog) IDType() string {
	if c.MaxBit() <= 0xff {
		return "uint8"
	}
	return "uint16" // MaxID caps every ID at 65535
}

// Permission looks a permission up by key.
func (c *Catalog) Permission(key string) *Permission {
	for _, p := range c.Permissions {
		if p.Key == key {
			return p
		}
	}
	return nil
}

// Flag is a boolean attribute; the generator emits the set of permissions
// that carry it.
type Flag struct {
	Key         string
	GoName      string // the generated constant, e.g. FlagGlobalLockDate
	Description string
	Index       int // position in spec order, from 0
	Permissions []*Permission
	Pos         diag.Pos
}

// Attribute is a string attribute; the generator emits one accessor method.
type Attribute struct {
	Key         string
	GoName      string // the generated method name, e.g. DateField
	Description string
	Pos         diag.Pos
}

// Feature is a switch that gates permissions.
type Feature struct {
	Key         string
	GoName      string // the generated constant, e.g. FeatureDentalSchools
	Description string
	Index       int // bit of the Features mask
	Pos         diag.Pos
}

// Group is a component or section. Permissions of a group include those of
// its descendants.
type Group struct {
	Key         string
	GoName      string // the generated constant, e.g. GroupMainMenu
	Title       string
	Description string
	Parent      *Group
	Feature     *Feature
	Index       int // value of the generated constant, from 1
	Depth       int // 0 for a top-level group
	Children    []*Group
	// Own lists the permissions declared in this group, in spec order.
	Own []*Permission
	// All lists the permissions of the group and its descendants, by ID.
	All []*Permission
	Pos diag.Pos
}

// Permission is one entry of the catalog.
type Permission struct {
	Key         string
	ID          int
	GoName      string
	Name        string // display name
	Description string
	Deprecated  string // non-empty: deprecated, with the reason
	Group       *Group // nil when the spec declares no group
	Flags       []*Flag
	Attributes  []AttributeValue // in attribute declaration order
	Feature     *Feature         // its own gate, if any
	// Gates lists every feature that must be on for the permission to be
	// effective: its own and those of its group and the group's ancestors,
	// in feature declaration order.
	Gates    []*Feature
	Requires []*Edge // direct requirements, in spec order
	// RequiredBy lists the permissions that require this one directly,
	// by ID: the requires edges turned around.
	RequiredBy []*Permission
	Replaces   []string

	Pos diag.Pos

	// graph and index place the permission in its catalog's walks: index
	// is its position in ByID. Resolve sets them, from the edges as it
	// resolved them; a permission built by hand has neither.
	graph *graph
	index int
}

// HasFlag reports whether p carries f.
func (p *Permission) HasFlag(f *Flag) bool {
	for _, g := range p.Flags {
		if g == f {
			return true
		}
	}
	return false
}

// Attribute returns p's value of attribute a, or "" when it has none.
func (p *Permission) Attribute(a *Attribute) string {
	for _, v := range p.Attributes {
		if v.Attribute == a {
			return v.Value
		}
	}
	return ""
}

// Closure returns every permission p requires, directly or transitively,
// by ID, p excluded. Each call walks the requires edges from p, in time
// linear in what it finds and the edges leaving it, and returns a new
// slice: keep the result when it is needed more than once.
func (p *Permission) Closure() []*Permission { return reach(p, false) }

// Dependents returns every permission that requires p, directly or
// transitively, by ID, p excluded. Like Closure, it walks the edges
// (RequiredBy) on each call.
func (p *Permission) Dependents() []*Permission { return reach(p, true) }

// graph is the requires graph of one resolved catalog, as Closure and
// Dependents walk it: the permissions by ID, the edges in both directions
// as indexes into that list (a few hundred kilobytes that stay in cache,
// where following the pointers of Requires misses it at every edge), and
// scratch sets of one bit per permission, which make a walk cost one bit
// test per edge and come out by ID without a sort.
type graph struct {
	byID     []*Permission
	down, up adjacency // requires, required by
	sets     sync.Pool // *walk
}

// adjacency lists edges by index: those leaving the permission at index i
// go to to[start[i]:start[i+1]].
type adjacency struct {
	start, to []int32
}

func (a *adjacency) of(i int32) []int32 { return a.to[a.start[i]:a.start[i+1]] }

// newGraph indexes the edges of perms, which are sorted by ID.
func newGraph(perms []*Permission) *graph {
	g := &graph{byID: perms}
	for i, p := range perms {
		p.graph, p.index = g, i
	}
	n := len(perms)
	g.down.start = make([]int32, n+1)
	g.up.start = make([]int32, n+1)
	edges := 0
	for i, p := range perms {
		edges += len(p.Requires)
		g.down.start[i+1] = int32(edges)
		for _, e := range p.Requires {
			g.up.start[e.To.index+1]++
		}
	}
	for i := range n {
		g.up.start[i+1] += g.up.start[i]
	}
	g.down.to = make([]int32, edges)
	g.up.to = make([]int32, edges)
	next := slices.Clone(g.up.start[:n])
	for i, p := range perms {
		for j, e := range p.Requires {
			u := e.To.index
			g.down.to[int(g.down.start[i])+j] = int32(u)
			g.up.to[next[u]] = int32(i) // by ID, as i ascends
			next[u]++
		}
	}
	return g
}

// walk is the state of one reach: the permissions seen, as bits by index,
// and the indexes whose edges are still to follow.
type walk struct {
	seen  []uint64
	stack []int32
}

// reach returns the permissions reachable from p through Requires (or,
// up, through RequiredBy), by ID, p excluded. The walk keeps its own
// stack, so that a chain of 65,535 permissions cannot exhaust the
// goroutine's, and stops at permissions it has seen, so that it ends on a
// graph with cycles too. Permissions built by hand rather than by Resolve
// (tests do) are walked with a map instead.
func reach(p *Permission, up bool) []*Permission {
	g := p.graph
	if g == nil {
		return reachByMap(p, up)
	}
	adj := &g.down
	if up {
		adj = &g.up
	}
	w, _ := g.sets.Get().(*walk)
	if w == nil {
		w = &walk{seen: make([]uint64, (len(g.byID)+63)/64)}
	}
	seen := w.seen
	start := int32(p.index)
	lo, hi := start, start
	seen[start/64] |= 1 << (start % 64)
	stack := append(w.stack[:0], start)
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, u := range adj.of(v) {
			if seen[u/64]&(1<<(u%64)) == 0 {
				seen[u/64] |= 1 << (u % 64)
				lo, hi = min(lo, u), max(hi, u)
				stack = append(stack, u)
			}
		}
	}
	seen[start/64] &^= 1 << (start % 64)
	n := 0
	for _, x := range seen[lo/64 : hi/64+1] {
		n += bits.OnesCount64(x)
	}
	out := make([]*Permission, 0, n)
	for i := int(lo / 64); i <= int(hi/64); i++ {
		for x := seen[i]; x != 0; x &= x - 1 {
			out = append(out, g.byID[i*64+bits.TrailingZeros64(x)])
		}
		seen[i] = 0
	}
	w.stack = stack
	g.sets.Put(w)
	return out
}

// reachByMap is reach for permissions outside a resolved catalog.
func reachByMap(p *Permission, up bool) []*Permission {
	seen := map[*Permission]bool{p: true}
	var out []*Permission
	stack := []*Permission{p}
	add := func(q *Permission) {
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
			stack = append(stack, q)
		}
	}
	for len(stack) > 0 {
		q := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if up {
			for _, d := range q.RequiredBy {
				add(d)
			}
		} else {
			for _, e := range q.Requires {
				add(e.To)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *Permission) int { return a.ID - b.ID })
	return out
}

// AttributeValue is a permission's value of one attribute.
type AttributeValue struct {
	Attribute *Attribute
	Value     string
}

// Edge is one direct requirement.
type Edge struct {
	To     *Permission
	Reason string // the source's sentence stating the requirement, if given
	Pos    diag.Pos
}

// Legacy is a retired key and the permissions that replaced it.
type Legacy struct {
	Key string
	By  []*Permission // by ID
}

// Role is a named preset of permissions.
type Role struct {
	Key         string
	GoName      string // the generated constant, e.g. RoleFrontDesk
	Title       string
	Description string
	Index       int // value of the generated constant, from 1
	Includes    []*Role
	// Own lists the permissions the role names itself.
	Own []*Permission
	Pos diag.Pos

	// members holds the role's permissions and those of every role it
	// includes, as one bit per permission by its index in ByID: a chain of
	// roles, each including the one before, holds n²/2 memberships, which
	// lists of pointers would make hundreds of megabytes for a spec of one.
	// Resolve sets it; a role built by hand has none, and All walks its
	// includes instead.
	members []uint64
	byID    []*Permission
}

// All returns the permissions of the role and of every role it includes,
// transitively, by ID. Each call builds a new slice: keep it when it is
// needed more than once.
func (r *Role) All() []*Permission {
	if r.members == nil {
		return r.walkAll()
	}
	out := make([]*Permission, 0, r.Len())
	for i, w := range r.members {
		for ; w != 0; w &= w - 1 {
			out = append(out, r.byID[i*64+bits.TrailingZeros64(w)])
		}
	}
	return out
}

// Has reports whether the role holds p, itself or through an include.
func (r *Role) Has(p *Permission) bool {
	if r.members == nil || p.graph == nil {
		return slices.Contains(r.walkAll(), p)
	}
	i := p.index
	return i/64 < len(r.members) && r.members[i/64]&(1<<(i%64)) != 0
}

// Len returns how many permissions the role holds, itself or through its
// includes.
func (r *Role) Len() int {
	if r.members == nil {
		return len(r.walkAll())
	}
	n := 0
	for _, w := range r.members {
		n += bits.OnesCount64(w)
	}
	return n
}

// walkAll is All for a role built by hand, without members: the union of
// its own permissions and its includes', by ID.
func (r *Role) walkAll() []*Permission {
	seenRoles := map[*Role]bool{}
	held := map[*Permission]bool{}
	var visit func(x *Role)
	visit = func(x *Role) {
		if seenRoles[x] {
			return
		}
		seenRoles[x] = true
		for _, p := range x.Own {
			held[p] = true
		}
		for _, in := range x.Includes {
			visit(in)
		}
	}
	visit(r)
	out := make([]*Permission, 0, len(held))
	for p := range held {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *Permission) int { return a.ID - b.ID })
	return out
}
