package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/permcat/permcat/internal/model"
)

// genClosure emits what the checks need to know about the requires graph,
// and the Requires and RequiredBy methods.
//
// The dense layout stores the transitive closure, computed at generate
// time, as one Set per ID in each direction, so a check is a few word
// operations. The compact layout stores the direct edges in each direction
// as runs of IDs in flat arrays, and walks them: the source then grows with
// the edges, not with n².
func (g *generator) genClosure(f *jen.File) {
	var hasReqs []*model.Permission
	for _, p := range g.c.ByID {
		if len(p.Requires) > 0 {
			hasReqs = append(hasReqs, p)
		}
	}
	if g.dense {
		f.Add(comment("dependent holds every permission that requires another: only these can lose effect in Effective."))
		f.Var().Id("dependent").Op("=").Add(g.wordsLit(hasReqs))
		closure := func(p *model.Permission) []*model.Permission { return p.Closure }
		dependents := func(p *model.Permission) []*model.Permission { return p.Dependents }
		g.denseTable(f, "requiresTable", "holds, by ID, every permission each one requires, directly or transitively.", closure)
		g.denseTable(f, "requiredByTable", "holds, by ID, every permission that requires each one, directly or transitively.", dependents)
		f.Add(comment("Requires returns every permission p requires, directly or transitively; p itself is not included."))
		f.Func().Params(jen.Id("p").Id(g.typ)).Id("Requires").Params().Id("Set").Block(
			jen.If(jen.Int().Call(jen.Id("p")).Op("<").Len(jen.Id("requiresTable"))).Block(jen.Return(jen.Id("requiresTable").Index(jen.Id("p")))),
			jen.Return(jen.Id("Set").Values()),
		)
		f.Add(comment("RequiredBy returns every permission that requires p, directly or transitively: those that lose effect without p."))
		f.Func().Params(jen.Id("p").Id(g.typ)).Id("RequiredBy").Params().Id("Set").Block(
			jen.If(jen.Int().Call(jen.Id("p")).Op("<").Len(jen.Id("requiredByTable"))).Block(jen.Return(jen.Id("requiredByTable").Index(jen.Id("p")))),
			jen.Return(jen.Id("Set").Values()),
		)
		f.Add(comment("holdsRequirements reports whether s holds everything p requires."))
		f.Func().Params(jen.Id("s").Id("Set")).Id("holdsRequirements").Params(jen.Id("p").Id(g.typ)).Bool().Block(
			jen.Return(jen.Id("s").Dot("HasAll").Call(jen.Id("requiresTable").Index(jen.Id("p")))),
		)
		return
	}

	direct := func(p *model.Permission) []*model.Permission {
		out := make([]*model.Permission, len(p.Requires))
		for i, e := range p.Requires {
			out[i] = e.To
		}
		return out
	}
	directBy := make(map[*model.Permission][]*model.Permission)
	for _, p := range g.c.ByID {
		for _, e := range p.Requires {
			directBy[e.To] = append(directBy[e.To], p)
		}
	}
	g.compactTable(f, "requires", "the permissions each one requires directly", direct)
	g.compactTable(f, "requiredBy", "the permissions that require each one directly", func(p *model.Permission) []*model.Permission { return directBy[p] })

	var topo []jen.Code
	for _, p := range g.c.Topo {
		if len(p.Requires) > 0 {
			topo = append(topo, jen.Lit(p.ID))
		}
	}
	f.Add(comment("dependentTopo lists every permission that requires another, each after everything it requires, so that one pass decides Effective."))
	f.Var().Id("dependentTopo").Op("=").Index(jen.Lit(len(topo))).Id(g.typ).Values(topo...)

	f.Add(comment("walk returns the permissions reachable from p through the edges of list and index, p excluded: a depth-first search over the direct edges, with the result as the visited set."))
	f.Func().Id("walk").Params(jen.Id("p").Id(g.typ), jen.Id("list").Index().Id(g.typ), jen.Id("index").Index().Uint32()).Id("Set").Block(
		jen.Var().Id("seen").Id("Set"),
		jen.If(jen.Op("!").Id("p").Dot("IsValid").Call()).Block(jen.Return(jen.Id("seen"))),
		// A stack on the stack: deep walks spill to the heap, shallow
		// ones (almost all) allocate nothing.
		jen.Var().Id("buf").Index(jen.Lit(64)).Id(g.typ),
		jen.Id("stack").Op(":=").Append(jen.Id("buf").Index(jen.Empty(), jen.Lit(0)), jen.Id("p")),
		jen.For(jen.Len(jen.Id("stack")).Op(">").Lit(0)).Block(
			jen.Id("q").Op(":=").Id("stack").Index(jen.Len(jen.Id("stack")).Op("-").Lit(1)),
			jen.Id("stack").Op("=").Id("stack").Index(jen.Empty(), jen.Len(jen.Id("stack")).Op("-").Lit(1)),
			jen.For(jen.List(jen.Id("_"), jen.Id("r")).Op(":=").Range().Id("list").Index(jen.Id("index").Index(jen.Id("q")).Op(":").Id("index").Index(jen.Id("q").Op("+").Lit(1)))).Block(
				jen.If(jen.Op("!").Id("seen").Dot("has").Call(jen.Id("r"))).Block(
					jen.Id("seen").Index(jen.Id("r").Op(">>").Lit(6)).Op("|=").Lit(1).Op("<<").Parens(jen.Id("r").Op("&").Lit(63)),
					jen.Id("stack").Op("=").Append(jen.Id("stack"), jen.Id("r")),
				),
			),
		),
		jen.Return(jen.Id("seen")),
	)
	f.Add(comment("Requires returns every permission p requires, directly or transitively; p itself is not included."))
	f.Func().Params(jen.Id("p").Id(g.typ)).Id("Requires").Params().Id("Set").Block(
		jen.Return(jen.Id("walk").Call(jen.Id("p"), jen.Id("requiresList").Index(jen.Empty(), jen.Empty()), jen.Id("requiresIndex").Index(jen.Empty(), jen.Empty()))),
	)
	f.Add(comment("RequiredBy returns every permission that requires p, directly or transitively: those that lose effect without p."))
	f.Func().Params(jen.Id("p").Id(g.typ)).Id("RequiredBy").Params().Id("Set").Block(
		jen.Return(jen.Id("walk").Call(jen.Id("p"), jen.Id("requiredByList").Index(jen.Empty(), jen.Empty()), jen.Id("requiredByIndex").Index(jen.Empty(), jen.Empty()))),
	)
	f.Add(comment("holdsRequirements reports whether s holds everything p requires."))
	f.Func().Params(jen.Id("s").Id("Set")).Id("holdsRequirements").Params(jen.Id("p").Id(g.typ)).Bool().Block(
		jen.Return(jen.Id("s").Dot("HasAll").Call(jen.Id("p").Dot("Requires").Call())),
	)
}

