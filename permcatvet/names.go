package permcatvet

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/permcat/permcat/internal/naming"
)

// nameKind says what a string argument must hold. An argument a helper
// passes to several readers (Parse, then Migrate as a fallback) may hold
// what any of them accepts.
type nameKind uint8

const (
	kindPermission nameKind = 1 << iota // a key or display name, as Parse reads
	kindRetired                         // a retired key, as Migrate reads
	kindFeatures                        // feature keys, as ParseFeatures reads
	kindSetText                         // keys separated by commas, as Set.UnmarshalText reads
	kindSetJSON                         // a JSON array of keys, as Set.UnmarshalJSON reads
)

var kindWords = []struct {
	kind nameKind
	what string
}{
	{kindPermission, "a permission key or display name"},
	{kindRetired, "a retired key"},
	{kindFeatures, "feature keys"},
	{kindSetText, "permission keys separated by commas"},
	{kindSetJSON, "a JSON array of permission keys"},
}

func (k nameKind) String() string {
	var parts []string
	for _, w := range kindWords {
		if k&w.kind != 0 {
			parts = append(parts, w.what)
		}
	}
	return strings.Join(parts, " or ")
}

// nameRules says which argument of which member of a generated package is
// a name, numbered as written in the call (a method's receiver excluded).
var nameRules = map[string]struct {
	arg  int
	kind nameKind
}{
	"Parse":                    {0, kindPermission},
	"Migrate":                  {0, kindRetired},
	"ParseFeatures":            {0, kindFeatures},
	"Permission.UnmarshalText": {0, kindPermission},
	"Set.UnmarshalText":        {0, kindSetText},
	"Set.UnmarshalJSON":        {0, kindSetJSON},
}

// namesFact is exported on a function that passes some of its parameters,
// unchanged, to a reader of names (Parse, Migrate, a decoder, or another
// such function): a MustParse-like helper. Calls of it with constant
// strings are checked as calls of the reader are.
type namesFact struct {
	Params []paramNames // by parameter, the receiver excluded
}

// paramNames is what a parameter must name: Kind, of the catalog whose
// import path is Catalog. The zero value is a parameter that is no name.
type paramNames struct {
	Kind    nameKind
	Catalog string
}

func (*namesFact) AFact() {}

func (f *namesFact) String() string {
	var parts []string
	for i, p := range f.Params {
		if p.Kind != 0 {
			parts = append(parts, fmt.Sprintf("param %d: %s", i, p.Kind))
		}
	}
	return "reads names: " + strings.Join(parts, "; ")
}

// checkNames finds the package's name-reading helpers, exports them as
// facts, and reports constant strings that name nothing.
func checkNames(pass *analysis.Pass, r *reporter, cats *catalogs, prog *program) {
	helpers := findHelpers(pass, cats, prog)
	for obj, params := range helpers {
		pass.ExportObjectFact(obj, &namesFact{Params: params})
	}
	ins := inspectorOf(pass)
	for cur := range ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if isTestFile(pass, call.Pos()) {
			continue // tests pass unknown names on purpose
		}
		fn, _ := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
		if fn == nil {
			continue
		}
		for i, arg := range call.Args {
			kind, cat := argKind(pass, cats, helpers, fn, call, i)
			if kind == 0 {
				continue
			}
			if s, lit, ok := constString(pass, arg); ok {
				checkName(pass, r, cat, fn, arg, lit, s, kind)
			}
		}
	}
}

// argKind returns what argument i of a call of fn must name, and in which
// catalog.
func argKind(pass *analysis.Pass, cats *catalogs, helpers map[*types.Func][]paramNames, fn *types.Func, call *ast.CallExpr, i int) (nameKind, *catalog) {
	if cat, name := cats.member(fn); cat != nil {
		if rule, ok := nameRules[name]; ok && rule.arg == i && cat.Named {
			return rule.kind, cat
		}
		return 0, nil
	}
	if isJSONUnmarshal(fn) && i == 0 && len(call.Args) == 2 {
		if p, ok := pass.TypesInfo.TypeOf(call.Args[1]).(*types.Pointer); ok {
			if cat := cats.isSet(p.Elem()); cat != nil && cat.Named {
				return kindSetJSON, cat
			}
		}
		return 0, nil
	}
	params := helperParams(pass, helpers, fn.Origin())
	if i >= len(params) || params[i].Kind == 0 {
		return 0, nil
	}
	cat := cats.byPath[params[i].Catalog]
	if cat == nil || !cat.Named {
		return 0, nil
	}
	return params[i].Kind, cat
}

