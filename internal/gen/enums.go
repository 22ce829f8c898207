package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// enum describes a small generated enumeration (flags, groups, roles): a
// type numbered from 1, a constant per member, a table of entries by
// value, and the methods reading it. Data first, one renderer for all
// three. The Set of each member's permissions is computed by the package
// from permTable (flags, groups) or roleMembers and roleIncludes (roles), so that the spec's
// facts are each written once.
type enum struct {
	typ     string // Go type name
	doc     string
	iter    string // name of the iterator function over all members
	table   string // name of the entry table
	sets    string // name of the table of Sets
	members []member
	titles  bool // emit Title
	parents bool // emit Parent (groups)
	feature bool // entries hold a feature gate (groups of a catalog with features)
	setDoc  string
	// fillSets is the body of the function computing the Sets, which
	// declares sets.
	fillSets []jen.Code
}

type member struct {
	goName      string
	key         string
	title       string
	description string
	parent      string // Go name of the parent member, or ""
	feature     string // Go name of the gating feature, or ""
	doc         string
}

func (g *generator) genEnum(f *jen.File, e enum) {
	if len(e.members) == 0 {
		return
	}
	f.Add(comment(e.doc))
	f.Type().Id(e.typ).Id(uintType(len(e.members)))
	f.Const().DefsFunc(func(d *jen.Group) {
		for i, m := range e.members {
			d.Add(comment(m.doc))
			d.Id(m.goName).Id(e.typ).Op("=").Lit(i + 1)
		}
	})
	entry := e.table[:len(e.table)-len("Table")] + "Entry"
	f.Add(comment(fmt.Sprintf("%s is what the spec says about one %s.", entry, lowerFirst(e.typ))))
	f.Type().Id(entry).StructFunc(func(s *jen.Group) {
		s.Id("key").String()
		if e.titles {
			s.Id("title").String()
		}
		s.Id("description").String()
		if e.parents {
			s.Id("parent").Id(e.typ)
		}
		if e.feature {
			s.Id("feature").Id("Features")
		}
	})
	f.Add(comment(fmt.Sprintf("%s holds each %s's entry, by value; the zero value has the zero entry.", e.table, lowerFirst(e.typ))))
	f.Var().Id(e.table).Op("=").Index(jen.Op("...")).Id(entry).ValuesFunc(func(v *jen.Group) {
		for _, m := range e.members {
			v.Line().Id(m.goName).Op(":").ValuesFunc(func(fields *jen.Group) {
				fields.Line().Id("key").Op(":").Lit(m.key)
				if e.titles {
					fields.Line().Id("title").Op(":").Lit(m.title)
				}
				if m.description != "" {
					fields.Line().Id("description").Op(":").Lit(m.description)
				}
				if m.parent != "" {
					fields.Line().Id("parent").Op(":").Id(m.parent)
				}
				if m.feature != "" {
					fields.Line().Id("feature").Op(":").Id(m.feature)
				}
				fields.Line()
			})
		}
		v.Line()
	})
	f.Add(comment(fmt.Sprintf("%s holds the Set of each %s's permissions, by value.", e.sets, lowerFirst(e.typ))))
	f.Var().Id(e.sets).Op("=").Func().Params().Params(jen.Id("sets").Index(jen.Len(jen.Id(e.table))).Id("Set")).Block(
		append(e.fillSets, jen.Return(jen.Id("sets")))...,
	).Call()

	recv := jen.Id("x").Id(e.typ)
	valid := jen.Int().Call(jen.Id("x")).Op("<").Len(jen.Id(e.table))
	lookup := func(method, docText string, result, value, zero jen.Code) {
		f.Add(comment(docText))
		f.Func().Params(recv.Clone()).Id(method).Params().Add(result).Block(
			jen.If(valid.Clone()).Block(jen.Return(value)),
			jen.Return(zero),
		)
	}
	field := func(name string) *jen.Statement { return jen.Id(e.table).Index(jen.Id("x")).Dot(name) }
	lookup("Key", "Key returns the key of x as the spec writes it, or \"\" if x is invalid.", jen.String(), field("key"), jen.Lit(""))
	if e.titles {
		lookup("Title", "Title returns the title of x, or \"\" if x is invalid.", jen.String(), field("title"), jen.Lit(""))
	}
	lookup("Description", "Description returns the description of x, or \"\" if x is invalid or has none.", jen.String(), field("description"), jen.Lit(""))
	if e.parents {
		lookup("Parent", "Parent returns the group x is nested in, or 0 for a top-level group.", jen.Id(e.typ), field("parent"), jen.Lit(0))
	}
	lookup("Permissions", e.setDoc, jen.Id("Set"), jen.Id(e.sets).Index(jen.Id("x")), jen.Id("Set").Values())

	f.Add(comment(fmt.Sprintf("IsValid reports whether x is one of the declared %ss.", lowerFirst(e.typ))))
	f.Func().Params(recv.Clone()).Id("IsValid").Params().Bool().Block(
		jen.Return(jen.Id("x").Op(">=").Lit(1).Op("&&").Add(valid.Clone())),
	)
	f.Add(comment(fmt.Sprintf("String returns the key of x, or %s(n) if x is invalid.", e.typ)))
	f.Func().Params(recv.Clone()).Id("String").Params().String().Block(
		jen.If(jen.Id("x").Dot("IsValid").Call()).Block(jen.Return(field("key"))),
		jen.Return(jen.Lit(e.typ+"(").Op("+").Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("x"))).Op("+").Lit(")")),
	)
	f.Add(comment(fmt.Sprintf("%s returns every %s, in spec order.", e.iter, lowerFirst(e.typ))))
	f.Func().Id(e.iter).Params().Qual("iter", "Seq").Index(jen.Id(e.typ)).Block(
		jen.Return(jen.Func().Params(jen.Id("yield").Func().Params(jen.Id(e.typ)).Bool()).Block(
			jen.For(jen.Id("x").Op(":=").Id(e.typ).Call(jen.Lit(1)), jen.Add(valid.Clone()), jen.Id("x").Op("++")).Block(
				jen.If(jen.Op("!").Id("yield").Call(jen.Id("x"))).Block(jen.Return()),
			),
		)),
	)
}

