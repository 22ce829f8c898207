package gen

import (
	"fmt"
	"slices"
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

	f.Const().DefsFunc(func(d *jen.Group) {
		var group *model.Group
		for i, p := range g.c.Permissions {
			if p.Group != group {
				group = p.Group
				if i > 0 {
					d.Line()
				}
				d.Comment(fmt.Sprintf("// Group %s.", oneLine(groupPath(group))))
				d.Line()
			}
			d.Add(g.permissionDoc(p))
			d.Id(p.GoName).Id(g.typ).Op("=").Lit(p.ID)
		}
	})
}

// genPermissionTables emits the per-ID lookup tables. They are arrays
// indexed by ID, keyed with the constants, so a lookup is one bounds check
// and one load, and a reader sees which permission each entry belongs to.
func (g *generator) genPermissionTables(f *jen.File) {
	table := func(name, doc string, elem jen.Code, value func(p *model.Permission) jen.Code) {
		f.Add(comment(name + " " + doc))
		f.Var().Id(name).Op("=").Index(jen.Lit(g.size)).Add(elem).ValuesFunc(func(v *jen.Group) {
			for _, p := range g.c.ByID {
				if val := value(p); val != nil {
					v.Line().Add(g.idKey(p)).Op(":").Add(val)
				}
			}
			v.Line()
		})
	}
	table("permKeys", "holds each permission's key, by ID.", jen.String(), func(p *model.Permission) jen.Code { return jen.Lit(p.Key) })
	table("permNames", "holds each permission's display name, by ID.", jen.String(), func(p *model.Permission) jen.Code { return jen.Lit(p.Name) })
	table("permDescriptions", "holds each permission's description, by ID.", jen.String(), func(p *model.Permission) jen.Code {
		if p.Description == "" {
			return nil
		}
		return jen.Lit(p.Description)
	})
	if len(g.c.Groups) > 0 {
		table("permGroups", "holds each permission's group, by ID.", jen.Id("Group"), func(p *model.Permission) jen.Code { return jen.Id(p.Group.GoName) })
	}
	if len(g.c.Features) > 0 {
		table("permGates", "holds the features each permission needs itself (its own and its groups'), by ID.", jen.Id("Features"), func(p *model.Permission) jen.Code {
			if len(p.Gates) == 0 {
				return nil
			}
			return featureMask(p.Gates)
		})
	}
	for _, a := range g.c.Attributes {
		table(attrTable(a), fmt.Sprintf("holds each permission's %s attribute, by ID.", a.Key), jen.String(), func(p *model.Permission) jen.Code {
			if v := p.Attribute(a); v != "" {
				return jen.Lit(v)
			}
			return nil
		})
	}
	f.Add(comment("universe holds every permission of the catalog."))
	f.Var().Id("universe").Op("=").Add(g.wordsLit(g.c.ByID))
	f.Add(comment("retired holds the reserved IDs: bits of permissions that no longer exist, which decoders drop instead of rejecting, since values stored before the retirement hold them."))
	f.Var().Id("retired").Op("=").Id("Set").ValuesFunc(func(v *jen.Group) {
		words := make([]uint64, g.words)
		for _, id := range g.c.ReservedIDs {
			words[id/64] |= 1 << (id % 64)
		}
		for i, w := range words {
			if w != 0 {
				v.Lit(i).Op(":").Add(hexWord(w))
			}
		}
	})
}

// idKey is the key of p's entry in a per-ID table: its constant in the
// dense layout, which a reader can follow, and its number in the compact
// layout, where tables are long and the constant names would double them.
func (g *generator) idKey(p *model.Permission) *jen.Statement {
	if g.dense {
		return jen.Id(p.GoName)
	}
	return jen.Lit(p.ID)
}

func attrTable(a *model.Attribute) string { return "perm" + a.GoName }