// helperParams returns what the parameters of fn must name: from this
// package's analysis, or from a fact.
func helperParams(pass *analysis.Pass, helpers map[*types.Func][]paramNames, fn *types.Func) []paramNames {
	if params, ok := helpers[fn]; ok {
		return params
	}
	var fact namesFact
	if pass.ImportObjectFact(fn, &fact) {
		return fact.Params
	}
	return nil
}

func isJSONUnmarshal(fn *types.Func) bool {
	return fn.Pkg() != nil && fn.Pkg().Path() == "encoding/json" && fn.Name() == "Unmarshal"
}

// findHelpers returns, for each function of the package that passes a
// parameter unchanged to a reader of names, what the parameter must name.
// A parameter passed to readers of two catalogs names nothing checkable.
func findHelpers(pass *analysis.Pass, cats *catalogs, prog *program) map[*types.Func][]paramNames {
	helpers := map[*types.Func][]paramNames{}
	conflict := map[*types.Var]bool{}
	for changed := true; changed; {
		changed = false
		for _, fn := range prog.funcs {
			obj, ok := fn.Object().(*types.Func)
			if !ok || fn.Parent() != nil || fn.Synthetic != "" {
				continue
			}
			recv := 0
			if fn.Signature.Recv() != nil {
				recv = 1
			}
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(ssa.CallInstruction)
					if !ok {
						continue
					}
					for j, pn := range ssaArgNames(pass, cats, helpers, call.Common()) {
						if pn.Kind == 0 {
							continue
						}
						p, ok := stripConversions(call.Common().Args[j]).(*ssa.Parameter)
						if !ok || p.Parent() != fn {
							continue
						}
						i := indexOf(fn.Params, p) - recv
						if i < 0 || conflict[p.Object().(*types.Var)] {
							continue
						}
						params := helpers[obj]
						if params == nil {
							params = make([]paramNames, fn.Signature.Params().Len())
							helpers[obj] = params
						}
						switch old := params[i]; {
						case old.Kind != 0 && old.Catalog != pn.Catalog:
							conflict[p.Object().(*types.Var)] = true
							params[i] = paramNames{}
							changed = true
						case old.Kind&pn.Kind != pn.Kind:
							params[i] = paramNames{Kind: old.Kind | pn.Kind, Catalog: pn.Catalog}
							changed = true
						}
					}
				}
			}
		}
	}
	for obj, params := range helpers {
		if !slices.ContainsFunc(params, func(p paramNames) bool { return p.Kind != 0 }) {
			delete(helpers, obj)
		}
	}
	return helpers
}

// ssaArgNames returns what each SSA argument of a call must name (the
// receiver of a static method call being argument 0).
func ssaArgNames(pass *analysis.Pass, cats *catalogs, helpers map[*types.Func][]paramNames, c *ssa.CallCommon) []paramNames {
	fn := staticCallee(c)
	if fn == nil {
		return nil
	}
	out := make([]paramNames, len(c.Args))
	recv := 0
	if fn.Type().(*types.Signature).Recv() != nil {
		recv = 1
	}
	if cat, name := cats.member(fn); cat != nil {
		if rule, ok := nameRules[name]; ok && rule.arg+recv < len(out) {
			out[rule.arg+recv] = paramNames{Kind: rule.kind, Catalog: cat.pkg.Path()}
		}
		return out
	}
	if isJSONUnmarshal(fn) && len(c.Args) == 2 {
		target := c.Args[1]
		if mi, ok := target.(*ssa.MakeInterface); ok {
			target = mi.X
		}
		if p, ok := target.Type().(*types.Pointer); ok {
			if cat := cats.isSet(p.Elem()); cat != nil {
				out[0] = paramNames{Kind: kindSetJSON, Catalog: cat.pkg.Path()}
			}
		}
		return out
	}
	for i, p := range helperParams(pass, helpers, fn) {
		if i+recv < len(out) {
			out[i+recv] = p
		}
	}
	return out
}

