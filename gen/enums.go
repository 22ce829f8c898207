package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/permcat/permcat/internal/model"
)

// enum describes a small generated enumeration (flags, groups, roles): a
// type numbered from 1, a constant per member, tables by value, and the
// methods reading them. Data first, one renderer for all three.
type enum struct {
	typ     string // Go type name
	doc     string
	iter    string // name of the iterator function over all members
	members []member
	titles  bool // emit Title
	parents bool // emit Parent (groups)
	setDoc  string
}

type member struct {
	goName      string
	key         string
	title       string
	description string
	parent      string // Go name of the parent member, or ""
	perms       []*model.Permission
	doc         string
}

func (g *generator) genEnum(f *jen.File, e enum) {
	if len(e.members) == 0 {
		return
	}
	lower := string(e.typ[0]|0x20) + e.typ[1:]
	f.Add(comment(e.doc))
	f.Type().Id(e.typ).Id(uintType(len(e.members)))
	f.Const().DefsFunc(func(d *jen.Group) {
		for i, m := range e.members {
			d.Add(comment(m.doc))
			d.Id(m.goName).Id(e.typ).Op("=").Lit(i + 1)
		}
	})
	table := func(suffix string, elem jen.Code, value func(m member) jen.Code) string {
		name := lower + suffix
		f.Var().Id(name).Op("=").Index(jen.Lit(len(e.members) + 1)).Add(elem).ValuesFunc(func(v *jen.Group) {
			for _, m := range e.members {
				if val := value(m); val != nil {
					v.Line().Id(m.goName).Op(":").Add(val)
				}
			}
			v.Line()
		})
		return name
	}
	recv := jen.Id("x").Id(e.typ)
	lookup := func(method, docText, name string, result, zero jen.Code) {
		f.Add(comment(docText))
		f.Func().Params(recv.Clone()).Id(method).Params().Add(result).Block(
			jen.If(jen.Int().Call(jen.Id("x")).Op("<").Len(jen.Id(name))).Block(jen.Return(jen.Id(name).Index(jen.Id("x")))),
			jen.Return(zero),
		)
	}
	keys := table("Keys", jen.String(), func(m member) jen.Code { return jen.Lit(m.key) })
	lookup("Key", "Key returns the key of x as the spec writes it, or \"\" if x is invalid.", keys, jen.String(), jen.Lit(""))
	if e.titles {
		titles := table("Titles", jen.String(), func(m member) jen.Code { return jen.Lit(m.title) })
		lookup("Title", "Title returns the title of x, or \"\" if x is invalid.", titles, jen.String(), jen.Lit(""))
	}
	descs := table("Descriptions", jen.String(), func(m member) jen.Code {
		if m.description == "" {
			return nil
		}
		return jen.Lit(m.description)
	})
	lookup("Description", "Description returns the description of x, or \"\" if x is invalid or has none.", descs, jen.String(), jen.Lit(""))
	if e.parents {
		parents := table("Parents", jen.Id(e.typ), func(m member) jen.Code {
			if m.parent == "" {
				return nil
			}
			return jen.Id(m.parent)
		})
		lookup("Parent", "Parent returns the group x is nested in, or 0 for a top-level group.", parents, jen.Id(e.typ), jen.Lit(0))
	}
	sets := table("Sets", jen.Id("Set"), func(m member) jen.Code { return g.setLit(m.perms) })
	lookup("Permissions", e.setDoc, sets, jen.Id("Set"), jen.Id("Set").Values())

	f.Add(comment(fmt.Sprintf("IsValid reports whether x is one of the declared %ss.", lower)))
	f.Func().Params(recv.Clone()).Id("IsValid").Params().Bool().Block(
		jen.Return(jen.Id("x").Op(">=").Lit(1).Op("&&").Int().Call(jen.Id("x")).Op("<").Len(jen.Id(keys))),
	)
	f.Add(comment(fmt.Sprintf("String returns the key of x, or %s(n) if x is invalid.", e.typ)))
	f.Func().Params(recv.Clone()).Id("String").Params().String().Block(
		jen.If(jen.Id("x").Dot("IsValid").Call()).Block(jen.Return(jen.Id(keys).Index(jen.Id("x")))),
		jen.Return(jen.Lit(e.typ+"(").Op("+").Qual("strconv", "Itoa").Call(jen.Int().Call(jen.Id("x"))).Op("+").Lit(")")),
	)
	f.Add(comment(fmt.Sprintf("%s returns every %s, in spec order.", e.iter, lower)))
	f.Func().Id(e.iter).Params().Qual("iter", "Seq").Index(jen.Id(e.typ)).Block(
		jen.Return(jen.Func().Params(jen.Id("yield").Func().Params(jen.Id(e.typ)).Bool()).Block(
			jen.For(jen.Id("x").Op(":=").Id(e.typ).Call(jen.Lit(1)), jen.Int().Call(jen.Id("x")).Op("<").Len(jen.Id(keys)), jen.Id("x").Op("++")).Block(
				jen.If(jen.Op("!").Id("yield").Call(jen.Id("x"))).Block(jen.Return()),
			),
		)),
	)
}