func lowerFirst(s string) string { return string(s[0]|0x20) + s[1:] }

// addBit is the statement that adds permission ID id (an int) to set.
func addBit(set *jen.Statement, id string) *jen.Statement {
	return set.Index(jen.Id(id).Op(">>").Lit(6)).Op("|=").Lit(1).Op("<<").Parens(jen.Id(id).Op("&").Lit(63))
}

func (g *generator) genFlags(f *jen.File) {
	e := enum{
		typ:    "Flag",
		doc:    "Flag is a boolean attribute of permissions declared by the spec; [Flag.Permissions] is the Set of permissions that carry it.",
		iter:   "Flags",
		table:  "flagTable",
		sets:   "flagSets",
		setDoc: "Permissions returns the permissions that carry flag x.",
		fillSets: []jen.Code{
			jen.For(jen.Id("id").Op(":=").Range().Id("permTable")).Block(
				jen.For(jen.List(jen.Id("_"), jen.Id("fl")).Op(":=").Range().Id("permTable").Index(jen.Id("id")).Dot("flags")).Block(
					addBit(jen.Id("sets").Index(jen.Id("fl")), "id"),
				),
			),
		},
	}
	for _, fl := range g.c.Flags {
		e.members = append(e.members, member{
			goName: fl.GoName, key: fl.Key, description: fl.Description,
			doc: fmt.Sprintf("%s is the flag %q. %s", fl.GoName, fl.Key, fl.Description),
		})
	}
	g.genEnum(f, e)
}

