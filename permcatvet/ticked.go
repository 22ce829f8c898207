package permcatvet

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
)

// hasMethods are the Set methods that ask what a Set holds.
var hasMethods = []string{"Has", "HasAll", "HasAny"}

// checkTicked reports Has, HasAll and HasAny on a Set that may hold
// grants as stored, and exports which functions return safe Sets.
func checkTicked(pass *analysis.Pass, r *reporter, cats *catalogs, prog *program) {
	fl := newFlow(pass, cats, prog)
	type use struct {
		sel  *ast.SelectorExpr
		call *ast.CallExpr // nil for a method value
		recv ssa.Value
		cat  *catalog
	}
	var uses []use
	ins := inspectorOf(pass)
	for cur := range ins.Root().Preorder((*ast.SelectorExpr)(nil)) {
		sel := cur.Node().(*ast.SelectorExpr)
		s, ok := pass.TypesInfo.Selections[sel]
		if !ok || s.Kind() != types.MethodVal || !slices.Contains(hasMethods, sel.Sel.Name) {
			continue
		}
		cat, name := cats.member(s.Obj().(*types.Func))
		if cat == nil || name != "Set."+sel.Sel.Name || isTestFile(pass, sel.Pos()) {
			continue
		}
		u := use{sel: sel, cat: cat}
		if call, ok := callOf(cur); ok {
			c := prog.calls[call.Lparen]
			if c == nil || len(c.Args) == 0 {
				continue
			}
			u.call, u.recv = call, c.Args[0]
		} else {
			mc := prog.closures[sel.Sel.Pos()]
			if mc == nil || len(mc.Bindings) == 0 {
				continue
			}
			u.recv = mc.Bindings[0]
		}
		fl.value(nil, u.recv)
		uses = append(uses, u)
	}
	exportResults(pass, cats, prog, fl)
	fl.solve()
	for _, u := range uses {
		o := fl.nodes[u.recv].val
		if o.class != granted {
			continue
		}
		r.report(tickedDiagnostic(pass, u.sel, u.call, u.cat, o))
	}
	for fn, key := range resultKeys(cats, prog) {
		var safeResults []int
		for i, k := range key {
			if n := fl.nodes[k]; n != nil && n.val.class != granted {
				safeResults = append(safeResults, i)
			}
		}
		if len(safeResults) > 0 {
			pass.ExportObjectFact(fn, &resultFact{Safe: safeResults})
		}
	}
}

// callOf returns the call whose function is the selector at cur.
func callOf(cur inspector.Cursor) (*ast.CallExpr, bool) {
	child, parent := cur, cur.Parent()
	for {
		if _, ok := parent.Node().(*ast.ParenExpr); !ok {
			break
		}
		child, parent = parent, parent.Parent()
	}
	call, ok := parent.Node().(*ast.CallExpr)
	if !ok || call.Fun != child.Node() {
		return nil, false
	}
	return call, true
}

// resultKeys returns, for every exported-or-not function of the package
// that returns a Set of a catalog, the keys of its Set results' nodes (nil
// where a result is not a Set).
func resultKeys(cats *catalogs, prog *program) map[*types.Func][]any {
	out := map[*types.Func][]any{}
	for _, fn := range prog.funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || fn.Synthetic != "" || len(fn.Blocks) == 0 {
			continue
		}
		res := fn.Signature.Results()
		keys := make([]any, res.Len())
		any := false
		for i := range res.Len() {
			if cats.isSet(res.At(i).Type()) != nil {
				keys[i] = resultKey{fn, i}
				any = true
			}
		}
		if any {
			out[obj] = keys
		}
	}
	return out
}

// exportResults queues the Set results of the package's functions, so
// that solving the flow also decides which are safe.
func exportResults(pass *analysis.Pass, cats *catalogs, prog *program, fl *flow) {
	for _, keys := range resultKeys(cats, prog) {
		for _, k := range keys {
			if k, ok := k.(resultKey); ok {
				fl.in(nil, k, func(m *node) origin { return fl.evalResult(m, k.fn, k.i) })
			}
		}
	}
}

// tickedDiagnostic explains a Has on a granted Set and what to write
// instead. Where the catalog has no features the rewrite is mechanical
// and comes as a fix.
func tickedDiagnostic(pass *analysis.Pass, sel *ast.SelectorExpr, call *ast.CallExpr, cat *catalog, o origin) analysis.Diagnostic {
	recv := types.ExprString(sel.X)
	method := sel.Sel.Name
	arg := "p"
	if call != nil && len(call.Args) == 1 {
		arg = types.ExprString(call.Args[0])
	}
	features := ""
	if cat.Features {
		features = ", features"
	}
	var instead string
	if method == "Has" {
		instead = fmt.Sprintf("%s(%s, %s%s), or %s(%s%s).Has(%s)",
			display(cat, "Can"), recv, arg, features, display(cat, "Effective"), recv, features, arg)
	} else {
		instead = fmt.Sprintf("%s(%s%s).%s(%s)", display(cat, "Effective"), recv, features, method, arg)
	}
	from := o.what
	if o.pos.IsValid() {
		from += " at " + where(pass, o.pos)
	}
	d := analysis.Diagnostic{
		Pos:      sel.Sel.Pos(),
		End:      sel.End(),
		Category: catTicked,
		Message: fmt.Sprintf("%s.%s asks whether the box is ticked, not whether its holder may use it: the Set %s, and %s ignores prerequisites and feature gates; use %s, or mark a deliberate check with //permcat:ticked <reason>",
			recv, method, from, method, instead),
	}
	if call != nil && !cat.Features {
		d.SuggestedFixes = tickedFix(pass, sel, call, cat)
	}
	return d
}

// tickedFix rewrites s.Has(p) as Can(s, p) and s.HasAll(t) as
// Effective(s).HasAll(t), for a catalog without features.
func tickedFix(pass *analysis.Pass, sel *ast.SelectorExpr, call *ast.CallExpr, cat *catalog) []analysis.SuggestedFix {
	file := fileOf(pass, sel.Pos())
	if file == nil {
		return nil
	}
	recv := source(pass, sel.X)
	if sel.Sel.Name == "Has" && len(call.Args) == 1 {
		can, ok := qualified(file, cat, "Can")
		if !ok {
			return nil
		}
		return []analysis.SuggestedFix{{
			Message:   "use " + display(cat, "Can"),
			TextEdits: []analysis.TextEdit{{Pos: call.Pos(), End: call.End(), NewText: fmt.Appendf(nil, "%s(%s, %s)", can, recv, source(pass, call.Args[0]))}},
		}}
	}
	eff, ok := qualified(file, cat, "Effective")
	if !ok {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message:   "use " + display(cat, "Effective"),
		TextEdits: []analysis.TextEdit{{Pos: sel.X.Pos(), End: sel.X.End(), NewText: fmt.Appendf(nil, "%s(%s)", eff, recv)}},
	}}
}

// source returns the text of e as written.
func source(pass *analysis.Pass, e ast.Node) string {
	tf := pass.Fset.File(e.Pos())
	if data, err := pass.ReadFile(tf.Name()); err == nil {
		start, end := tf.Offset(e.Pos()), tf.Offset(e.End())
		if 0 <= start && start <= end && end <= len(data) {
			return string(data[start:end])
		}
	}
	if e, ok := e.(ast.Expr); ok {
		return types.ExprString(e)
	}
	return "this statement"
}
