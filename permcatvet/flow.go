package permcatvet

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// class says what a Set value can hold, as far as a Has on it is
// concerned. Classes are ordered: joining two origins keeps the higher.
type class uint8

const (
	// empty: only the zero Set reaches the value, or nothing does yet.
	empty class = iota
	// safe: the value is effective (a result of Effective, or a subset of
	// one), or describes the catalog rather than a user (Universe,
	// Missing, Permission.Requires, Role.Permissions, ...). Has on it
	// answers the question it seems to.
	safe
	// granted: the value may hold grants as stored, whose prerequisites
	// or features are missing.
	granted
)

// origin is a class with the reason for it: for granted, where the first
// grant that reaches the value comes from.
type origin struct {
	class class
	pos   token.Pos
	what  string // completes "s ...": "is decoded by (*perms.Set).Scan"
}

func join(a, b origin) origin {
	if b.class > a.class {
		return b
	}
	return a
}

func meet(a, b origin) origin {
	if b.class < a.class {
		return b
	}
	return a
}

var isSafe = origin{class: safe}

// resultRules says what each function and method of a generated package
// returns, for a Has on the result. Arguments are numbered from 0, the
// receiver first for methods. A catalog function or method missing here
// that returns a Set counts as a source of grants, so an addition to the
// generated API is conservative until it gets a line.
var resultRules = map[string]resultRule{
	"Effective":             {kind: ruleSafe},
	"Universe":              {kind: ruleSafe},
	"Missing":               {kind: ruleSafe},
	"Migrate":               {kind: ruleSafe},
	"Permission.Requires":   {kind: ruleSafe},
	"Permission.RequiredBy": {kind: ruleSafe},
	"Role.Permissions":      {kind: ruleSafe},
	"Group.Permissions":     {kind: ruleSafe},
	"Flag.Permissions":      {kind: ruleSafe},
	"Revoke":                {kind: ruleArg, args: []int{0}},
	"Set.Minus":             {kind: ruleArg, args: []int{0}},
	"Set.Without":           {kind: ruleArg, args: []int{0}},
	"Set.Intersect":         {kind: ruleMeet, args: []int{0, 1}},
	"Set.Union":             {kind: ruleJoin, args: []int{0, 1}},
	"Of":                    {kind: ruleGranted, what: "is built with %s"},
	"Grant":                 {kind: ruleGranted, what: "is returned by %s, which adds prerequisites but checks no feature"},
	"Set.With":              {kind: ruleGranted, what: "has permissions added by %s"},
}

type ruleKind uint8

const (
	ruleGranted ruleKind = iota // a source of grants
	ruleSafe                    // effective or descriptive
	ruleArg                     // a subset of an argument: its class
	ruleMeet                    // a subset of each argument: the lowest class
	ruleJoin                    // the union of the arguments: the highest class
)

type resultRule struct {
	kind ruleKind
	args []int
	what string // for ruleGranted, with %s for the function
}

// resultFact is exported on a function some of whose Set results are
// always safe, so that a Has on them in another package is not reported.
type resultFact struct {
	Safe []int // indices of the results
}

func (*resultFact) AFact() {}

func (f *resultFact) String() string { return fmt.Sprintf("safe results %v", f.Safe) }

// flow classifies Set values by where they can come from, across the
// functions of one package and through the facts of the others. Values
// are nodes of a graph whose classes only rise, so the fixed point is
// reached after each node changed at most twice.
type flow struct {
	pass  *analysis.Pass
	cats  *catalogs
	prog  *program
	nodes map[any]*node
	queue []*node

	// callers lists the static call sites of the functions whose every
	// caller is in this package; a function missing here may be called
	// from elsewhere.
	callers map[*ssa.Function][]*ssa.CallCommon
	// throughInterface holds the unexported methods that an interface
	// method call in the package may reach.
	throughInterface map[*ssa.Function]bool
	// bindings lists, for a function literal, the closures that bind its
	// free variables.
	bindings map[*ssa.Function][]*ssa.MakeClosure
	// fieldAddrs lists the addresses taken of the unexported Set fields
	// of this package's struct types.
	fieldAddrs map[*types.Var][]*ssa.FieldAddr
	// globalUses lists the instructions that use each of this package's
	// variables.
	globalUses map[*ssa.Global][]ssa.Instruction
}

