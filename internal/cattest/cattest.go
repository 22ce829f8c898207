// Package cattest checks the properties every generated catalog package
// must have, whatever its spec. The committed packages under generated/
// call it from their tests; it is generic over the permission and set
// types, so one implementation serves every catalog.
package cattest

import (
	"errors"
	"iter"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/permcat/permcat/internal/model"
)

// Permission is the shape of a generated permission type.
type Permission interface {
	~uint8 | ~uint16
	IsValid() bool
	Key() string
	Name() string
}

// Catalog is a generated package under test, described by its functions.
// Effective and Can take every feature enabled in catalogs with features.
type Catalog[P Permission, S comparable] struct {
	// SpecPath is the spec the package was generated from.
	SpecPath string
	All      func() iter.Seq[P]
	Parse    func(string) (P, error)
	Of       func(...P) S
	Has      func(S, P) bool
	Requires func(P) S
	// RequiredBy returns the transitive dependents.
	RequiredBy func(P) S
	Effective  func(S) S // with every feature enabled
	Can        func(S, P) bool
	Grant      func(S, P) S
	Revoke     func(S, P) S
	Missing    func(S, P) S
	Minus      func(S, S) S
	// Random returns a Set with random bits, valid or not.
	Random      func(r *rand.Rand) S
	ErrUnknown  error
	MaxValue    int       // the largest value of P's underlying type
	FeaturesOff func(S) S // Effective with every feature disabled; nil without features
}

// LoadSpec loads and resolves the spec at path, failing t on any error.
func LoadSpec(t testing.TB, path string) *model.Catalog {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := model.Load(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// Check runs every property test on c.
func Check[P Permission, S comparable](t *testing.T, c Catalog[P, S]) {
	t.Helper()
	cat := LoadSpec(t, c.SpecPath)
	t.Run("MatchesSpec", func(t *testing.T) { matchesSpec(t, c, cat) })
	t.Run("ParseKeyAndName", func(t *testing.T) { parseRoundTrip(t, c) })
	t.Run("InvalidValues", func(t *testing.T) { invalidValues(t, c) })
	t.Run("EffectiveIsIdempotentAndShrinks", func(t *testing.T) { effective(t, c) })
	t.Run("GrantAndRevoke", func(t *testing.T) { grantRevoke(t, c) })
}

func matchesSpec[P Permission, S comparable](t *testing.T, c Catalog[P, S], cat *model.Catalog) {
	n := 0
	for p := range c.All() {
		n++
		mp := cat.Permission(p.Key())
		if mp == nil || int(p) != mp.ID || p.Name() != mp.Name {
			t.Fatalf("generated %v (%q) does not match the spec", p, p.Name())
		}
		if got, want := c.Requires(p), c.Of(ps[P](mp.Closure())...); got != want {
			t.Errorf("%s.Requires() differs from the spec's closure", p.Key())
		}
		if got, want := c.RequiredBy(p), c.Of(ps[P](mp.Dependents())...); got != want {
			t.Errorf("%s.RequiredBy() differs from the spec's dependents", p.Key())
		}
	}
	if n != len(cat.Permissions) {
		t.Fatalf("package has %d permissions, spec %d: regenerate", n, len(cat.Permissions))
	}
}

func ps[P Permission](list []*model.Permission) []P {
	out := make([]P, len(list))
	for i, p := range list {
		out[i] = P(p.ID)
	}
	return out
}

func parseRoundTrip[P Permission, S comparable](t *testing.T, c Catalog[P, S]) {
	for p := range c.All() {
		for _, s := range []string{p.Key(), p.Name()} {
			if q, err := c.Parse(s); err != nil || q != p {
				t.Errorf("Parse(%q) = %v, %v; want %v", s, q, err, p)
			}
		}
	}
	for _, bad := range []string{"", " ", "\x00", "no such permission"} {
		if _, err := c.Parse(bad); !errors.Is(err, c.ErrUnknown) {
			t.Errorf("Parse(%q) error = %v, want ErrUnknown", bad, err)
		}
	}
}

func invalidValues[P Permission, S comparable](t *testing.T, c Catalog[P, S]) {
	valid := map[P]bool{}
	for p := range c.All() {
		valid[p] = true
	}
	var empty S
	for v := 0; v <= c.MaxValue; v++ {
		p := P(v)
		if valid[p] {
			continue
		}
		if p.IsValid() || p.Key() != "" || p.Name() != "" {
			t.Fatalf("value %d names no permission but looks valid", v)
		}
		if c.Of(p) != empty || c.Grant(empty, p) != empty || c.Missing(empty, p) != empty || c.Can(c.Random(rand.New(rand.NewPCG(uint64(v), 0))), p) {
			t.Fatalf("value %d names no permission but a Set operation treats it as one", v)
		}
	}
}

func effective[P Permission, S comparable](t *testing.T, c Catalog[P, S]) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		s := c.Random(r)
		e := c.Effective(s)
		if c.Effective(e) != e {
			t.Fatalf("Effective is not idempotent on %v", s)
		}
		if c.Minus(e, s) != *new(S) {
			t.Fatalf("Effective(%v) grants more than was granted", s)
		}
		for p := range c.All() {
			if c.Has(e, p) != c.Can(s, p) {
				t.Fatalf("Can(s, %v) disagrees with Effective(s).Has", p)
			}
			if c.Has(e, p) && c.Requires(p) != *new(S) && c.Minus(c.Requires(p), e) != *new(S) {
				t.Fatalf("Effective holds %v without what it requires", p)
			}
		}
		if c.FeaturesOff != nil {
			off := c.FeaturesOff(s)
			if c.Minus(off, e) != *new(S) {
				t.Fatalf("disabling features granted more")
			}
		}
	}
}

func grantRevoke[P Permission, S comparable](t *testing.T, c Catalog[P, S]) {
	r := rand.New(rand.NewPCG(5, 6))
	var empty S
	for range 300 {
		s := c.Random(r)
		for p := range c.All() {
			g := c.Grant(s, p)
			if !c.Has(g, p) || c.Missing(g, p) != empty {
				t.Fatalf("Grant(s, %v) lacks p or its requirements", p)
			}
			v := c.Revoke(g, p)
			if c.Has(v, p) {
				t.Fatalf("Revoke(Grant(s, %v), %v) still holds it", p, p)
			}
			for q := range c.All() {
				if c.Has(v, q) && c.Has(c.RequiredBy(p), q) {
					t.Fatalf("Revoke(_, %v) kept %v, which requires it", p, q)
				}
			}
		}
	}
}

// SortedKeys returns the keys of the permissions in seq, sorted, for
// comparisons with lists written in a test.
func SortedKeys[P Permission](seq iter.Seq[P]) []string {
	var out []string
	for p := range seq {
		out = append(out, p.Key())
	}
	slices.Sort(out)
	return out
}

// Sorted returns a sorted copy of ss.
func Sorted(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return out
}

// MustParse parses s with parse, failing t on error.
func MustParse[P Permission](t testing.TB, parse func(string) (P, error), s string) P {
	t.Helper()
	p, err := parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return p
}
