package permcatvet

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// program is the SSA form of the package under analysis. It is built here
// rather than by the buildssa analyzer so that packages which never touch
// a catalog (the standard library, most dependencies) are not converted:
// go vet runs a fact-producing analyzer over every dependency.
type program struct {
	pkg *ssa.Package
	// funcs lists the package's source functions and function literals,
	// in source order, package initialisation included.
	funcs []*ssa.Function
	// calls maps the position of a call's opening parenthesis to its SSA
	// form, and of a method value's selector to its bound closure.
	calls    map[token.Pos]*ssa.CallCommon
	closures map[token.Pos]*ssa.MakeClosure
	// callStart maps the position of a call's opening parenthesis, which
	// go/ssa records, to the start of the call, which messages show.
	callStart map[token.Pos]token.Pos
}

func buildSSA(pass *analysis.Pass) *program {
	prog := ssa.NewProgram(pass.Fset, 0)
	created := map[*types.Package]bool{}
	var create func(pkgs []*types.Package)
	create = func(pkgs []*types.Package) {
		for _, p := range pkgs {
			if !created[p] {
				created[p] = true
				prog.CreatePackage(p, nil, nil, true)
				create(p.Imports())
			}
		}
	}
	create(pass.Pkg.Imports())
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()

	p := &program{pkg: pkg, calls: map[token.Pos]*ssa.CallCommon{}, closures: map[token.Pos]*ssa.MakeClosure{}, callStart: map[token.Pos]token.Pos{}}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				p.callStart[call.Lparen] = call.Pos()
			}
			return true
		})
	}
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		p.funcs = append(p.funcs, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	if init := pkg.Func("init"); init != nil {
		add(init)
	}
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					if fn := prog.FuncValue(obj); fn != nil {
						add(fn)
					}
				}
			}
		}
	}
	for _, fn := range p.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case ssa.CallInstruction:
					p.calls[instr.Common().Pos()] = instr.Common()
				case *ssa.MakeClosure:
					p.closures[instr.Pos()] = instr
				}
			}
		}
	}
	return p
}

// staticCallee returns the function a call statically calls, as declared
// (the generic origin of an instance), or nil for dynamic calls and
// builtins.
func staticCallee(c *ssa.CallCommon) *types.Func {
	fn := c.StaticCallee()
	if fn == nil {
		return nil
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, _ := fn.Object().(*types.Func)
	return obj
}
