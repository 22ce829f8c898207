package permcatvet

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// checkIDs reports permissions, Sets and Features spelt as raw numbers.
func checkIDs(pass *analysis.Pass, r *reporter, cats *catalogs) {
	// numbers holds the constant operands of arithmetic on a variable
	// (p%7, p+1, p < 100, p += 1): for a permission, counts and bounds,
	// not IDs. (For Features, f|1 is a raw bit all the same.)
	numbers := map[ast.Expr]bool{}
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				if cat := cats.isSet(pass.TypesInfo.TypeOf(n)); cat != nil {
					rawSet(pass, r, file, cat, n)
				}
				return true
			case *ast.AssignStmt:
				rawWordAssign(pass, r, cats, n)
				if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
					for _, e := range n.Rhs {
						numbers[ast.Unparen(e)] = true
					}
				}
				return true
			case *ast.BinaryExpr:
				if pass.TypesInfo.Types[n].Value == nil && n.Op != token.EQL && n.Op != token.NEQ {
					numbers[ast.Unparen(n.X)] = true
					numbers[ast.Unparen(n.Y)] = true
					return true
				}
			}
			if n, ok := n.(ast.Expr); ok {
				tv, ok := pass.TypesInfo.Types[n]
				if !ok || tv.Value == nil {
					return true
				}
				if cat := cats.isPermission(tv.Type); cat != nil {
					if !named(pass, cats, n) && !numbers[ast.Unparen(n)] {
						rawID(pass, r, file, cat, n, tv.Value)
					}
					return false
				}
				if cat := cats.isFeatures(tv.Type); cat != nil {
					if !named(pass, cats, n) {
						rawFeatures(pass, r, file, cat, n, tv.Value)
					}
					return false
				}
			}
			return true
		})
	}
}

// named reports whether the constant expression e is built only from named
// constants of the catalogs or constants declared with their types
// (perms.A, perms.FeatureA|perms.FeatureB, a const admin perms.Permission):
// those are not raw numbers here.
func named(pass *analysis.Pass, cats *catalogs, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident, *ast.SelectorExpr:
		var id *ast.Ident
		if sel, ok := e.(*ast.SelectorExpr); ok {
			id = sel.Sel
		} else {
			id = e.(*ast.Ident)
		}
		k, ok := pass.TypesInfo.Uses[id].(*types.Const)
		if !ok {
			return false
		}
		if cats.of(k) != nil {
			return true
		}
		_, isBasic := k.Type().(*types.Basic)
		return !isBasic // declared with a catalog type: its literal is judged there
	case *ast.BinaryExpr:
		return named(pass, cats, e.X) && named(pass, cats, e.Y)
	case *ast.UnaryExpr:
		return named(pass, cats, e.X)
	case *ast.CallExpr:
		// A conversion between catalog types of a named constant.
		return len(e.Args) == 1 && pass.TypesInfo.Types[e.Fun].IsType() && named(pass, cats, e.Args[0])
	}
	return false
}

// rawID reports a permission written as its number.
func rawID(pass *analysis.Pass, r *reporter, file *ast.File, cat *catalog, e ast.Expr, v constant.Value) {
	id, exact := constant.Int64Val(v)
	if !exact {
		return
	}
	p := cat.byID[int(id)]
	if p == nil && (id == 0 || isTestFile(pass, e.Pos())) {
		// 0 is the zero value, "no permission" (return 0, err); tests
		// build invalid permissions on purpose.
		return
	}
	text := source(pass, e)
	d := analysis.Diagnostic{Pos: e.Pos(), End: e.End(), Category: catIDs}
	switch {
	case p != nil:
		d.Message = fmt.Sprintf("%s is the raw ID of %s; write the named constant, which follows the spec", text, display(cat, p.GoName))
		if p.Deprecated != "" {
			d.Message += fmt.Sprintf(" (%s is deprecated: %s)", p.GoName, p.Deprecated)
		}
		if name, ok := qualified(file, cat, p.GoName); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   "use " + display(cat, p.GoName),
				TextEdits: []analysis.TextEdit{{Pos: e.Pos(), End: e.End(), NewText: []byte(name)}},
			}}
		}
	case cat.reserved[int(id)]:
		d.Message = fmt.Sprintf("%s: ID %d is reserved, the bit of a retired permission; no %s has it, and every check treats the value as not granted", text, id, display(cat, cat.Type))
	default:
		d.Message = fmt.Sprintf("%s: no %s has ID %d; the value is invalid, and every check treats it as not granted", text, display(cat, cat.Type), id)
	}
	r.report(d)
}

// rawFeatures reports Features written as a number.
func rawFeatures(pass *analysis.Pass, r *reporter, file *ast.File, cat *catalog, e ast.Expr, v constant.Value) {
	bits, exact := constant.Uint64Val(v)
	if !exact || bits == 0 {
		return // 0 is "no features", as the Effective doc says
	}
	var names, unknown []string
	for b := range 64 {
		if bits&(1<<b) == 0 {
			continue
		}
		if f := featureBit(cat, b); f != nil {
			names = append(names, f.GoName)
		} else {
			unknown = append(unknown, fmt.Sprint(b))
		}
	}
	if len(unknown) > 0 && isTestFile(pass, e.Pos()) {
		return
	}
	text := source(pass, e)
	d := analysis.Diagnostic{Pos: e.Pos(), End: e.End(), Category: catIDs}
	if len(unknown) > 0 {
		d.Message = fmt.Sprintf("%s spells features as raw bits, and bit %s names no feature of %s", text, strings.Join(unknown, ", "), cat.pkg.Name())
		r.report(d)
		return
	}
	var shown []string
	for _, n := range names {
		shown = append(shown, display(cat, n))
	}
	d.Message = fmt.Sprintf("%s spells features as raw bits; write %s", text, strings.Join(shown, "|"))
	var q []string
	for _, n := range names {
		name, ok := qualified(file, cat, n)
		if !ok {
			break
		}
		q = append(q, name)
	}
	if len(q) == len(names) {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "use " + strings.Join(shown, "|"),
			TextEdits: []analysis.TextEdit{{Pos: e.Pos(), End: e.End(), NewText: []byte(strings.Join(q, "|"))}},
		}}
	}
	r.report(d)
}

