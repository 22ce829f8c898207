package gen

import (
	"github.com/dave/jennifer/jen"
)

// maxInput bounds the input of the Set decoders: generous for any honest
// encoding (every key and retired key, with room for spacing and JSON
// escapes), small enough that a hostile input is refused before any work.
func (g *generator) maxInput() int {
	n := 0
	for _, p := range g.c.Permissions {
		n += len(p.Key) + 4
	}
	for _, l := range g.c.Legacy {
		n += len(l.Key) + 4
	}
	return 8*n + 4096
}

func (g *generator) genSetText(f *jen.File) {
	f.Add(doc("maxInput bounds the input of the Set decoders. Every honest encoding of a Set, even one listing every key and every retired key with spacing and JSON escapes, is shorter; longer input is refused before any work."))
	f.Const().Id("maxInput").Op("=").Lit(g.maxInput())

	f.Add(comment("checkEncodable fails when s holds bits that name no permission: an encoder must not drop them silently."))
	f.Func().Params(jen.Id("s").Id("Set")).Id("checkEncodable").Params().Error().Block(
		jen.If(jen.Id("i").Op(":=").Id("s").Dot("firstInvalid").Call(), jen.Id("i").Op(">=").Lit(0)).Block(
			jen.Return(g.errorf("cannot encode set: bit %d %w", jen.Id("i"), jen.Id("ErrUnknown"))),
		),
		jen.Return(jen.Nil()),
	)

	f.Add(comment("addKey adds the permission with the given key, or the replacements of a retired key; a retired key nothing replaced adds nothing."))
	f.Func().Params(jen.Id("s").Op("*").Id("Set")).Id("addKey").Params(jen.Id("key").String()).Error().Block(
		jen.If(jen.List(jen.Id("p"), jen.Id("ok")).Op(":=").Id("byKey").Call(jen.Id("key")), jen.Id("ok")).Block(
			jen.Id("s").Dot("add").Call(jen.Id("p")),
			jen.Return(jen.Nil()),
		),
		jen.If(jen.List(jen.Id("m"), jen.Id("ok")).Op(":=").Id("Migrate").Call(jen.Id("key")), jen.Id("ok")).Block(
			jen.Op("*").Id("s").Op("=").Id("s").Dot("Union").Call(jen.Id("m")),
			jen.Return(jen.Nil()),
		),
		jen.If(jen.Id("retiredKey").Call(jen.Id("key"))).Block(
			jen.Return(jen.Nil()),
		),
		jen.Return(g.errorf("%w %s in set", jen.Id("ErrUnknown"), jen.Id("quote").Call(jen.Id("key")))),
	)

	f.Add(doc("AppendText implements encoding.TextAppender: the keys of s by ascending ID, separated by commas. It fails if s holds a bit that names no permission."))
	f.Func().Params(jen.Id("s").Id("Set")).Id("AppendText").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.If(jen.Err().Op(":=").Id("s").Dot("checkEncodable").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("b"), jen.Err())),
		jen.Id("start").Op(":=").Len(jen.Id("b")),
		g.forEachBit(jen.Id("s"),
			jen.If(jen.Len(jen.Id("b")).Op(">").Id("start")).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(','))),
			jen.Id("b").Op("=").Append(jen.Id("b"), jen.Id("permKeys").Index(jen.Id("p")).Op("...")),
		),
		jen.Return(jen.Id("b"), jen.Nil()),
	)
	f.Add(comment("MarshalText implements encoding.TextMarshaler; see [Set.AppendText]."))
	f.Func().Params(jen.Id("s").Id("Set")).Id("MarshalText").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("s").Dot("AppendText").Call(jen.Nil())),
	)
	f.Add(doc("UnmarshalText implements encoding.TextUnmarshaler. It reads keys separated by commas, with optional spaces around each; a retired key adds its replacements (see [Migrate]), or nothing if nothing replaced it. An unknown or empty key is an error naming it, and s is left unchanged on error."))
	f.Func().Params(jen.Id("s").Op("*").Id("Set")).Id("UnmarshalText").Params(jen.Id("text").Index().Byte()).Error().Block(
		jen.If(jen.Len(jen.Id("text")).Op(">").Id("maxInput")).Block(
			jen.Return(g.errorf("set text is %d bytes, more than the %d any set needs", jen.Len(jen.Id("text")), jen.Id("maxInput"))),
		),
		jen.Var().Id("out").Id("Set"),
		jen.If(jen.Id("rest").Op(":=").Qual("strings", "TrimSpace").Call(jen.String().Call(jen.Id("text"))), jen.Id("rest").Op("!=").Lit("")).Block(
			jen.For(jen.Id("more").Op(":=").True(), jen.Id("more"), jen.Empty()).Block(
				jen.Var().Id("item").String(),
				jen.List(jen.Id("item"), jen.Id("rest"), jen.Id("more")).Op("=").Qual("strings", "Cut").Call(jen.Id("rest"), jen.Lit(",")),
				jen.If(jen.Id("item").Op("=").Qual("strings", "TrimSpace").Call(jen.Id("item")), jen.Id("item").Op("==").Lit("")).Block(
					jen.Return(g.errorf("empty permission key in set text %s", jen.Id("quote").Call(jen.String().Call(jen.Id("text"))))),
				),
				jen.If(jen.Err().Op(":=").Id("out").Dot("addKey").Call(jen.Id("item")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			),
		),
		jen.Op("*").Id("s").Op("=").Id("out"),
		jen.Return(jen.Nil()),
	)
}

// forEachBit loops over the permissions of set (valid bits only), binding
// each to p.
func (g *generator) forEachBit(set jen.Code, body ...jen.Code) jen.Code {
	return jen.For(jen.List(jen.Id("i"), jen.Id("w")).Op(":=").Range().Add(set)).Block(
		jen.For(jen.Id("w").Op("&=").Id("universe").Index(jen.Id("i")), jen.Id("w").Op("!=").Lit(0), jen.Id("w").Op("&=").Id("w").Op("-").Lit(1)).Block(
			append([]jen.Code{jen.Id("p").Op(":=").Id(g.typ).Call(jen.Id("i").Op("*").Lit(64).Op("+").Qual("math/bits", "TrailingZeros64").Call(jen.Id("w")))}, body...)...,
		),
	)
}

func (g *generator) genSetJSON(f *jen.File) {
	f.Add(doc("MarshalJSON implements json.Marshaler: an array of the keys of s by ascending ID, built in one allocation. It fails if s holds a bit that names no permission."))
	f.Func().Params(jen.Id("s").Id("Set")).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.If(jen.Err().Op(":=").Id("s").Dot("checkEncodable").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Id("n").Op(":=").Lit(2),
		g.forEachBit(jen.Id("s"), jen.Id("n").Op("+=").Len(jen.Id("permKeys").Index(jen.Id("p"))).Op("+").Lit(3)),
		jen.Id("b").Op(":=").Make(jen.Index().Byte(), jen.Lit(1), jen.Id("n")),
		jen.Id("b").Index(jen.Lit(0)).Op("=").LitRune('['),
		// Keys hold only letters, digits and _ . : / - (the spec loader
		// enforces it), so they need no JSON escaping.
		g.forEachBit(jen.Id("s"),
			jen.If(jen.Len(jen.Id("b")).Op(">").Lit(1)).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(','))),
			jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune('"')),
			jen.Id("b").Op("=").Append(jen.Id("b"), jen.Id("permKeys").Index(jen.Id("p")).Op("...")),
			jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune('"')),
		),
		jen.Return(jen.Append(jen.Id("b"), jen.LitRune(']')), jen.Nil()),
	)

	ws := func() jen.Code {
		return jen.For(jen.Id("i").Op("<").Len(jen.Id("data")).Op("&&").Parens(
			jen.Id("data").Index(jen.Id("i")).Op("==").LitRune(' ').Op("||").Id("data").Index(jen.Id("i")).Op("==").LitRune('\t').Op("||").
				Id("data").Index(jen.Id("i")).Op("==").LitRune('\n').Op("||").Id("data").Index(jen.Id("i")).Op("==").LitRune('\r'))).Block(jen.Id("i").Op("++"))
	}
	notArray := g.errorf("a Set is a JSON array of permission keys, not %s", jen.Id("quote").Call(jen.String().Call(jen.Id("data"))))
	f.Add(doc(
		"UnmarshalJSON implements json.Unmarshaler. It reads an array of permission keys; a retired key adds its replacements (see [Migrate]). Anything else (an unknown key, a number, an object, a nested array, trailing data) is an error naming the bad value, and s is left unchanged on error. JSON null leaves s unchanged, as encoding/json does for other types.",
	))
	f.Func().Params(jen.Id("s").Op("*").Id("Set")).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.If(jen.Len(jen.Id("data")).Op(">").Id("maxInput")).Block(
			jen.Return(g.errorf("JSON set is %d bytes, more than the %d any set needs", jen.Len(jen.Id("data")), jen.Id("maxInput"))),
		),
		jen.Id("i").Op(":=").Lit(0),
		ws(),
		jen.If(jen.Id("i").Op("+").Lit(4).Op("<=").Len(jen.Id("data")).Op("&&").String().Call(jen.Id("data").Index(jen.Id("i"), jen.Id("i").Op("+").Lit(4))).Op("==").Lit("null")).Block(
			jen.Id("rest").Op(":=").Id("i").Op("+").Lit(4),
			jen.For(jen.Id("rest").Op("<").Len(jen.Id("data")).Op("&&").Parens(
				jen.Id("data").Index(jen.Id("rest")).Op("==").LitRune(' ').Op("||").Id("data").Index(jen.Id("rest")).Op("==").LitRune('\t').Op("||").
					Id("data").Index(jen.Id("rest")).Op("==").LitRune('\n').Op("||").Id("data").Index(jen.Id("rest")).Op("==").LitRune('\r'))).Block(jen.Id("rest").Op("++")),
			jen.If(jen.Id("rest").Op("==").Len(jen.Id("data"))).Block(jen.Return(jen.Nil())),
		),
		jen.If(jen.Id("i").Op("==").Len(jen.Id("data")).Op("||").Id("data").Index(jen.Id("i")).Op("!=").LitRune('[')).Block(jen.Return(notArray)),
		jen.Id("i").Op("++"),
		jen.Var().Id("out").Id("Set"),
		ws(),
		jen.If(jen.Id("i").Op("<").Len(jen.Id("data")).Op("&&").Id("data").Index(jen.Id("i")).Op("==").LitRune(']')).Block(
			jen.Id("i").Op("++"),
		).Else().Block(
			jen.For().Block(
				ws(),
				jen.If(jen.Id("i").Op("==").Len(jen.Id("data")).Op("||").Id("data").Index(jen.Id("i")).Op("!=").LitRune('"')).Block(
					jen.Return(g.errorf("JSON set: element at byte %d is not a string: %s", jen.Id("i"), jen.Id("quote").Call(jen.String().Call(jen.Id("data").Index(jen.Id("i"), jen.Empty()))))),
				),
				jen.List(jen.Id("j"), jen.Id("escaped")).Op(":=").List(jen.Id("i").Op("+").Lit(1), jen.False()),
				jen.For(jen.Id("j").Op("<").Len(jen.Id("data")).Op("&&").Id("data").Index(jen.Id("j")).Op("!=").LitRune('"')).Block(
					jen.If(jen.Id("data").Index(jen.Id("j")).Op("==").LitRune('\\')).Block(
						jen.Id("escaped").Op("=").True(),
						jen.Id("j").Op("++"),
					),
					jen.Id("j").Op("++"),
				),
				jen.If(jen.Id("j").Op(">=").Len(jen.Id("data"))).Block(
					jen.Return(g.errorf("JSON set: unterminated string at byte %d", jen.Id("i"))),
				),
				jen.Id("key").Op(":=").String().Call(jen.Id("data").Index(jen.Id("i").Op("+").Lit(1), jen.Id("j"))),
				jen.If(jen.Id("escaped")).Block(
					// A separate variable: taking key's address would move
					// it to the heap on every element, escaped or not.
					jen.Var().Id("unquoted").String(),
					jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data").Index(jen.Id("i"), jen.Id("j").Op("+").Lit(1)), jen.Op("&").Id("unquoted")), jen.Err().Op("!=").Nil()).Block(
						jen.Return(g.errorf("JSON set: bad string at byte %d: %w", jen.Id("i"), jen.Err())),
					),
					jen.Id("key").Op("=").Id("unquoted"),
				),
				jen.If(jen.Err().Op(":=").Id("out").Dot("addKey").Call(jen.Id("key")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.Id("i").Op("=").Id("j").Op("+").Lit(1),
				ws(),
				jen.If(jen.Id("i").Op("<").Len(jen.Id("data")).Op("&&").Id("data").Index(jen.Id("i")).Op("==").LitRune(',')).Block(
					jen.Id("i").Op("++"),
					jen.Continue(),
				),
				jen.If(jen.Id("i").Op("<").Len(jen.Id("data")).Op("&&").Id("data").Index(jen.Id("i")).Op("==").LitRune(']')).Block(
					jen.Id("i").Op("++"),
					jen.Break(),
				),
				jen.Return(g.errorf("JSON set: expected , or ] at byte %d", jen.Id("i"))),
			),
		),
		ws(),
		jen.If(jen.Id("i").Op("!=").Len(jen.Id("data"))).Block(
			jen.Return(g.errorf("JSON set: unexpected data after the array at byte %d", jen.Id("i"))),
		),
		jen.Op("*").Id("s").Op("=").Id("out"),
		jen.Return(jen.Nil()),
	)
}