func (g *generator) genGroups(f *jen.File) {
	e := enum{
		typ:     "Group",
		doc:     "Group is a component or section of the catalog. Groups nest; [Group.Permissions] includes the permissions of nested groups. Group values follow spec order and may change when groups are added: store [Group.Key], not the number.",
		iter:    "Groups",
		table:   "groupTable",
		sets:    "groupSets",
		titles:  true,
		parents: true,
		feature: len(g.c.Features) > 0,
		setDoc:  "Permissions returns the permissions declared in group x and in the groups nested in it.",
		fillSets: []jen.Code{
			jen.For(jen.Id("id").Op(":=").Range().Id("permTable")).Block(
				jen.For(jen.Id("x").Op(":=").Id("permTable").Index(jen.Id("id")).Dot("group"), jen.Id("x").Op("!=").Lit(0), jen.Id("x").Op("=").Id("groupTable").Index(jen.Id("x")).Dot("parent")).Block(
					addBit(jen.Id("sets").Index(jen.Id("x")), "id"),
				),
			),
		},
	}
	for _, gr := range g.c.Groups {
		m := member{goName: gr.GoName, key: gr.Key, title: gr.Title, description: gr.Description,
			doc: fmt.Sprintf("%s is the group %q.", gr.GoName, oneLine(gr.Title))}
		if gr.Parent != nil {
			m.parent = gr.Parent.GoName
		}
		if gr.Feature != nil {
			m.feature = gr.Feature.GoName
			m.doc += fmt.Sprintf(" Its permissions are effective only with [%s].", gr.Feature.GoName)
		}
		e.members = append(e.members, m)
	}
	g.genEnum(f, e)
}

func (g *generator) genRoles(f *jen.File) {
	e := enum{
		typ:    "Role",
		doc:    "Role is a named preset of permissions declared by the spec. Every role holds everything its permissions require; permcat checks that when it compiles the spec.",
		iter:   "Roles",
		table:  "roleTable",
		sets:   "roleSets",
		titles: true,
		setDoc: "Permissions returns the permissions of role x, including those of the roles it includes.",
		// Each role's Set is its own permissions and the Sets of the roles
		// it includes, filled included roles first (the spec has no
		// include cycles; permcat checks that).
		fillSets: []jen.Code{
			jen.Var().Id("done").Index(jen.Len(jen.Id("roleTable"))).Bool(),
			jen.Var().Id("fill").Func().Params(jen.Id("x").Id("Role")),
			jen.Id("fill").Op("=").Func().Params(jen.Id("x").Id("Role")).Block(
				jen.If(jen.Id("done").Index(jen.Id("x"))).Block(jen.Return()),
				jen.Id("done").Index(jen.Id("x")).Op("=").True(),
				jen.Id("sets").Index(jen.Id("x")).Op("=").Id("Of").Call(jen.Id("roleMembers").Index(jen.Id("x")).Op("...")),
				jen.For(jen.List(jen.Id("_"), jen.Id("in")).Op(":=").Range().Id("roleIncludes").Index(jen.Id("x"))).Block(
					jen.Id("fill").Call(jen.Id("in")),
					jen.Id("sets").Index(jen.Id("x")).Op("=").Id("sets").Index(jen.Id("x")).Dot("Union").Call(jen.Id("sets").Index(jen.Id("in"))),
				),
			),
			jen.For(jen.Id("x").Op(":=").Range().Id("roleTable")).Block(
				jen.Id("fill").Call(jen.Id("Role").Call(jen.Id("x"))),
			),
		},
	}
	for _, r := range g.c.Roles {
		e.members = append(e.members, member{goName: r.GoName, key: r.Key, title: r.Title, description: r.Description,
			doc: fmt.Sprintf("%s is the role %q.", r.GoName, oneLine(r.Title))})
	}
	if len(e.members) == 0 {
		return
	}
	g.genEnum(f, e)
	g.splice(f, g.roleMembers())
}

