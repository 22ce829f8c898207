package gen

import (
	"github.com/dave/jennifer/jen"
)

// genSetType declares the Set type; its methods are copied from setcode.
// A Set is an array of words, so it is comparable, copied by value and
// never allocates; bits outside the catalog (from a hand-built literal) are
// ignored by every query.
func (g *generator) genSetType(f *jen.File) {
	f.Add(doc(
		"Set is a set of permissions: bit id%64 of word id/64 holds the permission with that ID.",
		"A Set is a value: comparable with ==, copied on assignment, and free of allocation. The zero value is the empty set. Bits that name no permission are ignored by every query and rejected by every decoder and encoder.",
		g.storedForm(),
	))
	f.Type().Id("Set").Index(jen.Lit(g.words)).Uint64()
}

// storedForm says how a Set is stored, and which column adapters this
// catalog has.
func (g *generator) storedForm() string {
	word := ""
	if g.words == 1 {
		word = ", [Word] (an integer bitmask)"
	}
	return "In a database a Set is stored in its binary form ([Set.Value], for bytea and BLOB columns), which names the catalog and is never mistaken for text, or in the form a [Column] adapter writes: [Keys] (text), [JSON] (json, jsonb), [IDArray] and [KeyArray] (PostgreSQL arrays)" + word + " or [Bitmask] (a bare bitmask written by other programs). [OfIDs] reads IDs stored one row per permission."
}
