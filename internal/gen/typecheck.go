package gen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sync"
)

// typeCheck parses src and type-checks it as package pkg, so that
// Generate never returns Go that does not compile.
//
// The standard library packages the output imports are resolved from
// stand-ins (stdlibStubs): small declarations of exactly the names the
// output uses, with their real signatures, type-checked once per process.
// That needs neither a Go toolchain nor GOROOT at generate time, takes
// milliseconds, and gives the same answer on every machine; importing the
// real packages would mean running go list (slow, and impossible from a
// plain binary) or type-checking the standard library from source (about
// a second). TestStdlibStubsMatch checks every stub against the real
// package, so a stub cannot hide a mistake the compiler would catch; a
// name missing from the stubs fails the check, and the tests, loudly.
func typeCheck(pkg string, src []byte) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, pkg+".go", src, parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	imp, err := stubImporter()
	if err != nil {
		return err
	}
	var first error
	conf := types.Config{
		Importer: imp,
		Error: func(err error) {
			if first == nil {
				first = err
			}
		},
	}
	conf.Check(pkg, fset, []*ast.File{f}, nil)
	return first
}

var (
	stubOnce sync.Once
	stubPkgs map[string]*types.Package
	stubErr  error
)

// stubImporter returns an importer of the stand-in packages.
func stubImporter() (types.Importer, error) {
	stubOnce.Do(func() {
		stubPkgs = map[string]*types.Package{}
		fset := token.NewFileSet()
		var load func(path string) (*types.Package, error)
		imp := importerFunc(func(path string) (*types.Package, error) {
			if p, ok := stubPkgs[path]; ok {
				return p, nil
			}
			return load(path)
		})
		load = func(path string) (*types.Package, error) {
			src, ok := stdlibStubs[path]
			if !ok {
				return nil, fmt.Errorf("the generated code imports %q, which has no stand-in in gen/stubs.go", path)
			}
			f, err := parser.ParseFile(fset, path+".go", src, parser.SkipObjectResolution)
			if err != nil {
				return nil, fmt.Errorf("stand-in of %s: %w", path, err)
			}
			conf := types.Config{Importer: imp}
			p, err := conf.Check(path, fset, []*ast.File{f}, nil)
			if err != nil {
				return nil, fmt.Errorf("stand-in of %s: %w", path, err)
			}
			stubPkgs[path] = p
			return p, nil
		}
		for path := range stdlibStubs {
			if _, err := imp.Import(path); err != nil {
				stubErr = err
				return
			}
		}
	})
	if stubErr != nil {
		return nil, stubErr
	}
	return importerFunc(func(path string) (*types.Package, error) {
		if p, ok := stubPkgs[path]; ok {
			return p, nil
		}
		return nil, fmt.Errorf("the generated code imports %q, which has no stand-in in gen/stubs.go", path)
	}), nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
