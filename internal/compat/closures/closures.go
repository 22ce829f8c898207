// Package closures compares what permissions require, directly or not, in
// two versions of a catalog: which permissions one requires that another
// does not. compat asks it for the requirements a change adds or drops,
// and semdiff for the stored grants whose effect changes.
//
// The closures themselves are never listed. A requires chain of 20,000
// permissions, 950 KB of YAML, has closures totalling 200 million
// entries, and walking each one would take as long. Instead each answer
// is computed over bit sets, one bit per permission, built in topological
// order (a permission's set is the union of those of its direct
// requirements and the requirements themselves), so that the work is the
// number of edges and questions times the number of 64-bit words a set
// needs. The sets are built for a band of words at a time, so that memory
// stays under a fixed budget whatever the size of the catalog; an answer
// gathers its count and its first permissions band by band.
package closures

import (
	"math/bits"

	"github.com/permcat/permcat/internal/model"
)

// Side selects one of the two versions compared.
type Side int

// The two versions.
const (
	Old Side = iota
	New
)

func (s Side) other() Side { return 1 - s }

// Versions is two versions of a catalog and the pairing of their
// permissions, indexed for comparing their closures.
type Versions struct {
	side [2]version
}

// version is one catalog, with its permissions numbered by their position
// in ByID (so that an ascending number is an ascending ID), its edges as
// numbers, and a topological order.
type version struct {
	byID []*model.Permission
	// at maps an ID to its permission's number, -1 for none.
	at []int32
	// pair maps a number to the number of the same permission in the
	// other version, -1 for none.
	pair []int32
	// edges from permission i go to to[start[i]:start[i+1]].
	start, to []int32
	// order lists the numbers so that requirements come first.
	order []int32
}

// Index indexes old and new, whose permissions pairs matches (an old
// permission to the same permission in new, as compat.Pair returns).
// Both catalogs should be free of requires cycles, as resolved catalogs
// are; a permission on a cycle, or requiring one, counts as requiring
// nothing.
func Index(old, new *model.Catalog, pairs map[*model.Permission]*model.Permission) *Versions {
	v := &Versions{}
	v.side[Old] = indexCatalog(old)
	v.side[New] = indexCatalog(new)
	o, n := &v.side[Old], &v.side[New]
	for i, p := range o.byID {
		if q := pairs[p]; q != nil {
			if j := n.number(q); j >= 0 {
				o.pair[i], n.pair[j] = int32(j), int32(i)
			}
		}
	}
	return v
}

func indexCatalog(c *model.Catalog) version {
	x := version{byID: c.ByID}
	top := -1
	for _, p := range c.ByID {
		top = max(top, p.ID)
	}
	x.at = make([]int32, top+1)
	for i := range x.at {
		x.at[i] = -1
	}
	for i, p := range c.ByID {
		if p.ID >= 0 {
			x.at[p.ID] = int32(i)
		}
	}
	n := len(c.ByID)
	x.pair = make([]int32, n)
	x.start = make([]int32, n+1)
	for i := range x.pair {
		x.pair[i] = -1
	}
	for i, p := range c.ByID {
		for _, e := range p.Requires {
			if j := x.number(e.To); j >= 0 {
				x.to = append(x.to, int32(j))
			}
		}
		x.start[i+1] = int32(len(x.to))
	}
	x.order = x.topo()
	return x
}

// number returns p's number, or -1 when p is not a permission of x.
func (x *version) number(p *model.Permission) int {
	if p == nil || p.ID < 0 || p.ID >= len(x.at) {
		return -1
	}
	i := x.at[p.ID]
	if i < 0 || x.byID[i] != p {
		return -1
	}
	return int(i)
}

func (x *version) edges(i int32) []int32 { return x.to[x.start[i]:x.start[i+1]] }

// topo orders the permissions so that each comes after its requirements
// (Kahn's algorithm over the numbers). Permissions on or behind a cycle
// are left out.
func (x *version) topo() []int32 {
	n := len(x.byID)
	waiting := make([]int32, n) // requirements not yet ordered
	users := make([]int32, n+1) // users[i]: how many permissions require i, then where their list starts
	for i := range n {
		waiting[i] = x.start[i+1] - x.start[i]
		for _, u := range x.edges(int32(i)) {
			users[u+1]++
		}
	}
	for i := range n {
		users[i+1] += users[i]
	}
	by := make([]int32, len(x.to))
	next := append([]int32(nil), users[:n]...)
	for i := range n {
		for _, u := range x.edges(int32(i)) {
			by[next[u]] = int32(i)
			next[u]++
		}
	}
	order := make([]int32, 0, n)
	for i := range n {
		if waiting[i] == 0 {
			order = append(order, int32(i))
		}
	}
	for k := 0; k < len(order); k++ {
		u := order[k]
		for _, d := range by[users[u]:users[u+1]] {
			if waiting[d]--; waiting[d] == 0 {
				order = append(order, d)
			}
		}
	}
	return order
}

// Len returns the number of permissions of one version.
func (v *Versions) Len(s Side) int { return len(v.side[s].byID) }

// Number returns the position of p in the ByID list of its version, or -1
// when p is not a permission of that version.
func (v *Versions) Number(s Side, p *model.Permission) int { return v.side[s].number(p) }

// Pair returns the number, in the other version, of the permission
// numbered i in version s, or -1 when it has no pair there.
func (v *Versions) Pair(s Side, i int) int { return int(v.side[s].pair[i]) }

// Permission returns the permission numbered i in version s.
func (v *Versions) Permission(s Side, i int) *model.Permission { return v.side[s].byID[i] }