func (g *generator) genFlags(f *jen.File) {
	e := enum{
		typ:    "Flag",
		doc:    "Flag is a boolean attribute of permissions declared by the spec; [Flag.Permissions] is the Set of permissions that carry it.",
		iter:   "Flags",
		setDoc: "Permissions returns the permissions that carry flag x.",
	}
	for _, fl := range g.c.Flags {
		e.members = append(e.members, member{
			goName: fl.GoName, key: fl.Key, description: fl.Description, perms: fl.Permissions,
			doc: fmt.Sprintf("%s is the flag %q (%d permissions). %s", fl.GoName, fl.Key, len(fl.Permissions), fl.Description),
		})
	}
	g.genEnum(f, e)
	if len(e.members) == 0 {
		return
	}
	f.Add(comment("HasFlag reports whether p carries flag fl."))
	f.Func().Params(jen.Id("p").Id(g.typ)).Id("HasFlag").Params(jen.Id("fl").Id("Flag")).Bool().Block(
		jen.Return(jen.Id("fl").Dot("Permissions").Call().Dot("Has").Call(jen.Id("p"))),
	)
}

func (g *generator) genGroups(f *jen.File) {
	e := enum{
		typ:     "Group",
		doc:     "Group is a component or section of the catalog. Groups nest; [Group.Permissions] includes the permissions of nested groups. Group values follow spec order and may change when groups are added: store [Group.Key], not the number.",
		iter:    "Groups",
		titles:  true,
		parents: true,
		setDoc:  "Permissions returns the permissions declared in group x and in the groups nested in it.",
	}
	for _, gr := range g.c.Groups {
		m := member{goName: gr.GoName, key: gr.Key, title: gr.Title, description: gr.Description, perms: gr.All,
			doc: fmt.Sprintf("%s is the group %q (%d permissions).", gr.GoName, oneLine(gr.Title), len(gr.All))}
		if gr.Parent != nil {
			m.parent = gr.Parent.GoName
		}
		if gr.Feature != nil {
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
		titles: true,
		setDoc: "Permissions returns the permissions of role x, including those of the roles it includes.",
	}
	for _, r := range g.c.Roles {
		e.members = append(e.members, member{goName: r.GoName, key: r.Key, title: r.Title, description: r.Description, perms: r.All,
			doc: fmt.Sprintf("%s is the role %q (%d permissions).", r.GoName, oneLine(r.Title), len(r.All))})
	}
	g.genEnum(f, e)
}

// genFeatures emits the Features mask, its constants, and the tables
// Effective and Can use: for each feature, the permissions that lose effect
// when it is off (those it gates and everything requiring them), and for
// each permission, the features it needs with its prerequisites.
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
	f.Var().Id("featureKeys").Op("=").Index(jen.Lit(len(g.c.Features))).String().ValuesFunc(func(v *jen.Group) {
		for _, ft := range g.c.Features {
			v.Line().Lit(ft.Key)
		}
		v.Line()
	})

	gated := make([][]*model.Permission, len(g.c.Features))
	for _, p := range g.c.ByID {
		for _, ft := range p.Gates {
			gated[ft.Index] = append(gated[ft.Index], p)
		}
	}
	f.Add(comment("featureGated holds, for each feature bit, the permissions that cannot take effect while it is off: those it gates and everything that requires them."))
	f.Var().Id("featureGated").Op("=").Index(jen.Lit(len(g.c.Features))).Id("Set").ValuesFunc(func(v *jen.Group) {
		for i, ps := range gated {
			lost := map[*model.Permission]bool{}
			for _, p := range ps {
				lost[p] = true
				for _, d := range p.Dependents {
					lost[d] = true
				}
			}
			var all []*model.Permission
			for _, p := range g.c.ByID {
				if lost[p] {
					all = append(all, p)
				}
			}
			v.Add(jen.Line().Comment(g.c.Features[i].GoName).Line().Add(g.setLit(all)))
		}
		v.Line()
	})

	f.Add(comment("permNeeds holds, by ID, the features each permission needs together with its prerequisites."))
	f.Var().Id("permNeeds").Op("=").Index(jen.Lit(g.size)).Id("Features").ValuesFunc(func(v *jen.Group) {
		for _, p := range g.c.ByID {
			seen := map[*model.Feature]bool{}
			for _, ft := range p.Gates {
				seen[ft] = true
			}
			for _, q := range p.Closure {
				for _, ft := range q.Gates {
					seen[ft] = true
				}
			}
			var fs []*model.Feature
			for _, ft := range g.c.Features {
				if seen[ft] {
					fs = append(fs, ft)
				}
			}
			if len(fs) > 0 {
				v.Line().Add(g.idKey(p)).Op(":").Add(featureMask(fs))
			}
		}
		v.Line()
	})
	f.Add(comment("needs returns the features p needs together with its prerequisites."))
	f.Func().Params(jen.Id("p").Id(g.typ)).Id("needs").Params().Id("Features").Block(
		jen.If(jen.Int().Call(jen.Id("p")).Op("<").Len(jen.Id("permNeeds"))).Block(jen.Return(jen.Id("permNeeds").Index(jen.Id("p")))),
		jen.Return(jen.Lit(0)),
	)

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
