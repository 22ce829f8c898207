package gen

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/permcat/permcat/internal/model"
)

func (g *generator) genPermissionType(f *jen.File) {
	zero := "The zero value is not a permission of the catalog, so an uninitialised value fails closed."
	for _, p := range g.c.Permissions {
		if p.ID == 0 {
			zero = fmt.Sprintf("The zero value is %s.", p.GoName)
		}
	}
	f.Add(doc(
		fmt.Sprintf("%s is a permission of the catalog. Its value is the permission's stable ID, which is also the bit it occupies in a [Set].", g.typ),
		zero+fmt.Sprintf(" Values that name no permission are invalid: [%s.IsValid] reports false, and no Set operation treats them as granted.", g.typ),
	))
	f.Type().Id(g.typ).Id(g.c.IDType())
}

// genPermissionEntry declares the type of permTable's entries. Its fields
// are lower case: attribute values live in one array, so no field name is
// derived from the spec.
func (g *generator) genPermissionEntry(f *jen.File) {
	c := g.c
	f.Add(comment("permEntry is what the spec says about one permission."))
	f.Type().Id("permEntry").StructFunc(func(s *jen.Group) {
		s.Id("key").String()
		s.Id("name").String()
		s.Id("description").String()
		if len(c.Groups) > 0 {
			s.Id("group").Id("Group").Comment("// the group it is declared in")
		}
		if len(c.Features) > 0 {
			s.Id("feature").Id("Features").Comment("// its own feature gate, without its groups'")
		}
		if len(c.Flags) > 0 {
			s.Id("flags").Index().Id("Flag")
		}
		if len(c.Attributes) > 0 {
			s.Id("attributes").Index(jen.Lit(len(c.Attributes))).String().Comment("// by attribute, in declaration order")
		}
		s.Id("requires").Index().Id(g.typ).Comment("// direct requirements, in spec order")
	})
}

// genPermissionData declares the catalog's constants that the copied
// setcode needs.
func (g *generator) genPermissionData(f *jen.File) {
	f.Add(comment("retiredIDs are the IDs the spec reserves: bits of permissions that no longer exist, which decoders drop instead of rejecting."))
	f.Var().Id("retiredIDs").Op("=").Index(jen.Op("...")).Id(g.typ).ValuesFunc(func(v *jen.Group) {
		for _, id := range g.c.ReservedIDs {
			v.Line().Lit(id)
		}
		if len(g.c.ReservedIDs) > 0 {
			v.Line()
		}
	})
	f.Add(comment("typeName is the name of the permission type, which String writes for an invalid value."))
	f.Const().Id("typeName").Op("=").Lit(g.typ)
}

func attrDoc(a *model.Attribute) string {
	text := fmt.Sprintf("%s returns p's %s attribute, or \"\" if it has none.", a.GoName, a.Key)
	if a.Description != "" {
		text += " " + sentence(oneLine(a.Description))
	}
	return text
}

func (g *generator) genPermissionMethods(f *jen.File) {
	c := g.c
	inTable := jen.Int().Call(jen.Id("p")).Op("<").Len(jen.Id("permTable"))
	if len(c.Groups) > 0 {
		f.Add(comment("Group returns the group p is declared in, or 0 if p is invalid."))
		f.Func().Params(jen.Id("p").Id(g.typ)).Id("Group").Params().Id("Group").Block(
			jen.If(inTable.Clone()).Block(jen.Return(jen.Id("permTable").Index(jen.Id("p")).Dot("group"))),
			jen.Return(jen.Lit(0)),
		)
	}
	for i, a := range c.Attributes {
		f.Add(comment(attrDoc(a)))
		f.Func().Params(jen.Id("p").Id(g.typ)).Id(a.GoName).Params().String().Block(
			jen.If(inTable.Clone()).Block(jen.Return(jen.Id("permTable").Index(jen.Id("p")).Dot("attributes").Index(jen.Lit(i)))),
			jen.Return(jen.Lit("")),
		)
	}
	if len(c.Flags) > 0 {
		f.Add(comment("HasFlag reports whether p carries flag fl."))
		f.Func().Params(jen.Id("p").Id(g.typ)).Id("HasFlag").Params(jen.Id("fl").Id("Flag")).Bool().Block(
			jen.Return(jen.Id("fl").Dot("Permissions").Call().Dot("Has").Call(jen.Id("p"))),
		)
	}
	if len(c.Features) == 0 {
		f.Add(comment("gates returns the features p needs itself, as a mask: none, since the catalog declares no features."))
		f.Func().Id("gates").Params(jen.Id(g.typ)).Uint64().Block(jen.Return(jen.Lit(0)))
		return
	}
	f.Add(comment("Gates returns the features that must be on for p itself to take effect: its own and those of its groups. Features its prerequisites need are not included; [Can], [Effective] and [Blockers] account for them."))
	f.Func().Params(jen.Id("p").Id(g.typ)).Id("Gates").Params().Id("Features").Block(
		jen.Return(jen.Id("Features").Call(jen.Id("gates").Call(jen.Id("p")))),
	)
	f.Add(comment("gates returns the features p needs itself, as a mask: its own feature and those of its group and the group's ancestors."))
	f.Func().Id("gates").Params(jen.Id("p").Id(g.typ)).Uint64().BlockFunc(func(b *jen.Group) {
		b.If(jen.Int().Call(jen.Id("p")).Op(">=").Len(jen.Id("permTable"))).Block(jen.Return(jen.Lit(0)))
		b.Id("e").Op(":=").Op("&").Id("permTable").Index(jen.Id("p"))
		b.Id("mask").Op(":=").Uint64().Call(jen.Id("e").Dot("feature"))
		if len(c.Groups) > 0 {
			b.For(jen.Id("x").Op(":=").Id("e").Dot("group"), jen.Id("x").Op("!=").Lit(0), jen.Id("x").Op("=").Id("groupTable").Index(jen.Id("x")).Dot("parent")).Block(
				jen.Id("mask").Op("|=").Uint64().Call(jen.Id("groupTable").Index(jen.Id("x")).Dot("feature")),
			)
		}
		b.Return(jen.Id("mask"))
	})
}

