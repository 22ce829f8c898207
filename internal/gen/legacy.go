package gen

import (
	"github.com/dave/jennifer/jen"
)

// genLegacy emits Migrate, which turns a retired key (a renamed, split or
// replaced permission, declared with replaces) into the permissions that
// took its place. It is always emitted, so downstream code can call it
// before the catalog retires anything.
func (g *generator) genLegacy(f *jen.File) {
	f.Add(doc(
		"Migrate returns the permissions that replaced a retired key: one for a renamed permission, several for a split one. ok is false when key was never retired; current keys are not retired, so use [Parse] for those.",
		"Set decoders ([Set.UnmarshalText], [Set.UnmarshalJSON], [Set.Scan]) apply Migrate to every retired key they meet, so stored grants keep their meaning across renames.",
	))
	f.Func().Id("Migrate").Params(jen.Id("key").String()).Params(jen.Id("Set"), jen.Bool()).BlockFunc(func(b *jen.Group) {
		if len(g.c.Legacy) > 0 {
			b.Switch(jen.Id("key")).BlockFunc(func(s *jen.Group) {
				for _, l := range g.c.Legacy {
					s.Case(jen.Lit(l.Key)).Block(jen.Return(ofList(l.By), jen.True()))
				}
			})
		}
		b.Return(jen.Id("Set").Values(), jen.False())
	})
	f.Add(comment("retiredKey reports whether key is reserved without a replacement: a permission that no longer exists and whose grants lapse."))
	f.Func().Id("retiredKey").Params(jen.Id("key").String()).Bool().BlockFunc(func(b *jen.Group) {
		replaced := map[string]bool{}
		for _, l := range g.c.Legacy {
			replaced[l.Key] = true
		}
		var keys []jen.Code
		for _, k := range g.c.ReservedKeys {
			if !replaced[k] {
				keys = append(keys, jen.Lit(k))
			}
		}
		if len(keys) > 0 {
			b.Switch(jen.Id("key")).Block(jen.Case(keys...).Block(jen.Return(jen.True())))
		}
		b.Return(jen.False())
	})
}