type node struct {
	val    origin
	eval   func(n *node) origin
	users  []*node        // evaluated again when val rises, in order
	isUser map[*node]bool // the set of users
	queued bool
}

// Keys of nodes that are not SSA values.
type (
	resultKey struct {
		fn *ssa.Function
		i  int
	}
	contentsKey struct{ addr ssa.Value } // what an Alloc or Global holds
	fieldKey    struct{ field *types.Var }
)

func newFlow(pass *analysis.Pass, cats *catalogs, prog *program) *flow {
	f := &flow{
		pass: pass, cats: cats, prog: prog,
		nodes:            map[any]*node{},
		callers:          map[*ssa.Function][]*ssa.CallCommon{},
		throughInterface: map[*ssa.Function]bool{},
		bindings:         map[*ssa.Function][]*ssa.MakeClosure{},
		fieldAddrs:       map[*types.Var][]*ssa.FieldAddr{},
		globalUses:       map[*ssa.Global][]ssa.Instruction{},
	}
	f.index()
	return f
}

// index records call sites, closures, field addresses and global uses, and
// decides which functions have only callers in this package.
func (f *flow) index() {
	local := f.localFuncs()
	invoked := map[string]bool{}
	for _, fn := range f.prog.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(ssa.CallInstruction); ok && c.Common().IsInvoke() {
					invoked[c.Common().Method.Name()] = true
				}
				if f.inTest(fn, instr) {
					// Tests call helpers and set fields with hand-built
					// Sets on purpose; what production code passes and
					// stores decides.
					continue
				}
				switch instr := instr.(type) {
				case ssa.CallInstruction:
					c := instr.Common()
					if callee := c.StaticCallee(); callee != nil && local[callee] && !c.IsInvoke() {
						f.callers[callee] = append(f.callers[callee], c)
					}
				case *ssa.MakeClosure:
					f.bindings[instr.Fn.(*ssa.Function)] = append(f.bindings[instr.Fn.(*ssa.Function)], instr)
				case *ssa.FieldAddr:
					if v := fieldVar(instr.X.Type(), instr.Field); v != nil && !v.Exported() && v.Pkg() == f.pass.Pkg && f.cats.isSet(v.Type()) != nil {
						f.fieldAddrs[v] = append(f.fieldAddrs[v], instr)
					}
				}
				for _, op := range instr.Operands(nil) {
					if g, ok := (*op).(*ssa.Global); ok && g.Pkg == f.prog.pkg {
						f.globalUses[g] = append(f.globalUses[g], instr)
					}
				}
			}
		}
	}
	// A method reachable through an interface has callers the package
	// cannot see.
	for fn := range local {
		if fn.Signature.Recv() != nil && invoked[fn.Name()] {
			delete(f.callers, fn)
			delete(local, fn)
			f.throughInterface[fn] = true
		}
	}
	for fn := range local {
		if _, ok := f.callers[fn]; !ok {
			f.callers[fn] = nil // never called: its parameters hold nothing
		}
	}
}

// inTest reports whether instr, of fn, is code of a _test.go file.
func (f *flow) inTest(fn *ssa.Function, instr ssa.Instruction) bool {
	pos := fn.Pos()
	if !pos.IsValid() { // the package initialiser
		pos = instr.Pos()
	}
	return pos.IsValid() && isTestFile(f.pass, pos)
}

