package gen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"sync"
)

// typeCheck type-checks the rendered file as package pkg, so that
// Generate never returns Go that does not compile.
//
// It checks the syntax tree that gofmt printed the code from, and the
// tables parsed on their own as a second file of the package: the file
// holds exactly that code and those tables, each table in place of a
// placeholder declaration, so this is the check of the file without
// parsing its code twice. The tables use no import, so a file of their
// own sees every name they do in the one file; a table that would not
// parse in place (it ends inside a comment or a literal, say) does not
// parse on its own either.
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
func (r *rendered) typeCheck(pkg string) error {
	files, err := r.parse(pkg)
	if err != nil {
		return err
	}
	return checkFiles(pkg, r.fset, files)
}

// parse returns the files typeCheck checks: the code's syntax tree, and
// the tables parsed.
func (r *rendered) parse(pkg string) ([]*ast.File, error) {
	files := []*ast.File{r.ast}
	if len(r.spans) > 0 {
		tables, err := parser.ParseFile(r.fset, pkg+"_tables.go", r.tables(), parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, tables)
	}
	return files, nil
}

// checkFiles type-checks files as package pkg and returns the first error.
func checkFiles(pkg string, fset *token.FileSet, files []*ast.File) error {
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
	conf.Check(pkg, fset, files, nil)
	return first
}

// gofmt formats src, a whole Go file, exactly as go/format.Source does
// (parse with comments, sort the imports, print with gofmt's settings),
// and returns the syntax tree it printed as well.
func gofmt(src []byte) ([]byte, *token.FileSet, *ast.File, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, nil, err
	}
	ast.SortImports(fset, file)
	var buf bytes.Buffer
	if err := gofmtConfig.Fprint(&buf, fset, file); err != nil {
		return nil, nil, nil, err
	}
	return buf.Bytes(), fset, file, nil
}

// gofmtConfig is go/format's printer configuration. printerNormalizeNumbers
// is the mode go/format passes to go/printer, unexported there, to write
// number literal prefixes in lower case as gofmt does;
// TestGofmtMatchesFormatSource checks the two agree.
var gofmtConfig = printer.Config{Mode: printer.UseSpaces | printer.TabIndent | printerNormalizeNumbers, Tabwidth: 8}

const printerNormalizeNumbers = 1 << 30

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