// genFeatures emits the Features mask, its constants, and its text forms.
func (g *generator) genFeatures(f *jen.File) {
	if len(g.c.Features) == 0 {
		return
	}
	f.Add(doc("Features is a set of switches that gate permissions: a gated permission takes effect only when its feature is enabled. Combine constants with |."))
	f.Type().Id("Features").Uint64()
	f.Const().DefsFunc(func(d *jen.Group) {
		for _, ft := range g.c.Features {
			d.Add(comment(fmt.Sprintf("%s is the feature %q. %s", ft.GoName, ft.Key, ft.Description)))
			d.Id(ft.GoName).Id("Features").Op("=").Lit(1).Op("<<").Lit(ft.Index)
		}
	})
	f.Add(comment("featureKeys holds each feature's key, by bit."))
	f.Var().Id("featureKeys").Op("=").Index(jen.Op("...")).String().ValuesFunc(func(v *jen.Group) {
		for _, ft := range g.c.Features {
			v.Line().Lit(ft.Key)
		}
		v.Line()
	})

	f.Add(comment("String returns the keys of the features in f joined by \"|\", in declaration order; unknown bits are shown in hexadecimal."))
	f.Func().Params(jen.Id("f").Id("Features")).Id("String").Params().String().Block(
		jen.Var().Id("b").Qual("strings", "Builder"),
		jen.For(jen.List(jen.Id("i"), jen.Id("k")).Op(":=").Range().Id("featureKeys")).Block(
			jen.If(jen.Id("f").Op("&").Parens(jen.Lit(1).Op("<<").Id("i")).Op("==").Lit(0)).Block(jen.Continue()),
			jen.If(jen.Id("b").Dot("Len").Call().Op(">").Lit(0)).Block(jen.Id("b").Dot("WriteByte").Call(jen.LitRune('|'))),
			jen.Id("b").Dot("WriteString").Call(jen.Id("k")),
		),
		jen.If(jen.Id("rest").Op(":=").Id("f").Op(">>").Len(jen.Id("featureKeys")), jen.Id("rest").Op("!=").Lit(0)).Block(
			jen.If(jen.Id("b").Dot("Len").Call().Op(">").Lit(0)).Block(jen.Id("b").Dot("WriteByte").Call(jen.LitRune('|'))),
			jen.Id("b").Dot("WriteString").Call(jen.Lit("0x").Op("+").Qual("strconv", "FormatUint").Call(jen.Uint64().Call(jen.Id("rest").Op("<<").Len(jen.Id("featureKeys"))), jen.Lit(16))),
		),
		jen.Return(jen.Id("b").Dot("String").Call()),
	)
	f.Add(doc("ParseFeatures parses feature keys separated by commas or \"|\" (as String writes them), such as \"" + g.c.Features[0].Key + "\". Unknown keys are an error; the empty string is no features."))
	f.Func().Id("ParseFeatures").Params(jen.Id("s").String()).Params(jen.Id("Features"), jen.Error()).Block(
		jen.Var().Id("out").Id("Features"),
		jen.For(jen.List(jen.Id("_"), jen.Id("field")).Op(":=").Range().Qual("strings", "FieldsFunc").Call(jen.Id("s"), jen.Func().Params(jen.Id("r").Rune()).Bool().Block(
			jen.Return(jen.Id("r").Op("==").LitRune(',').Op("||").Id("r").Op("==").LitRune('|').Op("||").Id("r").Op("==").LitRune(' ')),
		))).Block(
			jen.Id("i").Op(":=").Lit(0),
			jen.For(jen.Id("i").Op("<").Len(jen.Id("featureKeys")).Op("&&").Id("featureKeys").Index(jen.Id("i")).Op("!=").Id("field")).Block(jen.Id("i").Op("++")),
			jen.If(jen.Id("i").Op("==").Len(jen.Id("featureKeys"))).Block(
				jen.Return(jen.Lit(0), g.errorf("unknown feature %s", jen.Id("quote").Call(jen.Id("field")))),
			),
			jen.Id("out").Op("|=").Lit(1).Op("<<").Id("i"),
		),
		jen.Return(jen.Id("out"), jen.Nil()),
	)
}