// genLookups declares byKey and byName, the lookups behind Parse and the
// decoders: switch statements for catalogs up to switchLimit, and binary
// searches over indexes sorted on first use above it.
func (g *generator) genLookups(f *jen.File) {
	if len(g.c.Permissions) <= switchLimit {
		g.splice(f, g.switchLookups())
		return
	}
	typ := g.typ
	f.Add(comment("lookupIndex holds the permissions sorted by key and by display name (those that differ from their key), built on the first lookup."))
	f.Var().Id("lookupIndex").Struct(
		jen.Id("once").Qual("sync", "Once"),
		jen.List(jen.Id("keys"), jen.Id("names")).Index().Id(typ),
	)
	f.Add(comment("sortedBy returns the valid permissions for which text is not empty, sorted by text."))
	f.Func().Id("sortedBy").Params(jen.Id("text").Func().Params(jen.Op("*").Id("permEntry")).String()).Index().Id(typ).Block(
		jen.Var().Id("out").Index().Id(typ),
		jen.For(jen.Id("id").Op(":=").Range().Id("permTable")).Block(
			jen.If(jen.Id("e").Op(":=").Op("&").Id("permTable").Index(jen.Id("id")), jen.Id("e").Dot("key").Op("!=").Lit("").Op("&&").Id("text").Call(jen.Id("e")).Op("!=").Lit("")).Block(
				jen.Id("out").Op("=").Append(jen.Id("out"), jen.Id(typ).Call(jen.Id("id"))),
			),
		),
		jen.Qual("slices", "SortFunc").Call(jen.Id("out"), jen.Func().Params(jen.List(jen.Id("a"), jen.Id("b")).Id(typ)).Int().Block(
			jen.Return(jen.Qual("strings", "Compare").Call(jen.Id("text").Call(jen.Op("&").Id("permTable").Index(jen.Id("a"))), jen.Id("text").Call(jen.Op("&").Id("permTable").Index(jen.Id("b"))))),
		)),
		jen.Return(jen.Id("out")),
	)
	f.Add(comment("search finds s among the permissions of sorted, which is sorted by text."))
	f.Func().Id("search").Params(jen.Id("sorted").Index().Id(typ), jen.Id("text").Func().Params(jen.Op("*").Id("permEntry")).String(), jen.Id("s").String()).Params(jen.Id(typ), jen.Bool()).Block(
		jen.List(jen.Id("i"), jen.Id("found")).Op(":=").Qual("slices", "BinarySearchFunc").Call(jen.Id("sorted"), jen.Id("s"), jen.Func().Params(jen.Id("p").Id(typ), jen.Id("s").String()).Int().Block(
			jen.Return(jen.Qual("strings", "Compare").Call(jen.Id("text").Call(jen.Op("&").Id("permTable").Index(jen.Id("p"))), jen.Id("s"))),
		)),
		jen.If(jen.Op("!").Id("found")).Block(jen.Return(jen.Lit(0), jen.False())),
		jen.Return(jen.Id("sorted").Index(jen.Id("i")), jen.True()),
	)
	f.Add(comment("entryKey and entryName read an entry's key and its display name when that differs from the key."))
	f.Func().Id("entryKey").Params(jen.Id("e").Op("*").Id("permEntry")).String().Block(jen.Return(jen.Id("e").Dot("key")))
	f.Func().Id("entryName").Params(jen.Id("e").Op("*").Id("permEntry")).String().Block(
		jen.If(jen.Id("e").Dot("name").Op("==").Id("e").Dot("key")).Block(jen.Return(jen.Lit(""))),
		jen.Return(jen.Id("e").Dot("name")),
	)
	f.Add(comment("buildLookupIndex sorts the lookup indexes once."))
	f.Func().Id("buildLookupIndex").Params().Block(
		jen.Id("lookupIndex").Dot("keys").Op("=").Id("sortedBy").Call(jen.Id("entryKey")),
		jen.Id("lookupIndex").Dot("names").Op("=").Id("sortedBy").Call(jen.Id("entryName")),
	)
	f.Add(comment("byKey returns the permission whose key is s."))
	f.Func().Id("byKey").Params(jen.Id("s").String()).Params(jen.Id(typ), jen.Bool()).Block(
		jen.Id("lookupIndex").Dot("once").Dot("Do").Call(jen.Id("buildLookupIndex")),
		jen.Return(jen.Id("search").Call(jen.Id("lookupIndex").Dot("keys"), jen.Id("entryKey"), jen.Id("s"))),
	)
	f.Add(comment("byName returns the permission whose display name (when it differs from its key) is s."))
	f.Func().Id("byName").Params(jen.Id("s").String()).Params(jen.Id(typ), jen.Bool()).Block(
		jen.Id("lookupIndex").Dot("once").Dot("Do").Call(jen.Id("buildLookupIndex")),
		jen.Return(jen.Id("search").Call(jen.Id("lookupIndex").Dot("names"), jen.Id("entryName"), jen.Id("s"))),
	)
}