func featureBit(cat *catalog, bit int) *factFeature {
	for i := range cat.FeatureBits {
		if cat.FeatureBits[i].Bit == bit {
			return &cat.FeatureBits[i]
		}
	}
	return nil
}

// setBits returns the IDs a Set's constant words hold, or ok == false when
// a word is not constant.
func setBits(pass *analysis.Pass, lit *ast.CompositeLit) (ids []int, ok bool) {
	next := int64(0)
	for _, elt := range lit.Elts {
		index := next
		if kv, isKV := elt.(*ast.KeyValueExpr); isKV {
			k := pass.TypesInfo.Types[kv.Key].Value
			if k == nil {
				return nil, false
			}
			index, _ = constant.Int64Val(k)
			elt = kv.Value
		}
		next = index + 1
		v := pass.TypesInfo.Types[elt].Value
		if v == nil {
			return nil, false
		}
		w, _ := constant.Uint64Val(v)
		for b := range 64 {
			if w&(1<<b) != 0 {
				ids = append(ids, int(index)*64+b)
			}
		}
	}
	return ids, true
}

// rawSet reports a Set literal spelt as words of bits.
func rawSet(pass *analysis.Pass, r *reporter, file *ast.File, cat *catalog, lit *ast.CompositeLit) {
	ids, ok := setBits(pass, lit)
	if !ok || len(ids) == 0 {
		return
	}
	perms, problems := describeIDs(cat, ids)
	if len(problems) > 0 && isTestFile(pass, lit.Pos()) {
		return
	}
	d := analysis.Diagnostic{Pos: lit.Pos(), End: lit.End(), Category: catIDs}
	if len(problems) > 0 {
		d.Message = fmt.Sprintf("%s spells a Set as raw bits: %s", source(pass, lit), strings.Join(problems, "; "))
		r.report(d)
		return
	}
	var shown, q []string
	for _, p := range perms {
		shown = append(shown, display(cat, p.GoName))
		if name, ok := qualified(file, cat, p.GoName); ok {
			q = append(q, name)
		}
	}
	of := display(cat, "Of") + "(" + strings.Join(shown, ", ") + ")"
	d.Message = fmt.Sprintf("%s spells a Set as raw bits; write %s", source(pass, lit), of)
	if ofName, ok := qualified(file, cat, "Of"); ok && len(q) == len(perms) {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "use " + of,
			TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(ofName + "(" + strings.Join(q, ", ") + ")")}},
		}}
	}
	r.report(d)
}

// describeIDs names the permissions among ids and says what is wrong with
// the others.
func describeIDs(cat *catalog, ids []int) (perms []*factPermission, problems []string) {
	for _, id := range ids {
		switch p := cat.byID[id]; {
		case p != nil:
			perms = append(perms, p)
		case cat.reserved[id]:
			problems = append(problems, fmt.Sprintf("bit %d is reserved, the bit of a retired permission", id))
		default:
			problems = append(problems, fmt.Sprintf("bit %d names no permission", id))
		}
	}
	return perms, problems
}

// rawWordAssign reports a constant written into a word of a Set
// (s[0] = 6, s[0] |= 1<<7): it bypasses the check that each bit names a
// permission.
func rawWordAssign(pass *analysis.Pass, r *reporter, cats *catalogs, as *ast.AssignStmt) {
	if len(as.Lhs) != 1 || len(as.Rhs) != 1 || isTestFile(pass, as.Pos()) {
		return
	}
	ix, ok := ast.Unparen(as.Lhs[0]).(*ast.IndexExpr)
	if !ok {
		return
	}
	cat := cats.isSet(pass.TypesInfo.TypeOf(ix.X))
	if cat == nil {
		return
	}
	v := pass.TypesInfo.Types[as.Rhs[0]].Value
	k := pass.TypesInfo.Types[ix.Index].Value
	if v == nil || k == nil {
		return
	}
	w, _ := constant.Uint64Val(v)
	index, _ := constant.Int64Val(k)
	var ids []int
	for b := range 64 {
		if w&(1<<b) != 0 {
			ids = append(ids, int(index)*64+b)
		}
	}
	perms, problems := describeIDs(cat, ids)
	var shown []string
	for _, p := range perms {
		shown = append(shown, display(cat, p.GoName))
	}
	what := "names nothing"
	if len(shown) > 0 {
		what = "holds " + strings.Join(shown, ", ")
	}
	if len(problems) > 0 {
		what += "; " + strings.Join(problems, "; ")
	}
	verb := "With"
	if as.Tok == token.AND_NOT_ASSIGN || as.Tok == token.AND_ASSIGN {
		verb = "Without or Intersect"
	}
	r.report(analysis.Diagnostic{Pos: as.Pos(), End: as.End(), Category: catIDs,
		Message: fmt.Sprintf("%s writes raw bits into a Set (%s); use the Set's %s with named constants", source(pass, as), what, verb)})
}
