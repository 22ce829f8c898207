package gen

import (
	"github.com/dave/jennifer/jen"
)

// genChecks declares the checks whose signature depends on whether the
// catalog declares features: Effective, Can and Blockers. Their work is
// done by the copied setcode (effective, can, blockers), which takes the
// enabled features as a mask, 0 for a catalog without features.
func (g *generator) genChecks(f *jen.File) {
	typ := g.typ
	features := len(g.c.Features) > 0
	enabledParam := func(params ...jen.Code) []jen.Code {
		if features {
			params = append(params, jen.Id("enabled").Id("Features"))
		}
		return params
	}
	enabled := jen.Lit(0)
	if features {
		enabled = jen.Uint64().Call(jen.Id("enabled"))
	}

	if features {
		f.Add(doc(
			"Effective returns the permissions of granted that take effect while the features enabled are on: each one held together with everything it requires, directly or transitively, when every feature that gates it or any of its requirements is enabled. It never adds a permission, and applying it twice changes nothing: Effective(Effective(s, enabled), enabled) == Effective(s, enabled).",
			"Pass the features the installation has switched on, combined with |, such as "+g.c.Features[0].GoName+"; 0 means none.",
		))
	} else {
		f.Add(doc("Effective returns the permissions of granted that take effect: each one held together with everything it requires, directly or transitively. It never adds a permission, and applying it twice changes nothing: Effective(Effective(s)) == Effective(s)."))
	}
	f.Func().Id("Effective").Params(enabledParam(jen.Id("granted").Id("Set"))...).Id("Set").Block(
		jen.Return(jen.Id("effective").Call(jen.Op("&").Id("granted"), enabled.Clone())),
	)

	canCall := "Effective(granted).Has(p)"
	if features {
		canCall = "Effective(granted, enabled).Has(p)"
	}
	f.Add(doc("Can reports whether granted lets its holder use p: p is held, with everything it requires" + g.ifFeatures(", and every feature gating p or its requirements is enabled") + ". It agrees with " + canCall + ", and costs one test per word of the Set that holds one of p's requirements. When it is false, [Blockers] says why."))
	f.Func().Id("Can").Params(enabledParam(jen.Id("granted").Id("Set"), jen.Id("p").Id(typ))...).Bool().Block(
		jen.Return(jen.Id("can").Call(jen.Op("&").Id("granted"), jen.Id("p"), enabled.Clone())),
	)

	if features {
		f.Add(doc(
			"Blockers returns everything that keeps p from taking effect in granted: missing holds p itself if granted lacks it and every permission p requires, directly or transitively, that granted lacks; off holds every feature gating p or its requirements that enabled lacks. For a valid p, Can(granted, p, enabled) is true exactly when missing is empty and off is 0, and granting missing (see [Grant]) and enabling off makes it true. For an invalid p, which nothing makes effective, both are empty.",
		))
		f.Func().Id("Blockers").Params(jen.Id("granted").Id("Set"), jen.Id("p").Id(typ), jen.Id("enabled").Id("Features")).Params(jen.Id("missing").Id("Set"), jen.Id("off").Id("Features")).Block(
			jen.List(jen.Id("missing"), jen.Id("mask")).Op(":=").Id("blockers").Call(jen.Op("&").Id("granted"), jen.Id("p"), jen.Uint64().Call(jen.Id("enabled"))),
			jen.Return(jen.Id("missing"), jen.Id("Features").Call(jen.Id("mask"))),
		)
		return
	}
	f.Add(doc(
		"Blockers returns everything that keeps p from taking effect in granted: p itself if granted lacks it, and every permission p requires, directly or transitively, that granted lacks. For a valid p, Can(granted, p) is true exactly when the result is empty, and granting it (see [Grant]) makes Can true. For an invalid p, which nothing makes effective, it is empty.",
	))
	f.Func().Id("Blockers").Params(jen.Id("granted").Id("Set"), jen.Id("p").Id(typ)).Id("Set").Block(
		jen.List(jen.Id("missing"), jen.Id("_")).Op(":=").Id("blockers").Call(jen.Op("&").Id("granted"), jen.Id("p"), jen.Lit(0)),
		jen.Return(jen.Id("missing")),
	)
}