// Order returns the numbers of the permissions of version s so that each
// comes after everything it requires.
func (v *Versions) Order(s Side) []int32 { return v.side[s].order }

// Requires returns the numbers of the permissions that the permission
// numbered i in version s requires directly.
func (v *Versions) Requires(s Side, i int) []int32 { return v.side[s].edges(int32(i)) }

// Query asks which permissions A requires, directly or not, that B does
// not, A and B being permissions of different versions; a nil B requires
// nothing. A permission of B's version counts as the permission of A's
// version it is paired with; one without a pair is never a permission A
// requires, but what it requires still counts.
type Query struct {
	A, B *model.Permission
}

// Answer answers a Query.
type Answer struct {
	// Count is how many permissions A requires, directly or not, that B
	// does not.
	Count int
	// First lists the first of them by ID, permissions of A's version, as
	// many as Minus was asked for.
	First []*model.Permission
	// Covered reports whether B requires A itself, directly or not.
	Covered bool
}

// Budget bounds the memory Minus takes for the bit sets of both versions
// at once: 32 MiB, which holds the sets of two versions of 20,000
// permissions in four bands of 104 words, and of two of 65,536 (the most
// IDs there are) in 32 bands of 32.
const Budget = 32 << 20

// Minus answers each query, whose A is a permission of version a, naming
// at most first permissions of each answer. The work is the number of
// edges of both versions and of queries times the number of words of a
// set of version a's permissions, whatever the size of the closures.
func (v *Versions) Minus(a Side, qs []Query, first int) []Answer {
	out := make([]Answer, len(qs))
	if len(qs) == 0 {
		return out
	}
	major, minor := &v.side[a], &v.side[a.other()]
	// Each query as numbers: its A in major, its B in minor (-1: none).
	as := make([]int32, len(qs))
	bs := make([]int32, len(qs))
	for i, q := range qs {
		as[i], bs[i] = int32(major.number(q.A)), int32(minor.number(q.B))
	}
	words := (len(major.byID) + 63) / 64
	rows := len(major.byID) + len(minor.byID) + 1 // the last row of minor is the empty set
	band := max(1, min(words, budget/8/rows))
	bigSets := make([]uint64, len(major.byID)*band)
	smallSets := make([]uint64, (len(minor.byID)+1)*band)
	empty := len(minor.byID)
	for lo := 0; lo < words; lo += band {
		hi := min(lo+band, words)
		w := hi - lo
		fill(major, bigSets, band, lo, hi, func(u int32) int32 { return u })
		fill(minor, smallSets, band, lo, hi, func(u int32) int32 { return minor.pair[u] })
		clear(smallSets[empty*band : empty*band+w])
		for i := range qs {
			ai, bi := as[i], bs[i]
			if ai < 0 {
				continue
			}
			if bi < 0 {
				bi = int32(empty)
			}
			x := bigSets[int(ai)*band : int(ai)*band+w]
			y := smallSets[int(bi)*band : int(bi)*band+w]
			ans := &out[i]
			for k := range w {
				d := x[k] &^ y[k]
				ans.Count += bits.OnesCount64(d)
				for ; d != 0 && len(ans.First) < first; d &= d - 1 {
					ans.First = append(ans.First, major.byID[(lo+k)*64+bits.TrailingZeros64(d)])
				}
			}
			if self := int(ai); self/64 >= lo && self/64 < hi {
				ans.Covered = y[self/64-lo]&(1<<(self%64)) != 0
			}
		}
	}
	return out
}

// fill sets, for each permission of x in topological order, its row of
// sets (band words apart) to the words lo to hi of its closure: the union
// of its direct requirements' rows and of their own bits, column(u) for
// requirement u (-1: no bit).
func fill(x *version, sets []uint64, band, lo, hi int, column func(u int32) int32) {
	w := hi - lo
	for _, i := range x.order {
		row := sets[int(i)*band : int(i)*band+w]
		clear(row)
		for _, u := range x.edges(i) {
			for k, word := range sets[int(u)*band : int(u)*band+w] {
				row[k] |= word
			}
			if c := int(column(u)); c >= 0 && c/64 >= lo && c/64 < hi {
				row[c/64-lo] |= 1 << (c % 64)
			}
		}
	}
}

// Unchanged reports, for each permission of the old version by number,
// whether its closure is certainly its pair's closure in the new version:
// both have a pair, their direct requirements are paired one to one, and
// so, recursively, are those requirements'. A permission whose direct
// requirements changed is not unchanged, even when what it requires in
// all is the same (a requirement dropped that another still brings); it
// is for skipping the questions whose answer is known to be empty. It
// takes time linear in the edges.
func (v *Versions) Unchanged() []bool {
	o, n := &v.side[Old], &v.side[New]
	same := make([]bool, len(o.byID))
	mark := make([]int32, len(n.byID)) // mark[j] == i+1: j is a direct requirement of i's pair
	for _, i := range o.order {
		j := o.pair[i]
		if j < 0 {
			continue
		}
		ok := true
		for _, u := range o.edges(i) {
			if !same[u] {
				ok = false
				break
			}
			mark[o.pair[u]] = i + 1
		}
		if !ok {
			continue
		}
		for _, u := range n.edges(j) {
			if mark[u] != i+1 {
				ok = false
				break
			}
		}
		// The same set: every requirement of the pair is marked, and no
		// two of them are one (a requires list holds no duplicate).
		same[i] = ok && len(o.edges(i)) == len(n.edges(j))
	}
	return same
}

// budget is Budget, lowered by tests to make Minus work in many bands.
var budget = Budget