// denseTable emits [size]Set{P: {...}, ...} with an entry for every
// permission whose list is not empty, each under a comment naming the
// members so that a reviewer can read the hexadecimal words.
func (g *generator) denseTable(f *jen.File, name, docText string, list func(*model.Permission) []*model.Permission) {
	f.Add(comment(name + " " + docText))
	f.Var().Id(name).Op("=").Index(jen.Lit(g.size)).Id("Set").ValuesFunc(func(v *jen.Group) {
		for _, p := range g.c.ByID {
			if ps := list(p); len(ps) > 0 {
				v.Add(jen.Line().Comment(summary(ps)).Line().Id(p.GoName).Op(":").Add(g.wordsValues(ps)))
			}
		}
		v.Line()
	})
}

// summary names the members of a list in a comment; long lists are
// counted instead.
func summary(ps []*model.Permission) string {
	const shown = 6
	names := make([]string, 0, shown)
	for i, p := range ps {
		if i == shown {
			return fmt.Sprintf("// %s and %d more", strings.Join(names, ", "), len(ps)-shown)
		}
		names = append(names, p.GoName)
	}
	return "// " + strings.Join(names, ", ")
}

// compactTable emits nameIndex [size+1]uint32 and nameList [...]T: the run
// of ID p is nameList[nameIndex[p]:nameIndex[p+1]]. Entries are numbers,
// not names: at 20,000 permissions names would triple the source.
func (g *generator) compactTable(f *jen.File, name, what string, list func(*model.Permission) []*model.Permission) {
	var flat []jen.Code
	index := make([]jen.Code, 0, g.size+1)
	next := 0
	byID := make([]*model.Permission, g.size)
	for _, p := range g.c.ByID {
		byID[p.ID] = p
	}
	for id := range g.size {
		index = append(index, jen.Lit(next))
		if p := byID[id]; p != nil {
			for _, q := range list(p) {
				flat = append(flat, jen.Lit(q.ID))
				next++
			}
		}
	}
	index = append(index, jen.Lit(next))
	f.Add(comment(fmt.Sprintf("%sList holds %s, as runs of IDs; the run of ID p is %sList[%sIndex[p]:%sIndex[p+1]].", name, what, name, name, name)))
	f.Var().Id(name + "List").Op("=").Index(jen.Lit(len(flat))).Id(g.typ).Values(flat...)
	f.Add(comment(fmt.Sprintf("%sIndex delimits the runs of %sList, by ID.", name, name)))
	f.Var().Id(name + "Index").Op("=").Index(jen.Lit(g.size + 1)).Uint32().Values(index...)
}