func featureMask(fs []*model.Feature) jen.Code {
	var code *jen.Statement
	for _, f := range fs {
		if code == nil {
			code = jen.Id(f.GoName)
		} else {
			code = code.Op("|").Id(f.GoName)
		}
	}
	return code
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
// gates, replaced keys).
func (g *generator) permissionDoc(p *model.Permission) jen.Code {
	first := fmt.Sprintf("%s is the permission %q", p.GoName, oneLine(p.Name))
	if p.Group != nil {
		first += fmt.Sprintf(" in group %s", oneLine(p.Group.Title))
	}
	paras := []string{sentence(first), p.Description}
	var facts []string
	// Requirements without a reason share one sentence; each one the spec
	// explains gets its own line with the source's words.
	var plain []string
	for _, e := range p.Requires {
		if e.Reason == "" {
			plain = append(plain, "["+e.To.GoName+"]")
		}
	}
	if len(plain) > 0 {
		facts = append(facts, "Requires "+joinAnd(plain)+".")
	}
	for _, e := range p.Requires {
		if e.Reason != "" {
			facts = append(facts, fmt.Sprintf("Requires [%s]: %q", e.To.GoName, oneLine(e.Reason)))
		}
	}
	if len(p.Closure) > len(p.Requires) {
		facts = append(facts, fmt.Sprintf("Needs %d permissions in all; see [%s.Requires].", len(p.Closure), g.typ))
	}
	if len(p.Flags) > 0 {
		var names []string
		for _, fl := range p.Flags {
			names = append(names, "["+fl.GoName+"]")
		}
		facts = append(facts, "Flags: "+strings.Join(names, ", ")+".")
	}
	for _, av := range p.Attributes {
		facts = append(facts, fmt.Sprintf("%s: %s", av.Attribute.Key, sentence(oneLine(av.Value))))
	}
	if len(p.Gates) > 0 {
		var names []string
		for _, ft := range p.Gates {
			names = append(names, "["+ft.GoName+"]")
		}
		facts = append(facts, "Effective only with "+strings.Join(names, " and ")+".")
	}
	if len(p.Replaces) > 0 {
		facts = append(facts, fmt.Sprintf("Replaces the retired key(s) %s; see [Migrate].", quoteAll(p.Replaces)))
	}
	if len(facts) > 0 {
		paras = append(paras, strings.Join(facts, "\n"))
	}
	if p.Deprecated != "" {
		paras = append(paras, "Deprecated: "+sentence(oneLine(p.Deprecated)))
	}
	return doc(paras...)
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

// lookupMethod emits a method returning a per-ID table entry, or the zero
// value for an invalid permission.
func (g *generator) lookupMethod(f *jen.File, name, docText, table string, result, zero jen.Code) {
	f.Add(comment(docText))
	f.Func().Params(jen.Id("p").Id(g.typ)).Id(name).Params().Add(result).Block(
		jen.If(jen.Int().Call(jen.Id("p")).Op("<").Len(jen.Id(table))).Block(
			jen.Return(jen.Id(table).Index(jen.Id("p"))),
		),
		jen.Return(zero),
	)
}

func (g *generator) genPermissionMethods(f *jen.File) {
	f.Add(comment("IsValid reports whether p is a permission of the catalog."))
	f.Func().Params(jen.Id("p").Id(g.typ)).Id("IsValid").Params().Bool().Block(
		jen.Return(jen.Id("universe").Dot("has").Call(jen.Id("p"))),
	)
	g.lookupMethod(f, "Key", "Key returns p's key, the stable name used in text and JSON, or \"\" if p is invalid.", "permKeys", jen.String(), jen.Lit(""))
	g.lookupMethod(f, "Name", "Name returns p's display name, or \"\" if p is invalid.", "permNames", jen.String(), jen.Lit(""))
	g.lookupMethod(f, "Description", "Description returns p's description, or \"\" if p is invalid or has none.", "permDescriptions", jen.String(), jen.Lit(""))
	if len(g.c.Groups) > 0 {
		g.lookupMethod(f, "Group", "Group returns the group p is declared in, or 0 if p is invalid.", "permGroups", jen.Id("Group"), jen.Lit(0))
	}
	if len(g.c.Features) > 0 {
		g.lookupMethod(f, "Gates", "Gates returns the features that must be on for p itself to take effect: its own and those of its groups. Features its prerequisites need are not included; [Can] and [Effective] account for them.", "permGates", jen.Id("Features"), jen.Lit(0))
	}
	for _, a := range g.c.Attributes {
		text := fmt.Sprintf("%s returns p's %s attribute, or \"\" if it has none.", a.GoName, a.Key)
		if a.Description != "" {
			text += " " + sentence(oneLine(a.Description))
		}
		g.lookupMethod(f, a.GoName, text, attrTable(a), jen.String(), jen.Lit(""))
	}

	f.Add(comment("String returns p's key, or " + g.typ + "(n) if p is invalid."))
	f.Func().Params(jen.Id("p").Id(g.typ)).Id("String").Params().String().Block(
		jen.If(jen.Id("k").Op(":=").Id("p").Dot("Key").Call(), jen.Id("k").Op("!=").Lit("")).Block(jen.Return(jen.Id("k"))),
		jen.Return(jen.Lit(g.typ+"(").Op("+").Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("p"))).Op("+").Lit(")")),
	)

	f.Add(comment("AppendText implements encoding.TextAppender: it appends p's key, and fails if p is invalid."))
	f.Func().Params(jen.Id("p").Id(g.typ)).Id("AppendText").Params(jen.Id("b").Index().Byte()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.If(jen.Op("!").Id("p").Dot("IsValid").Call()).Block(
			jen.Return(jen.Id("b"), g.errorf("%w %d", jen.Id("ErrUnknown"), jen.Int().Call(jen.Id("p")))),
		),
		jen.Return(jen.Append(jen.Id("b"), jen.Id("permKeys").Index(jen.Id("p")).Op("...")), jen.Nil()),
	)
	f.Add(comment("MarshalText implements encoding.TextMarshaler: p encodes as its key, and an invalid p is an error."))
	f.Func().Params(jen.Id("p").Id(g.typ)).Id("MarshalText").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("p").Dot("AppendText").Call(jen.Nil())),
	)
	f.Add(comment("UnmarshalText implements encoding.TextUnmarshaler: it accepts what [Parse] accepts."))
	f.Func().Params(jen.Id("p").Op("*").Id(g.typ)).Id("UnmarshalText").Params(jen.Id("text").Index().Byte()).Error().Block(
		jen.List(jen.Id("q"), jen.Err()).Op(":=").Id("Parse").Call(jen.String().Call(jen.Id("text"))),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Op("*").Id("p").Op("=").Id("q"),
		jen.Return(jen.Nil()),
	)

	f.Add(comment("All returns every permission of the catalog, by ascending ID."))
	f.Func().Id("All").Params().Qual("iter", "Seq").Index(jen.Id(g.typ)).Block(jen.Return(jen.Id("universe").Dot("All").Call()))
	f.Add(comment("Universe returns the Set of every permission of the catalog."))
	f.Func().Id("Universe").Params().Id("Set").Block(jen.Return(jen.Id("universe")))
}