// stripConversions returns v without the conversions between string and
// []byte (and named string types) around it.
func stripConversions(v ssa.Value) ssa.Value {
	for {
		switch c := v.(type) {
		case *ssa.Convert:
			v = c.X
		case *ssa.ChangeType:
			v = c.X
		default:
			return v
		}
	}
}

// constString returns the constant string arg holds, seeing through a
// conversion to []byte, and the literal that spells it, if one does.
func constString(pass *analysis.Pass, arg ast.Expr) (s string, lit *ast.BasicLit, ok bool) {
	arg = ast.Unparen(arg)
	if call, isCall := arg.(*ast.CallExpr); isCall && len(call.Args) == 1 && pass.TypesInfo.Types[call.Fun].IsType() {
		arg = ast.Unparen(call.Args[0])
	}
	tv := pass.TypesInfo.Types[arg]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", nil, false
	}
	lit, _ = arg.(*ast.BasicLit)
	return constant.StringVal(tv.Value), lit, true
}

// names is a catalog's names, indexed for the name check.
type names struct {
	byKey, byName map[string]*factPermission
	migrated      map[string]*factRetired
	lapsed        map[string]bool
	features      map[string]bool
	// candidates for suggestions, in catalog order
	keysAndNames, keys, retired, featureKeys []string
}

func namesOf(c *catalog) *names {
	if c.names != nil {
		return c.names
	}
	n := &names{byKey: map[string]*factPermission{}, byName: map[string]*factPermission{}, migrated: map[string]*factRetired{}, lapsed: map[string]bool{}, features: map[string]bool{}}
	for i := range c.Permissions {
		p := &c.Permissions[i]
		n.byKey[p.Key] = p
		n.byName[p.Name] = p
		n.keys = append(n.keys, p.Key)
		n.keysAndNames = append(n.keysAndNames, p.Key)
		if p.Name != p.Key {
			n.keysAndNames = append(n.keysAndNames, p.Name)
		}
	}
	for i := range c.Migrated {
		r := &c.Migrated[i]
		n.migrated[r.Key] = r
		n.retired = append(n.retired, r.Key)
	}
	for _, k := range c.Lapsed {
		n.lapsed[k] = true
	}
	for _, f := range c.FeatureBits {
		n.features[f.Key] = true
		n.featureKeys = append(n.featureKeys, f.Key)
	}
	c.names = n
	return n
}

// finding is what is wrong with a name: a problem, or a deprecated
// permission it names.
type finding struct {
	problem    string
	suggestion string // the nearest valid name, for a single-name argument
	deprecated []*factPermission
}

// checkName reports what is wrong with the constant s given as an argument
// that must hold kind.
func checkName(pass *analysis.Pass, r *reporter, cat *catalog, fn *types.Func, arg ast.Expr, lit *ast.BasicLit, s string, kind nameKind) {
	n := namesOf(cat)
	var first *finding
	for _, w := range kindWords {
		if kind&w.kind == 0 {
			continue
		}
		f := n.check(cat, w.kind, s)
		if f.problem == "" {
			for _, p := range f.deprecated {
				r.report(analysis.Diagnostic{Pos: arg.Pos(), End: arg.End(), Category: catDeprecated,
					Message: fmt.Sprintf("%q names %s, which is deprecated: %s", s, display(cat, p.GoName), p.Deprecated)})
			}
			return
		}
		if first == nil {
			first = &f
		}
	}
	if kind&(kind-1) != 0 && kind&^(kindPermission|kindRetired) == 0 {
		// A helper taking a name of either kind: suggest from both.
		first.suggestion = naming.Suggest(s, n.candidates(kind))
	}
	msg := fmt.Sprintf("%s takes %s: %s", funcName(fn, func(p *types.Package) string { return p.Name() }), kind, first.problem)
	d := analysis.Diagnostic{Pos: arg.Pos(), End: arg.End(), Category: catNames, Message: msg}
	if first.suggestion != "" {
		d.Message += fmt.Sprintf("; did you mean %q?", first.suggestion)
		if lit != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("use %q", first.suggestion),
				TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(strconv.Quote(first.suggestion))}},
			}}
		}
	}
	r.report(d)
}

