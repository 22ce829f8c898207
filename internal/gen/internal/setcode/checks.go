package setcode

import (
	"math/bits"
	"sync"
	"sync/atomic"
)

// The checks need each permission's closure: everything it requires,
// directly or transitively, and everything that requires it. The package
// holds only the direct edges (permTable's requires lists, as the spec
// writes them) and computes a permission's closure the first time a check
// asks for it, by a depth-first search over those edges, then keeps it for
// every later check. A check then costs one load and one test per word of
// the closure that holds a member: it grows with the closure's spread over
// the Set's words, not with the catalog, and memory grows with the
// permissions actually checked, not with the square of the catalog.

// closure is a permission's closure in one direction, as the words of its
// Set that hold a member, and, for requirements, the features the
// permission and its requirements need.
type closure struct {
	words []closureWord
	needs uint64
}

// closureWord is one non-zero word of a closure's Set.
type closureWord struct {
	bits  uint64
	index uint32
}

// requiresCache and requiredByCache hold, by ID, each closure computed so
// far. Concurrent first uses may both compute it; they store equal values.
var (
	requiresCache   [len(permTable)]atomic.Pointer[closure]
	requiredByCache [len(permTable)]atomic.Pointer[closure]
)

// noClosure is the closure of an ID outside the table.
var noClosure closure

// requiresOf returns everything p requires, directly or transitively, and
// the features p and they need.
func requiresOf(p Permission) *closure {
	if int(p) >= len(requiresCache) {
		return &noClosure
	}
	if c := requiresCache[p].Load(); c != nil {
		return c
	}
	c := walk(p, directRequires, true)
	requiresCache[p].Store(c)
	return c
}

// requiredByOf returns everything that requires p, directly or
// transitively.
func requiredByOf(p Permission) *closure {
	if int(p) >= len(requiredByCache) {
		return &noClosure
	}
	if c := requiredByCache[p].Load(); c != nil {
		return c
	}
	c := walk(p, directRequiredBy, false)
	requiredByCache[p].Store(c)
	return c
}

// directRequires returns what p requires directly.
func directRequires(p Permission) []Permission {
	return permTable[p].requires
}

// reverseEdges holds the requires edges the other way, built on the first
// use of RequiredBy or Revoke: the permissions that require p directly are
// reverseEdges.list[reverseEdges.index[p]:reverseEdges.index[p+1]].
var reverseEdges struct {
	once  sync.Once
	index []uint32
	list  []Permission
}

// directRequiredBy returns the permissions that require p directly.
func directRequiredBy(p Permission) []Permission {
	r := &reverseEdges
	r.once.Do(func() {
		r.index = make([]uint32, len(permTable)+1)
		for id := range permTable {
			for _, q := range permTable[id].requires {
				r.index[q+1]++
			}
		}
		for i := 1; i < len(r.index); i++ {
			r.index[i] += r.index[i-1]
		}
		r.list = make([]Permission, r.index[len(permTable)])
		next := make([]uint32, len(permTable))
		copy(next, r.index)
		for id := range permTable {
			for _, q := range permTable[id].requires {
				r.list[next[q]] = Permission(id)
				next[q]++
			}
		}
	})
	return r.list[r.index[p]:r.index[p+1]]
}

// walk returns the permissions reachable from p through edges, p excluded,
// as a closure; with features, it also collects the features p and every
// one of them need.
func walk(p Permission, edges func(Permission) []Permission, features bool) *closure {
	var seen Set
	var buf [64]Permission // deep walks spill to the heap; most need none
	stack := append(buf[:0], p)
	var needs uint64
	if features {
		needs = gates(p)
	}
	for len(stack) > 0 {
		q := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, r := range edges(q) {
			if !seen.has(r) {
				seen[r>>6] |= 1 << (r & 63)
				stack = append(stack, r)
				if features {
					needs |= gates(r)
				}
			}
		}
	}
	c := &closure{needs: needs}
	n := 0
	for _, w := range seen {
		if w != 0 {
			n++
		}
	}
	if n > 0 {
		c.words = make([]closureWord, 0, n)
		for i, w := range seen {
			if w != 0 {
				c.words = append(c.words, closureWord{bits: w, index: uint32(i)})
			}
		}
	}
	return c
}

