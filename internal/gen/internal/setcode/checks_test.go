package setcode

import (
	"math/rand/v2"
	"sync"
	"testing"
)

// naiveRequires follows permTable's edges from p without any cache.
func naiveRequires(p Permission) Set {
	var s Set
	var visit func(Permission)
	visit = func(q Permission) {
		for _, r := range permTable[q].requires {
			if !s.has(r) {
				s[r>>6] |= 1 << (r & 63)
				visit(r)
			}
		}
	}
	if int(p) < len(permTable) {
		visit(p)
	}
	return s
}

func naiveRequiredBy(p Permission) Set {
	var s Set
	for q := range universe.All() {
		if naiveRequires(q).Has(p) {
			s[q>>6] |= 1 << (q & 63)
		}
	}
	return s
}

// naiveNeeds is every feature p and its requirements need.
func naiveNeeds(p Permission) uint64 {
	needs := gates(p)
	for q := range naiveRequires(p).All() {
		needs |= gates(q)
	}
	return needs
}

// naiveEffective drops, until nothing changes, every permission that is
// invalid, gated off, or lacks a direct requirement.
func naiveEffective(s Set, enabled uint64) Set {
	s = s.Intersect(universe)
	for changed := true; changed; {
		changed = false
		for p := range s.All() {
			ok := gates(p)&^enabled == 0
			for _, r := range permTable[p].requires {
				ok = ok && s.has(r)
			}
			if !ok {
				s.remove(p)
				changed = true
			}
		}
	}
	return s
}

// TestChecksAgainstNaiveReference compares every check with a reference
// computed from the direct edges alone, over every ID of the Set (valid or
// not) and random Sets, including bits that name no permission.
func TestChecksAgainstNaiveReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for id := range len(Set{}) * 64 {
		p := Permission(id)
		if got, want := p.Requires(), naiveRequires(p); got != want {
			t.Fatalf("%v.Requires() = %v, want %v", p, got, want)
		}
		if got, want := p.RequiredBy(), naiveRequiredBy(p); got != want {
			t.Fatalf("%v.RequiredBy() = %v, want %v", p, got, want)
		}
	}
	for range 20000 {
		s := Set{r.Uint64() & r.Uint64(), r.Uint64() & r.Uint64()}
		p := Permission(r.IntN(len(Set{}) * 64))
		enabled := uint64(r.IntN(2))
		eff := naiveEffective(s, enabled)
		if got := effective(&s, enabled); got != eff {
			t.Fatalf("effective(%v, %d) = %v, want %v", s, enabled, got, eff)
		}
		if got, want := can(&s, p, enabled), eff.has(p); got != want {
			t.Fatalf("can(%v, %v, %d) = %v, want %v", s, p, enabled, got, want)
		}
		missing, off := blockers(&s, p, enabled)
		if p.IsValid() && (missing.IsEmpty() && off == 0) != eff.has(p) {
			t.Fatalf("blockers(%v, %v, %d) = %v, %d, but can = %v", s, p, enabled, missing, off, eff.has(p))
		}
		if want := naiveNeeds(p) &^ enabled; off != want {
			t.Fatalf("blockers(%v, %v, %d) off = %d, want %d", s, p, enabled, off, want)
		}
		wantMissing := naiveRequires(p).Minus(s)
		if got := Missing(s, p); got != wantMissing {
			t.Fatalf("Missing(%v, %v) = %v, want %v", s, p, got, wantMissing)
		}
		if p.IsValid() && !s.has(p) {
			wantMissing.add(p)
		}
		if missing != wantMissing {
			t.Fatalf("blockers(%v, %v) missing = %v, want %v", s, p, missing, wantMissing)
		}
		wantGrant := s
		if p.IsValid() {
			wantGrant = s.Union(naiveRequires(p)).With(p)
		}
		if got := Grant(s, p); got != wantGrant {
			t.Fatalf("Grant(%v, %v) = %v, want %v", s, p, got, wantGrant)
		}
		wantRevoke := s.Minus(naiveRequiredBy(p))
		wantRevoke.remove(p)
		if got := Revoke(s, p); got != wantRevoke {
			t.Fatalf("Revoke(%v, %v) = %v, want %v", s, p, got, wantRevoke)
		}
	}
}

// TestClosureCacheConcurrent fills the closure caches from many goroutines
// at once; go test -race proves the first uses safe.
func TestClosureCacheConcurrent(t *testing.T) {
	for i := range requiresCache {
		requiresCache[i].Store(nil)
		requiredByCache[i].Store(nil)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for p := range universe.All() {
				if p.Requires() != naiveRequires(p) || p.RequiredBy() != naiveRequiredBy(p) {
					t.Errorf("closure of %v differs under concurrent first use", p)
				}
			}
		})
	}
	wg.Wait()
}