// genParse emits Parse and the key lookup the decoders share. Both are
// switch statements: the compiler turns a string switch into a search on
// length and content, with no map to build at start-up.
func (g *generator) genParse(f *jen.File) {
	f.Add(comment("ErrUnknown is wrapped by every error about a string or bit that names no permission of the catalog."))
	f.Var().Id("ErrUnknown").Op("=").Qual("errors", "New").Call(jen.Lit("unknown permission"))

	if g.dense {
		g.genSwitchLookup(f, "byKey", "key", func(p *model.Permission) string { return p.Key })
		g.genSwitchLookup(f, "byName", "display name", func(p *model.Permission) string {
			if p.Name == p.Key {
				return ""
			}
			return p.Name
		})
	} else {
		g.genSearchLookup(f)
	}

	f.Add(doc(
		"Parse returns the permission whose key or display name is s, compared exactly. A retired key is not accepted: [Migrate] maps it to the permissions that replaced it.",
	))
	f.Func().Id("Parse").Params(jen.Id("s").String()).Params(jen.Id(g.typ), jen.Error()).Block(
		jen.If(jen.List(jen.Id("p"), jen.Id("ok")).Op(":=").Id("byKey").Call(jen.Id("s")), jen.Id("ok")).Block(jen.Return(jen.Id("p"), jen.Nil())),
		jen.If(jen.List(jen.Id("p"), jen.Id("ok")).Op(":=").Id("byName").Call(jen.Id("s")), jen.Id("ok")).Block(jen.Return(jen.Id("p"), jen.Nil())),
		jen.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id("Migrate").Call(jen.Id("s")), jen.Id("ok")).Block(
			jen.Return(jen.Lit(0), g.errorf("%w %s: the key is retired; Migrate maps it to its replacements", jen.Id("ErrUnknown"), jen.Id("quote").Call(jen.Id("s")))),
		),
		jen.Return(jen.Lit(0), g.errorf("%w %s", jen.Id("ErrUnknown"), jen.Id("quote").Call(jen.Id("s")))),
	)
	f.Add(comment("quote quotes s for an error message, shortening it so that a hostile input cannot make the message huge."))
	f.Func().Id("quote").Params(jen.Id("s").String()).String().Block(
		jen.Const().Id("max").Op("=").Lit(64),
		jen.If(jen.Len(jen.Id("s")).Op(">").Id("max")).Block(
			jen.Return(jen.Qual("strconv", "Quote").Call(jen.Id("s").Index(jen.Empty(), jen.Id("max"))).Op("+").Lit("...")),
		),
		jen.Return(jen.Qual("strconv", "Quote").Call(jen.Id("s"))),
	)
}

