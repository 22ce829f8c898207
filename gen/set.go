package gen

import (
	"github.com/dave/jennifer/jen"
)

// genSet emits the Set type and its algebra. A Set is an array of words,
// so it is comparable, copied by value and never allocates; bits outside
// the catalog (from a hand-built literal) are ignored by every query.
func (g *generator) genSet(f *jen.File) {
	typ := g.typ
	bitsN := g.words * 64
	f.Add(doc(
		"Set is a set of permissions: bit id%64 of word id/64 holds the permission with that ID.",
		"A Set is a value: comparable with ==, copied on assignment, and free of allocation. The zero value is the empty set. Bits that name no permission are ignored by every query and rejected by every decoder and encoder.",
		g.storedForm(),
	))
	f.Type().Id("Set").Index(jen.Lit(g.words)).Uint64()

	recv := func() *jen.Statement { return f.Func().Params(jen.Id("s").Id("Set")) }
	ps := jen.Id("ps").Op("...").Id(typ)

	f.Add(comment("Of returns the Set holding ps. Invalid permissions are left out."))
	f.Func().Id("Of").Params(ps).Id("Set").Block(
		jen.Var().Id("s").Id("Set"),
		jen.For(jen.List(jen.Id("_"), jen.Id("p")).Op(":=").Range().Id("ps")).Block(
			jen.Id("s").Dot("add").Call(jen.Id("p")),
		),
		jen.Return(jen.Id("s")),
	)

	// word and bit split an ID; the bounds test on the word index is the
	// only one the compiler needs, so it removes its own.
	f.Add(comment("has reports whether bit p is set, whether or not p is valid."))
	recv().Id("has").Params(jen.Id("p").Id(typ)).Bool().Block(
		jen.If(jen.Id("w").Op(":=").Uint().Call(jen.Id("p")).Op(">>").Lit(6), jen.Id("w").Op("<").Uint().Call(jen.Len(jen.Id("s")))).Block(
			jen.Return(jen.Id("s").Index(jen.Id("w")).Op("&").Parens(jen.Lit(1).Op("<<").Parens(jen.Id("p").Op("&").Lit(63))).Op("!=").Lit(0)),
		),
		jen.Return(jen.False()),
	)
	f.Add(comment("add sets bit p if p is valid."))
	f.Func().Params(jen.Id("s").Op("*").Id("Set")).Id("add").Params(jen.Id("p").Id(typ)).Block(
		jen.If(jen.Id("universe").Dot("has").Call(jen.Id("p"))).Block(
			jen.Id("s").Index(jen.Id("p").Op(">>").Lit(6)).Op("|=").Lit(1).Op("<<").Parens(jen.Id("p").Op("&").Lit(63)),
		),
	)
	f.Add(comment("remove clears bit p."))
	f.Func().Params(jen.Id("s").Op("*").Id("Set")).Id("remove").Params(jen.Id("p").Id(typ)).Block(
		jen.If(jen.Id("w").Op(":=").Uint().Call(jen.Id("p")).Op(">>").Lit(6), jen.Id("w").Op("<").Uint().Call(jen.Len(jen.Id("s")))).Block(
			jen.Id("s").Index(jen.Id("w")).Op("&^=").Lit(1).Op("<<").Parens(jen.Id("p").Op("&").Lit(63)),
		),
	)

	f.Add(comment("Has reports whether s holds p. It is false for an invalid p."))
	recv().Id("Has").Params(jen.Id("p").Id(typ)).Bool().Block(
		jen.If(jen.Id("w").Op(":=").Uint().Call(jen.Id("p")).Op(">>").Lit(6), jen.Id("w").Op("<").Uint().Call(jen.Len(jen.Id("s")))).Block(
			jen.Return(jen.Id("s").Index(jen.Id("w")).Op("&").Id("universe").Index(jen.Id("w")).Op("&").Parens(jen.Lit(1).Op("<<").Parens(jen.Id("p").Op("&").Lit(63))).Op("!=").Lit(0)),
		),
		jen.Return(jen.False()),
	)

	wordLoop := func(cond jen.Code) []jen.Code {
		return []jen.Code{
			jen.For(jen.Id("i").Op(":=").Range().Id("s")).Block(
				jen.If(cond).Block(jen.Return(jen.False())),
			),
			jen.Return(jen.True()),
		}
	}
	f.Add(comment("HasAll reports whether s holds every permission of t."))
	recv().Id("HasAll").Params(jen.Id("t").Id("Set")).Bool().Block(
		wordLoop(jen.Id("t").Index(jen.Id("i")).Op("&").Id("universe").Index(jen.Id("i")).Op("&^").Id("s").Index(jen.Id("i")).Op("!=").Lit(0))...,
	)
	f.Add(comment("HasAny reports whether s holds at least one permission of t."))
	recv().Id("HasAny").Params(jen.Id("t").Id("Set")).Bool().Block(
		jen.For(jen.Id("i").Op(":=").Range().Id("s")).Block(
			jen.If(jen.Id("s").Index(jen.Id("i")).Op("&").Id("t").Index(jen.Id("i")).Op("&").Id("universe").Index(jen.Id("i")).Op("!=").Lit(0)).Block(jen.Return(jen.True())),
		),
		jen.Return(jen.False()),
	)
	f.Add(comment("IsEmpty reports whether s holds no permission."))
	recv().Id("IsEmpty").Params().Bool().Block(
		wordLoop(jen.Id("s").Index(jen.Id("i")).Op("&").Id("universe").Index(jen.Id("i")).Op("!=").Lit(0))...,
	)

	f.Add(comment("With returns s with ps added. Invalid permissions are left out."))
	recv().Id("With").Params(ps).Id("Set").Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("p")).Op(":=").Range().Id("ps")).Block(jen.Id("s").Dot("add").Call(jen.Id("p"))),
		jen.Return(jen.Id("s")),
	)
	f.Add(comment("Without returns s with ps removed."))
	recv().Id("Without").Params(ps).Id("Set").Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("p")).Op(":=").Range().Id("ps")).Block(jen.Id("s").Dot("remove").Call(jen.Id("p"))),
		jen.Return(jen.Id("s")),
	)
	binary := func(name, docText, op string) {
		f.Add(comment(name + " " + docText))
		recv().Id(name).Params(jen.Id("t").Id("Set")).Id("Set").Block(
			jen.For(jen.Id("i").Op(":=").Range().Id("s")).Block(jen.Id("s").Index(jen.Id("i")).Op(op).Id("t").Index(jen.Id("i"))),
			jen.Return(jen.Id("s")),
		)
	}
	binary("Union", "returns the permissions in s or t.", "|=")
	binary("Intersect", "returns the permissions in both s and t.", "&=")
	binary("Minus", "returns the permissions in s and not in t.", "&^=")

	f.Add(comment("Len returns the number of permissions in s."))
	recv().Id("Len").Params().Int().Block(
		jen.Id("n").Op(":=").Lit(0),
		jen.For(jen.List(jen.Id("i"), jen.Id("w")).Op(":=").Range().Id("s")).Block(
			jen.Id("n").Op("+=").Qual("math/bits", "OnesCount64").Call(jen.Id("w").Op("&").Id("universe").Index(jen.Id("i"))),
		),
		jen.Return(jen.Id("n")),
	)

	f.Add(comment("All returns the permissions of s by ascending ID."))
	recv().Id("All").Params().Qual("iter", "Seq").Index(jen.Id(typ)).Block(
		jen.Return(jen.Func().Params(jen.Id("yield").Func().Params(jen.Id(typ)).Bool()).Block(
			jen.For(jen.List(jen.Id("i"), jen.Id("w")).Op(":=").Range().Id("s")).Block(
				jen.For(jen.Id("w").Op("&=").Id("universe").Index(jen.Id("i")), jen.Id("w").Op("!=").Lit(0), jen.Id("w").Op("&=").Id("w").Op("-").Lit(1)).Block(
					jen.If(jen.Op("!").Id("yield").Call(jen.Id(typ).Call(jen.Id("i").Op("*").Lit(64).Op("+").Qual("math/bits", "TrailingZeros64").Call(jen.Id("w"))))).Block(jen.Return()),
				),
			),
		)),
	)

	f.Add(comment("String returns the keys of s in braces, by ascending ID: {A, B}. Bits that name no permission are shown by number."))
	recv().Id("String").Params().String().Block(
		jen.Var().Id("b").Qual("strings", "Builder"),
		jen.Id("b").Dot("WriteByte").Call(jen.LitRune('{')),
		jen.For(jen.Id("i").Op(":=").Range().Lit(bitsN)).Block(
			jen.Id("p").Op(":=").Id(typ).Call(jen.Id("i")),
			jen.If(jen.Op("!").Id("s").Dot("has").Call(jen.Id("p"))).Block(jen.Continue()),
			jen.If(jen.Id("b").Dot("Len").Call().Op(">").Lit(1)).Block(jen.Id("b").Dot("WriteString").Call(jen.Lit(", "))),
			jen.Id("b").Dot("WriteString").Call(jen.Id("p").Dot("String").Call()),
		),
		jen.Id("b").Dot("WriteByte").Call(jen.LitRune('}')),
		jen.Return(jen.Id("b").Dot("String").Call()),
	)

	f.Add(comment("invalid returns the bits of s that name no permission."))
	recv().Id("invalid").Params().Id("Set").Block(jen.Return(jen.Id("s").Dot("Minus").Call(jen.Id("universe"))))
	f.Add(comment("firstInvalid returns the lowest bit of s that names no permission, or -1."))
	recv().Id("firstInvalid").Params().Int().Block(
		jen.For(jen.List(jen.Id("i"), jen.Id("w")).Op(":=").Range().Id("s").Dot("invalid").Call()).Block(
			jen.If(jen.Id("w").Op("!=").Lit(0)).Block(jen.Return(jen.Id("i").Op("*").Lit(64).Op("+").Qual("math/bits", "TrailingZeros64").Call(jen.Id("w")))),
		),
		jen.Return(jen.Lit(-1)),
	)
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