// localFuncs returns the functions of this package whose every caller is
// in it: unexported, not generic, and named only in calls (a function
// value or method value may be called from anywhere).
func (f *flow) localFuncs() map[*ssa.Function]bool {
	candidates := map[*types.Func]*ssa.Function{}
	for _, fn := range f.prog.funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || fn.Synthetic != "" || obj.Exported() || fn.TypeParams().Len() > 0 || obj.Name() == "main" || obj.Name() == "init" {
			continue
		}
		if fn.Signature.Recv() != nil && isGenericRecv(fn) {
			continue
		}
		candidates[obj] = fn
	}
	called := map[*ast.Ident]bool{}
	for _, file := range f.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				switch fun := ast.Unparen(call.Fun).(type) {
				case *ast.Ident:
					called[fun] = true
				case *ast.SelectorExpr:
					called[fun.Sel] = true
				}
			}
			return true
		})
	}
	for id, obj := range f.pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok && !called[id] {
			delete(candidates, fn)
		}
	}
	local := map[*ssa.Function]bool{}
	for _, fn := range candidates {
		local[fn] = true
	}
	return local
}

// fieldVar returns field i of the struct t points to, as declared: the
// field of a generic type, not of one of its instances.
func fieldVar(t types.Type, i int) *types.Var {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	s, ok := p.Elem().Underlying().(*types.Struct)
	if !ok || i >= s.NumFields() {
		return nil
	}
	return s.Field(i).Origin()
}

// isGenericRecv reports whether fn is a method of a generic type.
func isGenericRecv(fn *ssa.Function) bool {
	n, ok := derefNamed(fn.Signature.Recv().Type())
	return ok && n.TypeParams().Len() > 0
}

func derefNamed(t types.Type) (*types.Named, bool) {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return n, ok
}

// get returns the node for key, creating and queuing it.
func (f *flow) get(key any, eval func(n *node) origin) *node {
	if n, ok := f.nodes[key]; ok {
		return n
	}
	n := &node{eval: eval, queued: true}
	f.nodes[key] = n
	f.queue = append(f.queue, n)
	return n
}

// in returns the current class of key for the node user, which is
// evaluated again whenever it rises.
func (f *flow) in(user *node, key any, eval func(n *node) origin) origin {
	n := f.get(key, eval)
	if user != nil && !n.isUser[user] {
		if n.isUser == nil {
			n.isUser = map[*node]bool{}
		}
		n.isUser[user] = true
		n.users = append(n.users, user)
	}
	return n.val
}

// value is in for an SSA value.
func (f *flow) value(user *node, v ssa.Value) origin {
	return f.in(user, v, func(n *node) origin { return f.evalValue(n, v) })
}

// solve evaluates queued nodes until none changes.
func (f *flow) solve() {
	for len(f.queue) > 0 {
		n := f.queue[0]
		f.queue = f.queue[1:]
		n.queued = false
		v := n.eval(n)
		if v.class <= n.val.class {
			continue
		}
		n.val = v
		for _, u := range n.users {
			if !u.queued {
				u.queued = true
				f.queue = append(f.queue, u)
			}
		}
	}
}

func (f *flow) grant(pos token.Pos, format string, args ...any) origin {
	if start, ok := f.prog.callStart[pos]; ok {
		pos = start
	}
	return origin{class: granted, pos: pos, what: fmt.Sprintf(format, args...)}
}