// genSwitchLookup emits a lookup as a switch statement: the compiler turns a
// string switch into a search on length and content, with no map to build
// at start-up. Permissions for which text returns "" are left out.
func (g *generator) genSwitchLookup(f *jen.File, name, what string, text func(*model.Permission) string) {
	f.Add(comment(fmt.Sprintf("%s returns the permission with the given %s.", name, what)))
	f.Func().Id(name).Params(jen.Id("s").String()).Params(jen.Id(g.typ), jen.Bool()).Block(
		jen.Switch(jen.Id("s")).BlockFunc(func(sw *jen.Group) {
			for _, p := range g.c.ByID {
				if t := text(p); t != "" {
					sw.Case(jen.Lit(t)).Block(jen.Return(jen.Id(p.GoName), jen.True()))
				}
			}
		}),
		jen.Return(jen.Lit(0), jen.False()),
	)
}

// genSearchLookup emits byKey and byName as binary searches over the
// permissions sorted by key and by display name. A switch of tens of
// thousands of cases would dominate both the source and its compile time.
func (g *generator) genSearchLookup(f *jen.File) {
	order := func(name string, text func(*model.Permission) string) {
		var ps []*model.Permission
		for _, p := range g.c.ByID {
			if text(p) != "" {
				ps = append(ps, p)
			}
		}
		slices.SortFunc(ps, func(a, b *model.Permission) int { return strings.Compare(text(a), text(b)) })
		ids := make([]jen.Code, len(ps))
		for i, p := range ps {
			ids[i] = jen.Lit(p.ID)
		}
		f.Var().Id(name).Op("=").Index(jen.Lit(len(ids))).Id(g.typ).Values(ids...)
	}
	f.Add(comment("keyOrder and nameOrder list the permissions sorted by key and by display name (those that differ from their key), for binary search."))
	order("keyOrder", func(p *model.Permission) string { return p.Key })
	order("nameOrder", func(p *model.Permission) string {
		if p.Name == p.Key {
			return ""
		}
		return p.Name
	})
	f.Add(comment("search finds s among the texts of order, which is sorted by text."))
	f.Func().Id("search").Params(jen.Id("order").Index().Id(g.typ), jen.Id("texts").Index().String(), jen.Id("s").String()).Params(jen.Id(g.typ), jen.Bool()).Block(
		jen.List(jen.Id("lo"), jen.Id("hi")).Op(":=").List(jen.Lit(0), jen.Len(jen.Id("order"))),
		jen.For(jen.Id("lo").Op("<").Id("hi")).Block(
			jen.Id("mid").Op(":=").Int().Call(jen.Uint().Call(jen.Id("lo").Op("+").Id("hi")).Op(">>").Lit(1)),
			jen.If(jen.Id("texts").Index(jen.Id("order").Index(jen.Id("mid"))).Op("<").Id("s")).Block(
				jen.Id("lo").Op("=").Id("mid").Op("+").Lit(1),
			).Else().Block(
				jen.Id("hi").Op("=").Id("mid"),
			),
		),
		jen.If(jen.Id("lo").Op("<").Len(jen.Id("order")).Op("&&").Id("texts").Index(jen.Id("order").Index(jen.Id("lo"))).Op("==").Id("s")).Block(
			jen.Return(jen.Id("order").Index(jen.Id("lo")), jen.True()),
		),
		jen.Return(jen.Lit(0), jen.False()),
	)
	f.Add(comment("byKey returns the permission with the given key."))
	f.Func().Id("byKey").Params(jen.Id("s").String()).Params(jen.Id(g.typ), jen.Bool()).Block(
		jen.Return(jen.Id("search").Call(jen.Id("keyOrder").Index(jen.Empty(), jen.Empty()), jen.Id("permKeys").Index(jen.Empty(), jen.Empty()), jen.Id("s"))),
	)
	f.Add(comment("byName returns the permission with the given display name."))
	f.Func().Id("byName").Params(jen.Id("s").String()).Params(jen.Id(g.typ), jen.Bool()).Block(
		jen.Return(jen.Id("search").Call(jen.Id("nameOrder").Index(jen.Empty(), jen.Empty()), jen.Id("permNames").Index(jen.Empty(), jen.Empty()), jen.Id("s"))),
	)
}