// genChecks emits Effective, Can, Grant, Revoke and Missing.
func (g *generator) genChecks(f *jen.File) {
	typ := g.typ
	features := len(g.c.Features) > 0
	params := []jen.Code{jen.Id("granted").Id("Set")}
	canParams := []jen.Code{jen.Id("granted").Id("Set"), jen.Id("p").Id(typ)}
	if features {
		params = append(params, jen.Id("enabled").Id("Features"))
		canParams = append(canParams, jen.Id("enabled").Id("Features"))
	}

	effective := []jen.Code{
		jen.Id("s").Op(":=").Id("granted").Dot("Intersect").Call(jen.Id("universe")),
	}
	if features {
		effective = append(effective,
			jen.For(jen.List(jen.Id("i"), jen.Id("gated")).Op(":=").Range().Id("featureGated")).Block(
				jen.If(jen.Id("enabled").Op("&").Parens(jen.Lit(1).Op("<<").Id("i")).Op("==").Lit(0)).Block(
					jen.Id("s").Op("=").Id("s").Dot("Minus").Call(jen.Id("gated")),
				),
			),
		)
	}
	if g.dense {
		// With the closure at hand, p stays exactly when s holds all of it.
		effective = append(effective,
			jen.Id("out").Op(":=").Id("s"),
			jen.For(jen.List(jen.Id("i"), jen.Id("w")).Op(":=").Range().Id("s").Dot("Intersect").Call(jen.Id("dependent"))).Block(
				jen.For(jen.Op(";").Id("w").Op("!=").Lit(0).Op(";").Id("w").Op("&=").Id("w").Op("-").Lit(1)).Block(
					jen.Id("p").Op(":=").Id(typ).Call(jen.Id("i").Op("*").Lit(64).Op("+").Qual("math/bits", "TrailingZeros64").Call(jen.Id("w"))),
					jen.If(jen.Op("!").Id("s").Dot("holdsRequirements").Call(jen.Id("p"))).Block(
						jen.Id("out").Dot("remove").Call(jen.Id("p")),
					),
				),
			),
			jen.Return(jen.Id("out")),
		)
	} else {
		// In topological order a permission's direct requirements are
		// decided before it, so one pass over the direct edges suffices.
		effective = append(effective,
			jen.For(jen.List(jen.Id("_"), jen.Id("p")).Op(":=").Range().Id("dependentTopo")).Block(
				jen.If(jen.Op("!").Id("s").Dot("has").Call(jen.Id("p"))).Block(jen.Continue()),
				jen.For(jen.List(jen.Id("_"), jen.Id("q")).Op(":=").Range().Id("requiresList").Index(jen.Id("requiresIndex").Index(jen.Id("p")).Op(":").Id("requiresIndex").Index(jen.Id("p").Op("+").Lit(1)))).Block(
					jen.If(jen.Op("!").Id("s").Dot("has").Call(jen.Id("q"))).Block(
						jen.Id("s").Dot("remove").Call(jen.Id("p")),
						jen.Break(),
					),
				),
			),
			jen.Return(jen.Id("s")),
		)
	}
	effDoc := []string{
		"Effective returns the permissions of granted that take effect: those held together with everything they require" + g.ifFeatures(", and whose features (and their prerequisites' features) are enabled") + ". It never adds a permission, and Effective(Effective(s)) == Effective(s).",
	}
	if features {
		effDoc = append(effDoc, "Pass the features the installation has switched on, for example FeatureA|FeatureB; 0 means none.")
	}
	f.Add(doc(effDoc...))
	f.Func().Id("Effective").Params(params...).Id("Set").Block(effective...)

	can := jen.Id("granted").Dot("Has").Call(jen.Id("p")).Op("&&").Id("granted").Dot("holdsRequirements").Call(jen.Id("p"))
	if features {
		can = jen.Id("p").Dot("needs").Call().Op("&^").Id("enabled").Op("==").Lit(0).Op("&&").Add(can)
	}
	f.Add(doc("Can reports whether granted lets its holder use p: p is held, with everything it requires" + g.ifFeatures(", and every feature they need is enabled") + ". It agrees with Effective(granted" + g.ifFeatures(", enabled") + ").Has(p) and costs a few word operations."))
	f.Func().Id("Can").Params(canParams...).Bool().Block(jen.Return(can))

	f.Add(doc("Grant returns s with p and everything p requires added, as ticking a box in an admin screen does. An invalid p leaves s unchanged."))
	f.Func().Id("Grant").Params(jen.Id("s").Id("Set"), jen.Id("p").Id(typ)).Id("Set").Block(
		jen.If(jen.Op("!").Id("p").Dot("IsValid").Call()).Block(jen.Return(jen.Id("s"))),
		jen.Id("s").Dot("add").Call(jen.Id("p")),
		jen.Return(jen.Id("s").Dot("Union").Call(jen.Id("p").Dot("Requires").Call())),
	)
	f.Add(doc("Revoke returns s with p and everything that requires p removed, as unchecking a box in an admin screen also unchecks what depends on it."))
	f.Func().Id("Revoke").Params(jen.Id("s").Id("Set"), jen.Id("p").Id(typ)).Id("Set").Block(
		jen.Id("s").Dot("remove").Call(jen.Id("p")),
		jen.Return(jen.Id("s").Dot("Minus").Call(jen.Id("p").Dot("RequiredBy").Call())),
	)
	f.Add(doc("Missing returns what p requires that s does not hold: the permissions blocking p. It is empty when p's requirements are met, and for an invalid p."))
	f.Func().Id("Missing").Params(jen.Id("s").Id("Set"), jen.Id("p").Id(typ)).Id("Set").Block(
		jen.Return(jen.Id("p").Dot("Requires").Call().Dot("Minus").Call(jen.Id("s"))),
	)
}