func (f *flow) evalValue(n *node, v ssa.Value) origin {
	switch v := v.(type) {
	case *ssa.Const:
		return origin{}
	case *ssa.Phi:
		o := origin{}
		for _, e := range v.Edges {
			o = join(o, f.value(n, e))
		}
		return o
	case *ssa.Parameter:
		return f.evalParam(n, v)
	case *ssa.FreeVar:
		o := origin{}
		i := indexOf(v.Parent().FreeVars, v)
		for _, mc := range f.bindings[v.Parent()] {
			o = join(o, f.value(n, mc.Bindings[i]))
		}
		return o
	case *ssa.Call:
		return f.callResult(n, v.Common(), 0)
	case *ssa.Extract:
		if c, ok := v.Tuple.(*ssa.Call); ok {
			return f.callResult(n, c.Common(), v.Index)
		}
		return f.grant(v.Tuple.Pos(), "comes out of a map, channel or type assertion")
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return f.contents(n, v.X, v.Pos())
		}
		return f.grant(v.Pos(), "is received from a channel")
	case *ssa.Field:
		field := fieldVar(types.NewPointer(v.X.Type()), v.Field)
		return f.field(n, field, v.X.Type(), v.Pos())
	case *ssa.ChangeType, *ssa.Convert:
		x := v.(ssa.Instruction).Operands(nil)[0]
		return f.grant(v.Pos(), "is converted from %s", types.TypeString((*x).Type(), f.qual))
	case *ssa.Index:
		return f.grant(v.Pos(), "is an element of an array")
	case *ssa.Lookup:
		return f.grant(v.Pos(), "is an element of a map")
	case *ssa.TypeAssert:
		return f.grant(v.Pos(), "comes out of an interface")
	}
	return f.grant(v.Pos(), "comes from an expression permcatvet does not follow")
}

func (f *flow) evalParam(n *node, p *ssa.Parameter) origin {
	fn := p.Parent()
	sites, known := f.callers[fn]
	if !known {
		switch {
		case fn.Parent() != nil:
			return f.grant(p.Pos(), "is the parameter %s of a function literal, whose callers are not known", p.Name())
		case fn.TypeParams().Len() > 0 || fn.Signature.Recv() != nil && isGenericRecv(fn):
			return f.grant(p.Pos(), "is the parameter %s of the generic %s, whose instances are not followed", p.Name(), fn.Name())
		case fn.Object() != nil && fn.Object().Exported():
			return f.grant(p.Pos(), "is the parameter %s of %s, which other packages may call with stored grants", p.Name(), fn.Name())
		case f.throughInterface[fn]:
			return f.grant(p.Pos(), "is the parameter %s of %s, which an interface method call may reach", p.Name(), fn.Name())
		default:
			return f.grant(p.Pos(), "is the parameter %s of %s, which is used as a value, so its callers are not known", p.Name(), fn.Name())
		}
	}
	i := indexOf(fn.Params, p)
	o := origin{}
	for _, c := range sites {
		o = join(o, f.value(n, c.Args[i]))
	}
	return o
}

func indexOf[T comparable](list []T, x T) int {
	for i, y := range list {
		if y == x {
			return i
		}
	}
	return -1
}

// callResult classifies result i of a call.
func (f *flow) callResult(n *node, c *ssa.CallCommon, i int) origin {
	pos := c.Pos()
	if c.IsInvoke() {
		return f.grant(pos, "is returned by the interface method %s", c.Method.Name())
	}
	callee := c.StaticCallee()
	obj := staticCallee(c)
	if callee == nil || obj == nil {
		return f.grant(pos, "is returned by a function value")
	}
	if cat, name := f.cats.member(obj); cat != nil {
		rule, ok := resultRules[name]
		if !ok {
			return f.grant(pos, "is returned by %s", display(cat, name))
		}
		switch rule.kind {
		case ruleSafe:
			return isSafe
		case ruleArg:
			return f.value(n, c.Args[rule.args[0]])
		case ruleMeet:
			return meet(f.value(n, c.Args[rule.args[0]]), f.value(n, c.Args[rule.args[1]]))
		case ruleJoin:
			return join(f.value(n, c.Args[rule.args[0]]), f.value(n, c.Args[rule.args[1]]))
		default:
			return f.grant(pos, rule.what, display(cat, name))
		}
	}
	if callee.Pkg == f.prog.pkg && callee.Synthetic == "" && len(callee.Blocks) > 0 {
		return f.in(n, resultKey{callee, i}, func(m *node) origin { return f.evalResult(m, callee, i) })
	}
	var fact resultFact
	if f.pass.ImportObjectFact(obj, &fact) && indexOf(fact.Safe, i) >= 0 {
		return isSafe
	}
	return f.grant(pos, "is returned by %s", funcName(obj, f.qual))
}

