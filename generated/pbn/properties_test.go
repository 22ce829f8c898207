package pbn_test

import (
	"math/rand/v2"
	"testing"

	"github.com/permcat/permcat/generated/pbn"
	"github.com/permcat/permcat/internal/cattest"
)

// catalog describes this package to the generic checks of cattest.
var catalog = cattest.Catalog[pbn.Permission, pbn.Set]{
	SpecPath:   "../../spec/pbn.yaml",
	All:        pbn.All,
	Parse:      pbn.Parse,
	Of:         pbn.Of,
	Has:        pbn.Set.Has,
	Requires:   pbn.Permission.Requires,
	RequiredBy: pbn.Permission.RequiredBy,
	Effective:  pbn.Effective,
	Can:        pbn.Can,
	Grant:      pbn.Grant,
	Revoke:     pbn.Revoke,
	Missing:    pbn.Missing,
	Minus:      pbn.Set.Minus,
	Random: func(r *rand.Rand) pbn.Set {
		return pbn.Set{r.Uint64() | r.Uint64()}
	},
	ErrUnknown: pbn.ErrUnknown,
	MaxValue:   1<<8 - 1,
}

func TestProperties(t *testing.T) { cattest.Check(t, catalog) }
