package setcode

import (
	"iter"
	"math/bits"
	"strings"
)

// Of returns the Set holding ps. Invalid permissions are left out.
func Of(ps ...Permission) Set {
	var s Set
	for _, p := range ps {
		s.add(p)
	}
	return s
}

// has reports whether bit p is set, whether or not p is valid. The bounds
// test on the word index is the only one the compiler needs, so it removes
// its own.
func (s *Set) has(p Permission) bool {
	if w := uint(p) >> 6; w < uint(len(s)) {
		return s[w]&(1<<(p&63)) != 0
	}
	return false
}

// add sets bit p if p is valid.
func (s *Set) add(p Permission) {
	if universe.has(p) {
		s[p>>6] |= 1 << (p & 63)
	}
}

// remove clears bit p.
func (s *Set) remove(p Permission) {
	if w := uint(p) >> 6; w < uint(len(s)) {
		s[w] &^= 1 << (p & 63)
	}
}

// Has reports whether s holds p. It is false for an invalid p.
func (s Set) Has(p Permission) bool {
	if w := uint(p) >> 6; w < uint(len(s)) {
		return s[w]&universe[w]&(1<<(p&63)) != 0
	}
	return false
}

// HasAll reports whether s holds every permission of t.
func (s Set) HasAll(t Set) bool {
	for i := range s {
		if t[i]&universe[i]&^s[i] != 0 {
			return false
		}
	}
	return true
}

// HasAny reports whether s holds at least one permission of t.
func (s Set) HasAny(t Set) bool {
	for i := range s {
		if s[i]&t[i]&universe[i] != 0 {
			return true
		}
	}
	return false
}

// IsEmpty reports whether s holds no permission.
func (s Set) IsEmpty() bool {
	for i := range s {
		if s[i]&universe[i] != 0 {
			return false
		}
	}
	return true
}

// With returns s with ps added. Invalid permissions are left out.
func (s Set) With(ps ...Permission) Set {
	for _, p := range ps {
		s.add(p)
	}
	return s
}

// Without returns s with ps removed.
func (s Set) Without(ps ...Permission) Set {
	for _, p := range ps {
		s.remove(p)
	}
	return s
}

// Union returns the permissions in s or t.
func (s Set) Union(t Set) Set {
	for i := range s {
		s[i] |= t[i]
	}
	return s
}

// Intersect returns the permissions in both s and t.
func (s Set) Intersect(t Set) Set {
	for i := range s {
		s[i] &= t[i]
	}
	return s
}

// Minus returns the permissions in s and not in t.
func (s Set) Minus(t Set) Set {
	for i := range s {
		s[i] &^= t[i]
	}
	return s
}

// Len returns the number of permissions in s.
func (s Set) Len() int {
	n := 0
	for i, w := range s {
		n += bits.OnesCount64(w & universe[i])
	}
	return n
}

// All returns the permissions of s by ascending ID.
func (s Set) All() iter.Seq[Permission] {
	return func(yield func(Permission) bool) {
		for i, w := range s {
			for w &= universe[i]; w != 0; w &= w - 1 {
				if !yield(Permission(i*64 + bits.TrailingZeros64(w))) {
					return
				}
			}
		}
	}
}

// String returns the keys of s in braces, by ascending ID: {A, B}. Bits
// that name no permission are shown by number.
func (s Set) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, w := range s {
		for ; w != 0; w &= w - 1 {
			if b.Len() > 1 {
				b.WriteString(", ")
			}
			b.WriteString(Permission(i*64 + bits.TrailingZeros64(w)).String())
		}
	}
	b.WriteByte('}')
	return b.String()
}

// firstInvalid returns the lowest bit of s that names no permission, or -1.
func (s Set) firstInvalid() int {
	for i, w := range s {
		if w &^= universe[i]; w != 0 {
			return i*64 + bits.TrailingZeros64(w)
		}
	}
	return -1
}