func (n *names) candidates(kind nameKind) []string {
	var out []string
	if kind&kindPermission != 0 {
		out = append(out, n.keysAndNames...)
	} else if kind&(kindSetText|kindSetJSON) != 0 {
		out = append(out, n.keys...)
	}
	if kind&(kindRetired|kindSetText|kindSetJSON) != 0 {
		out = append(out, n.retired...)
	}
	if kind&kindFeatures != 0 {
		out = append(out, n.featureKeys...)
	}
	return out
}

// check checks s against one kind.
func (n *names) check(cat *catalog, kind nameKind, s string) finding {
	switch kind {
	case kindPermission:
		if p := n.permission(s); p != nil {
			return finding{deprecated: deprecated(p)}
		}
		if r := n.migrated[s]; r != nil {
			return finding{problem: fmt.Sprintf("%q is a retired key, which Parse rejects; it was replaced by %s (see Migrate)", s, n.replacements(cat, r))}
		}
		if n.lapsed[s] {
			return finding{problem: fmt.Sprintf("%q is a retired key that nothing replaced: no permission has it", s)}
		}
		return finding{problem: fmt.Sprintf("%q names no permission of %s", s, cat.pkg.Name()), suggestion: naming.Suggest(s, n.keysAndNames)}
	case kindRetired:
		if n.migrated[s] != nil {
			return finding{}
		}
		if p := n.permission(s); p != nil {
			return finding{problem: fmt.Sprintf("%q is the current permission %s, not a retired key, so Migrate returns false for it; use %s", s, display(cat, p.GoName), display(cat, p.GoName))}
		}
		if n.lapsed[s] {
			return finding{problem: fmt.Sprintf("%q was retired without a replacement, so Migrate returns false for it", s)}
		}
		return finding{problem: fmt.Sprintf("%q is no retired key of %s", s, cat.pkg.Name()), suggestion: naming.Suggest(s, n.retired)}
	case kindFeatures:
		for _, field := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' || r == ' ' }) {
			if !n.features[field] {
				return finding{problem: fmt.Sprintf("%q names no feature of %s%s", field, cat.pkg.Name(), didYouMean(field, n.featureKeys))}
			}
		}
		return finding{}
	case kindSetText:
		rest := strings.TrimSpace(s)
		if rest == "" {
			return finding{}
		}
		var items []string
		for item := range strings.SplitSeq(rest, ",") {
			items = append(items, strings.TrimSpace(item))
		}
		return n.setItems(cat, items)
	case kindSetJSON:
		var items []string
		if err := json.Unmarshal([]byte(s), &items); err != nil {
			return finding{problem: fmt.Sprintf("%q is not a JSON array of strings: %v", s, err)}
		}
		return n.setItems(cat, items)
	}
	return finding{}
}

// setItems checks the keys of an encoded Set: current and retired keys
// are accepted, display names are not.
func (n *names) setItems(cat *catalog, items []string) finding {
	var f finding
	for _, item := range items {
		switch {
		case item == "":
			return finding{problem: "an empty key is an error"}
		case n.byKey[item] != nil:
			f.deprecated = append(f.deprecated, deprecated(n.byKey[item])...)
		case n.migrated[item] != nil, n.lapsed[item]:
		case n.byName[item] != nil:
			return finding{problem: fmt.Sprintf("%q is a display name; an encoded Set holds keys: write %q", item, n.byName[item].Key)}
		default:
			return finding{problem: fmt.Sprintf("%q names no permission of %s%s", item, cat.pkg.Name(), didYouMean(item, append(n.keys[:len(n.keys):len(n.keys)], n.retired...)))}
		}
	}
	return f
}

func (n *names) permission(s string) *factPermission {
	if p := n.byKey[s]; p != nil {
		return p
	}
	return n.byName[s]
}

func (n *names) replacements(cat *catalog, r *factRetired) string {
	var parts []string
	for _, g := range r.By {
		parts = append(parts, display(cat, g))
	}
	return strings.Join(parts, " and ")
}

func deprecated(p *factPermission) []*factPermission {
	if p.Deprecated == "" {
		return nil
	}
	return []*factPermission{p}
}

// didYouMean is a suggestion for a name in a list, to end a message, or "".
func didYouMean(name string, candidates []string) string {
	if s := naming.Suggest(name, candidates); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}