// set returns the closure as a Set.
func (c *closure) set() Set {
	var s Set
	for _, w := range c.words {
		s[w.index] = w.bits
	}
	return s
}

// Requires returns every permission p requires, directly or transitively;
// p itself is not included.
func (p Permission) Requires() Set {
	return requiresOf(p).set()
}

// RequiredBy returns every permission that requires p, directly or
// transitively: those that lose effect without p.
func (p Permission) RequiredBy() Set {
	return requiredByOf(p).set()
}

// holds reports whether s holds everything p requires and enabled has every
// feature p and its requirements need. It does not look at p itself.
func (s *Set) holds(p Permission, enabled uint64) bool {
	c := requiresOf(p)
	if c.needs&^enabled != 0 {
		return false
	}
	for _, w := range c.words {
		if s[w.index]&w.bits != w.bits {
			return false
		}
	}
	return true
}

// can reports whether s lets its holder use p: p is valid and held, with
// everything it requires, and enabled has every feature they need.
func can(s *Set, p Permission, enabled uint64) bool {
	if w := uint(p) >> 6; w >= uint(len(s)) || s[w]&universe[w]&(1<<(p&63)) == 0 {
		return false
	}
	return s.holds(p, enabled)
}

// constrained holds the permissions that can lose effect in a granted Set:
// those that require another or that a feature gates. Effective looks at
// these only.
var constrained = func() (s Set) {
	for id := range permTable {
		if len(permTable[id].requires) > 0 || gates(Permission(id)) != 0 {
			s[id>>6] |= 1 << (id & 63)
		}
	}
	return s
}()

// effective returns the permissions of granted that take effect with the
// features enabled: each valid one held together with everything it
// requires, with every feature they need enabled.
func effective(granted *Set, enabled uint64) Set {
	s := granted.Intersect(universe)
	out := s
	for i, w := range s {
		for w &= constrained[i]; w != 0; w &= w - 1 {
			if p := Permission(i*64 + bits.TrailingZeros64(w)); !s.holds(p, enabled) {
				out.remove(p)
			}
		}
	}
	return out
}

// blockers returns what keeps p from taking effect in s: p itself if s
// lacks it, and whatever p requires that s lacks, with the features p and
// its requirements need that enabled lacks.
func blockers(s *Set, p Permission, enabled uint64) (Set, uint64) {
	c := requiresOf(p)
	var missing Set
	for _, w := range c.words {
		missing[w.index] = w.bits &^ s[w.index]
	}
	if universe.has(p) && !s.has(p) {
		missing[p>>6] |= 1 << (p & 63)
	}
	return missing, c.needs &^ enabled
}

// Grant returns s with p and everything p requires added, as ticking a box
// in an admin screen does. An invalid p leaves s unchanged.
func Grant(s Set, p Permission) Set {
	if !universe.has(p) {
		return s
	}
	s[p>>6] |= 1 << (p & 63)
	for _, w := range requiresOf(p).words {
		s[w.index] |= w.bits
	}
	return s
}

// Revoke returns s with p and everything that requires p removed, as
// unchecking a box in an admin screen also unchecks what depends on it.
func Revoke(s Set, p Permission) Set {
	s.remove(p)
	for _, w := range requiredByOf(p).words {
		s[w.index] &^= w.bits
	}
	return s
}

// Missing returns the permissions p requires, directly or transitively,
// that s does not hold: what [Grant] adds to s besides p. It says nothing
// about p itself or about features; [Blockers] answers why a check fails.
// It is empty for an invalid p.
func Missing(s Set, p Permission) Set {
	var m Set
	for _, w := range requiresOf(p).words {
		m[w.index] = w.bits &^ s[w.index]
	}
	return m
}