// evalResult joins what fn's return statements give as result i.
func (f *flow) evalResult(n *node, fn *ssa.Function, i int) origin {
	o := origin{}
	for _, b := range fn.Blocks {
		if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && i < len(r.Results) {
			o = join(o, f.value(n, r.Results[i]))
		}
	}
	return o
}

// contents classifies what is loaded from addr.
func (f *flow) contents(n *node, addr ssa.Value, pos token.Pos) origin {
	switch a := addr.(type) {
	case *ssa.Alloc:
		return f.in(n, contentsKey{a}, func(m *node) origin { return f.evalStored(m, a, aliasesOf(f, a)) })
	case *ssa.Global:
		if a.Pkg != f.prog.pkg || a.Object() == nil || a.Object().Exported() {
			return f.grant(pos, "is read from the package variable %s, which other packages may set", a.Name())
		}
		return f.in(n, contentsKey{a}, func(m *node) origin { return f.evalGlobal(m, a) })
	case *ssa.FieldAddr:
		return f.field(n, fieldVar(a.X.Type(), a.Field), a.X.Type(), pos)
	case *ssa.FreeVar:
		o := origin{}
		i := indexOf(a.Parent().FreeVars, a)
		for _, mc := range f.bindings[a.Parent()] {
			o = join(o, f.contents(n, mc.Bindings[i], pos))
		}
		return o
	case *ssa.Phi:
		o := origin{}
		for _, e := range a.Edges {
			o = join(o, f.contents(n, e, pos))
		}
		return o
	case *ssa.Parameter:
		return f.grant(pos, "is read through the pointer parameter %s", a.Name())
	case *ssa.IndexAddr:
		return f.grant(pos, "is an element of a slice or array")
	}
	return f.grant(pos, "is read through a pointer")
}

// field classifies what is read from a struct field. Only the unexported
// fields of this package's types are followed: nothing else can set them
// (reflection cannot, and encoding/json and database/sql ignore them).
func (f *flow) field(n *node, v *types.Var, structType types.Type, pos token.Pos) origin {
	if v == nil || v.Exported() || v.Pkg() != f.pass.Pkg {
		owner := types.TypeString(structType, f.qual)
		if p, ok := structType.(*types.Pointer); ok {
			owner = types.TypeString(p.Elem(), f.qual)
		}
		name := "?"
		if v != nil {
			name = v.Name()
		}
		return f.grant(pos, "is read from the struct field %s.%s", owner, name)
	}
	return f.in(n, fieldKey{v}, func(m *node) origin {
		o := origin{}
		for _, fa := range f.fieldAddrs[v] {
			o = join(o, f.evalStored(m, fa, []ssa.Value{fa}))
		}
		return o
	})
}

func (f *flow) evalGlobal(n *node, g *ssa.Global) origin {
	o := origin{}
	for _, instr := range f.globalUses[g] {
		o = join(o, f.storedBy(n, g, instr))
	}
	return o
}

// aliasesOf returns addr and the free variables of the function literals
// that capture it, transitively: the names under which a variable can be
// stored to.
func aliasesOf(f *flow, addr ssa.Value) []ssa.Value {
	out := []ssa.Value{addr}
	for i := 0; i < len(out); i++ {
		refs := out[i].Referrers()
		if refs == nil {
			continue
		}
		for _, instr := range *refs {
			if mc, ok := instr.(*ssa.MakeClosure); ok {
				fn := mc.Fn.(*ssa.Function)
				for j, b := range mc.Bindings {
					if b == out[i] {
						out = append(out, fn.FreeVars[j])
					}
				}
			}
		}
	}
	return out
}