// groupPath names a group with its ancestors: "Setup / Chart - EHR".
func groupPath(gr *model.Group) string {
	if gr == nil {
		return "(none)"
	}
	var parts []string
	for a := gr; a != nil; a = a.Parent {
		parts = append([]string{a.Title}, parts...)
	}
	return strings.Join(parts, " / ")
}

// permissionDoc is the doc comment of a permission constant: what it is,
// the spec's description, and the facts a reviewer checks against the
// source document (requirements with their reasons, flags, attributes,
// gates, replaced keys). It states only what the spec says about this
// permission, never a count or anything derived from other permissions, so
// that an edit elsewhere never changes it.
func (g *generator) permissionDoc(p *model.Permission) string {
	var b strings.Builder
	// para adds a paragraph, trimmed; an empty one is left out.
	para := func(text string) {
		if text = strings.TrimSpace(text); text != "" {
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(text)
		}
	}
	first := p.GoName + " is the permission " + strconv.Quote(oneLine(p.Name))
	if p.Group != nil {
		first += " in group " + oneLine(p.Group.Title)
	}
	para(sentence(first))
	para(p.Description)

	var facts strings.Builder
	fact := func(parts ...string) {
		if facts.Len() > 0 {
			facts.WriteByte('\n')
		}
		for _, s := range parts {
			facts.WriteString(s)
		}
	}
	// Requirements without a reason share one sentence; each one the spec
	// explains gets its own line with the source's words.
	var plain []string
	for _, e := range p.Requires {
		if e.Reason == "" {
			plain = append(plain, "["+e.To.GoName+"]")
		}
	}
	if len(plain) > 0 {
		fact("Requires ", joinAnd(plain), ".")
	}
	for _, e := range p.Requires {
		if e.Reason != "" {
			fact("Requires [", e.To.GoName, "]: ", strconv.Quote(oneLine(e.Reason)))
		}
	}
	if len(p.Flags) > 0 {
		fact("Flags: ")
		for i, fl := range p.Flags {
			if i > 0 {
				facts.WriteString(", ")
			}
			facts.WriteString("[" + fl.GoName + "]")
		}
		facts.WriteString(".")
	}
	for _, av := range p.Attributes {
		fact(av.Attribute.Key, ": ", sentence(oneLine(av.Value)))
	}
	if len(p.Gates) > 0 {
		fact("Effective only with ")
		for i, ft := range p.Gates {
			if i > 0 {
				facts.WriteString(" and ")
			}
			facts.WriteString("[" + ft.GoName + "]")
		}
		facts.WriteString(".")
	}
	if len(p.Replaces) > 0 {
		fact("Replaces the retired key(s) ", quoteAll(p.Replaces), "; see [Migrate].")
	}
	para(facts.String())
	if p.Deprecated != "" {
		para("Deprecated: " + sentence(oneLine(p.Deprecated)))
	}
	return b.String()
}

// joinAnd joins items as "a, b and c".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func quoteAll(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = fmt.Sprintf("%q", k)
	}
	return strings.Join(q, ", ")
}
