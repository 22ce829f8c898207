package opendental_test

import (
	"math/rand/v2"
	"testing"

	"github.com/permcat/permcat/generated/opendental"
	"github.com/permcat/permcat/internal/cattest"
)

const allFeatures = opendental.FeatureDentalSchools | opendental.FeatureCloud

// catalog describes this package to the generic checks of cattest.
var catalog = cattest.Catalog[opendental.Permission, opendental.Set]{
	SpecPath:   "../../spec/opendental.yaml",
	All:        opendental.All,
	Parse:      opendental.Parse,
	Of:         opendental.Of,
	Has:        opendental.Set.Has,
	Requires:   opendental.Permission.Requires,
	RequiredBy: opendental.Permission.RequiredBy,
	Effective:  func(s opendental.Set) opendental.Set { return opendental.Effective(s, allFeatures) },
	Can: func(s opendental.Set, p opendental.Permission) bool {
		return opendental.Can(s, p, allFeatures)
	},
	Grant:   opendental.Grant,
	Revoke:  opendental.Revoke,
	Missing: opendental.Missing,
	Minus:   opendental.Set.Minus,
	Random: func(r *rand.Rand) opendental.Set {
		var s opendental.Set
		for i := range s {
			s[i] = r.Uint64() | r.Uint64() // dense, like a real role
		}
		return s
	},
	ErrUnknown:  opendental.ErrUnknown,
	MaxValue:    1<<8 - 1,
	FeaturesOff: func(s opendental.Set) opendental.Set { return opendental.Effective(s, 0) },
}

func TestProperties(t *testing.T) { cattest.Check(t, catalog) }