func (g *generator) genSetBinary(f *jen.File) {
	nbytes := g.words * 8
	f.Add(doc("AppendBinary implements encoding.BinaryAppender: the words of s as little-endian bytes, so byte k bit j holds ID 8k+j. It fails if s holds a bit that names no permission."))
	f.Func().Params(jen.Id("s").Id("Set")).Id("AppendBinary").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.If(jen.Err().Op(":=").Id("s").Dot("checkEncodable").Call(), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("b"), jen.Err())),
		jen.For(jen.List(jen.Id("_"), jen.Id("w")).Op(":=").Range().Id("s")).Block(
			jen.For(jen.Id("k").Op(":=").Range().Lit(8)).Block(
				jen.Id("b").Op("=").Append(jen.Id("b"), jen.Byte().Call(jen.Id("w").Op(">>").Parens(jen.Lit(8).Op("*").Id("k")))),
			),
		),
		jen.Return(jen.Id("b"), jen.Nil()),
	)
	f.Add(doc("MarshalBinary implements encoding.BinaryMarshaler; see [Set.AppendBinary]. The result is always the same length, so it fits a fixed-width column."))
	f.Func().Params(jen.Id("s").Id("Set")).Id("MarshalBinary").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("s").Dot("AppendBinary").Call(jen.Make(jen.Index().Byte(), jen.Lit(0), jen.Lit(nbytes)))),
	)
	f.Add(doc("UnmarshalBinary implements encoding.BinaryUnmarshaler, reading what MarshalBinary writes. Shorter input (from a catalog that had fewer IDs) is read as if padded with zeros. The bit of a retired (reserved) ID is dropped: it was stored before its permission was retired. Any other bit that names no permission is an error naming its ID, and s is left unchanged on error."))
	f.Func().Params(jen.Id("s").Op("*").Id("Set")).Id("UnmarshalBinary").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Var().Id("out").Id("Set"),
		jen.For(jen.List(jen.Id("k"), jen.Id("c")).Op(":=").Range().Id("data")).Block(
			jen.For(jen.Id("c").Op("!=").Lit(0)).Block(
				jen.Id("id").Op(":=").Id("k").Op("*").Lit(8).Op("+").Qual("math/bits", "TrailingZeros8").Call(jen.Id("c")),
				jen.Id("c").Op("&=").Id("c").Op("-").Lit(1),
				jen.If(jen.Id("id").Op(">=").Lit(g.words*64)).Block(
					jen.Return(g.errorf("bitmask bit %d %w", jen.Id("id"), jen.Id("ErrUnknown"))),
				),
				jen.If(jen.Id("retired").Dot("has").Call(jen.Id(g.typ).Call(jen.Id("id")))).Block(
					jen.Continue(),
				),
				jen.If(jen.Op("!").Id("universe").Dot("has").Call(jen.Id(g.typ).Call(jen.Id("id")))).Block(
					jen.Return(g.errorf("bitmask bit %d %w", jen.Id("id"), jen.Id("ErrUnknown"))),
				),
				jen.Id("out").Index(jen.Id("id").Op(">>").Lit(6)).Op("|=").Lit(1).Op("<<").Parens(jen.Id("id").Op("&").Lit(63)),
			),
		),
		jen.Op("*").Id("s").Op("=").Id("out"),
		jen.Return(jen.Nil()),
	)

	f.Add(doc("Value implements driver.Valuer: a Set is stored as the bytes of [Set.MarshalBinary] (a bytea or blob column)."))
	f.Func().Params(jen.Id("s").Id("Set")).Id("Value").Params().Params(jen.Qual("database/sql/driver", "Value"), jen.Error()).Block(
		jen.Return(jen.Id("s").Dot("MarshalBinary").Call()),
	)
	f.Add(doc("Scan implements sql.Scanner. It reads the bytes of [Set.MarshalBinary], a 64-bit integer column holding the first 64 bits, or a string of comma-separated keys as [Set.UnmarshalText] reads them; NULL is the empty set. Anything else is an error, and s is left unchanged on error.",
		"Every []byte is read as a bitmask: a driver that returns a text column as []byte must have it scanned into a string, then decoded with [Set.UnmarshalText]. Keys read as bits fail, never grant."))
	f.Func().Params(jen.Id("s").Op("*").Id("Set")).Id("Scan").Params(jen.Id("src").Any()).Error().Block(
		jen.Switch(jen.Id("v").Op(":=").Id("src").Assert(jen.Type())).Block(
			jen.Case(jen.Nil()).Block(jen.Op("*").Id("s").Op("=").Id("Set").Values(), jen.Return(jen.Nil())),
			jen.Case(jen.Index().Byte()).Block(jen.Return(jen.Id("s").Dot("UnmarshalBinary").Call(jen.Id("v")))),
			jen.Case(jen.String()).Block(jen.Return(jen.Id("s").Dot("UnmarshalText").Call(jen.Index().Byte().Call(jen.Id("v"))))),
			jen.Case(jen.Int64()).Block(
				jen.Var().Id("b").Index(jen.Lit(8)).Byte(),
				jen.For(jen.Id("k").Op(":=").Range().Id("b")).Block(
					jen.Id("b").Index(jen.Id("k")).Op("=").Byte().Call(jen.Uint64().Call(jen.Id("v")).Op(">>").Parens(jen.Lit(8).Op("*").Id("k"))),
				),
				jen.Return(jen.Id("s").Dot("UnmarshalBinary").Call(jen.Id("b").Index(jen.Empty(), jen.Empty()))),
			),
		),
		jen.Return(g.errorf("cannot scan %T into a Set", jen.Id("src"))),
	)
}