// evalStored joins what is stored through any of the aliases of an
// address. An address that escapes (passed to a call, stored elsewhere)
// may be filled by code that is not followed: that is a source of
// grants, named after the call.
func (f *flow) evalStored(n *node, addr ssa.Value, aliases []ssa.Value) origin {
	o := origin{}
	for _, a := range aliases {
		refs := a.Referrers()
		if refs == nil {
			continue
		}
		for _, instr := range *refs {
			o = join(o, f.storedBy(n, a, instr))
			if o.class == granted {
				return o
			}
		}
	}
	return o
}

// storedBy classifies what instr, a user of the address a, stores there.
func (f *flow) storedBy(n *node, a ssa.Value, instr ssa.Instruction) origin {
	switch instr := instr.(type) {
	case *ssa.Store:
		if instr.Addr == a {
			return f.value(n, instr.Val)
		}
		return f.grant(instr.Pos(), "has its address stored elsewhere")
	case *ssa.UnOp, *ssa.DebugRef, *ssa.MakeClosure:
		return origin{} // reads, and captures whose stores are followed
	case *ssa.IndexAddr:
		refs := instr.Referrers()
		if refs != nil {
			for _, r := range *refs {
				if st, ok := r.(*ssa.Store); ok && st.Addr == instr {
					if al, ok := a.(*ssa.Alloc); ok && al.Comment == "complit" {
						return f.grant(al.Pos(), "is a composite literal")
					}
					return f.grant(st.Pos(), "has its words written by hand")
				}
			}
		}
		return origin{}
	case ssa.CallInstruction:
		return f.filledBy(instr.Common())
	case *ssa.MakeInterface, *ssa.ChangeType, *ssa.Convert, *ssa.ChangeInterface:
		// &s converted to any on its way to json.Unmarshal or Row.Scan.
		if c := firstCall(instr.(ssa.Value)); c != nil {
			return f.filledBy(c)
		}
	}
	return f.grant(instr.Pos(), "has its address passed on")
}

// filledBy is the origin of a Set whose address is passed to a call.
func (f *flow) filledBy(c *ssa.CallCommon) origin {
	if obj := staticCallee(c); obj != nil {
		return f.grant(c.Pos(), "is filled by %s", funcName(obj, f.qual))
	}
	if c.IsInvoke() {
		return f.grant(c.Pos(), "is filled by the interface method %s", c.Method.Name())
	}
	return f.grant(c.Pos(), "is filled by a call of a function value")
}

// firstCall returns the first call that v, or a conversion of it, is
// passed to.
func firstCall(v ssa.Value) *ssa.CallCommon {
	refs := v.Referrers()
	if refs == nil {
		return nil
	}
	for _, instr := range *refs {
		switch instr := instr.(type) {
		case ssa.CallInstruction:
			return instr.Common()
		case *ssa.MakeInterface, *ssa.ChangeType, *ssa.Convert, *ssa.ChangeInterface:
			if c := firstCall(instr.(ssa.Value)); c != nil {
				return c
			}
		case *ssa.Store:
			// An element of the array behind a variadic call's slice:
			// row.Scan(&id, &s).
			ia, ok := instr.Addr.(*ssa.IndexAddr)
			if !ok || instr.Val != v {
				continue
			}
			if arr, ok := ia.X.(*ssa.Alloc); ok && arr.Referrers() != nil {
				for _, r := range *arr.Referrers() {
					if sl, ok := r.(*ssa.Slice); ok {
						if c := firstCall(sl); c != nil {
							return c
						}
					}
				}
			}
		}
	}
	return nil
}

// qual writes package names, not paths, in messages.
func (f *flow) qual(p *types.Package) string {
	if p == f.pass.Pkg {
		return ""
	}
	return p.Name()
}

// funcName names a function for a message: json.Unmarshal,
// (*perms.Set).Scan.
func funcName(fn *types.Func, qual types.Qualifier) string {
	sig := fn.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil {
		return "(" + types.TypeString(recv.Type(), qual) + ")." + fn.Name()
	}
	if q := qual(fn.Pkg()); q != "" {
		return q + "." + fn.Name()
	}
	return fn.Name()
}
