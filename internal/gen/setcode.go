package gen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/dave/jennifer/jen"

	"github.com/permcat/permcat/internal/gen/internal/setcode"
)

// The Set's encodings, its SQL Scanner and Valuer and the column adapters
// do not depend on the catalog, so they are not built with jennifer chains
// but written as ordinary Go in internal/setcode, where they are compiled
// and unit-tested against a stand-in catalog. genSetCode copies them into
// the generated package through jennifer: each declaration becomes a
// statement whose text is the source as written, with the three things
// that differ per catalog replaced by jennifer code:
//
//   - a qualified identifier (fmt.Errorf) becomes jen.Qual, so that jennifer
//     writes the import block as for the rest of the file;
//   - the permission type, Permission in setcode, becomes the catalog's type;
//   - the "setcode: " prefix of error messages becomes the package name.
//
// Declarations marked //permcat:oneword are copied only for catalogs whose
// Set is one word.

// setcodeDecl is one top-level declaration of setcode, split into the
// pieces genSetCode renders.
type setcodeDecl struct {
	oneWord bool
	pieces  []setcodePiece
}

// setcodePiece is source text, or a token to replace.
type setcodePiece struct {
	text string
	kind pieceKind
	path string // the import path of a qualified identifier
}

type pieceKind uint8

const (
	pieceText      pieceKind = iota
	pieceQual                // text is the selected name; path is the package
	pieceType                // the permission type
	pieceErrorText           // text is a string literal without its "setcode: " prefix
)

// setcodeType is the name of the permission type in setcode.
const setcodeType = "Permission"

// setcodePrefix starts every error message in setcode.
const setcodePrefix = `"setcode: `

// directiveLine matches a //permcat: directive line of a doc comment and the
// blank comment line before it.
var directiveLine = regexp.MustCompile(`(?m)(^//\n)?^//permcat:\w+\n`)

var (
	setcodeOnce  sync.Once
	setcodeDecls []setcodeDecl
	setcodeErr   error
)

// loadSetcode parses the setcode files once per process.
func loadSetcode() ([]setcodeDecl, error) {
	setcodeOnce.Do(func() {
		for _, name := range setcode.FileNames {
			src, err := setcode.Files.ReadFile(name)
			if err != nil {
				setcodeErr = err
				return
			}
			decls, err := splitSetcode(name, src)
			if err != nil {
				setcodeErr = fmt.Errorf("internal error, please report it: %w", err)
				return
			}
			setcodeDecls = append(setcodeDecls, decls...)
		}
	})
	return setcodeDecls, setcodeErr
}

// splitSetcode splits the declarations of one setcode file into pieces.
func splitSetcode(name string, src []byte) ([]setcodeDecl, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	imports := map[string]string{} // package name -> import path
	for _, spec := range file.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		imports[path[strings.LastIndex(path, "/")+1:]] = path
	}
	tf := fset.File(file.Pos())
	offset := tf.Offset

	var decls []setcodeDecl
	for _, decl := range file.Decls {
		if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			continue
		}
		start := decl.Pos()
		var doc *ast.CommentGroup
		switch d := decl.(type) {
		case *ast.FuncDecl:
			doc = d.Doc
		case *ast.GenDecl:
			doc = d.Doc
		}
		if doc != nil {
			start = doc.Pos()
		}
		type edit struct {
			from, to int
			piece    setcodePiece
		}
		var edits []edit
		ast.Inspect(decl, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok {
					if path, ok := imports[x.Name]; ok {
						edits = append(edits, edit{offset(n.Pos()), offset(n.End()), setcodePiece{text: n.Sel.Name, kind: pieceQual, path: path}})
						return false
					}
				}
			case *ast.Ident:
				if n.Name == setcodeType {
					edits = append(edits, edit{offset(n.Pos()), offset(n.End()), setcodePiece{kind: pieceType}})
				}
			case *ast.BasicLit:
				if n.Kind == token.STRING && strings.HasPrefix(n.Value, setcodePrefix) {
					edits = append(edits, edit{offset(n.Pos()), offset(n.End()), setcodePiece{text: strings.TrimPrefix(n.Value, setcodePrefix), kind: pieceErrorText}})
				}
			}
			return true
		})
		slices.SortFunc(edits, func(a, b edit) int { return a.from - b.from })

		var d setcodeDecl
		if doc != nil {
			for _, c := range doc.List {
				switch {
				case c.Text == "//permcat:oneword":
					d.oneWord = true
				case strings.HasPrefix(c.Text, "//permcat:"):
					return nil, fmt.Errorf("%s: unknown directive %s", fset.Position(c.Pos()), c.Text)
				}
			}
		}
		at := offset(start)
		for _, e := range edits {
			d.pieces = append(d.pieces, setcodePiece{text: string(src[at:e.from])}, e.piece)
			at = e.to
		}
		d.pieces = append(d.pieces, setcodePiece{text: string(src[at:offset(decl.End())])})
		for i, p := range d.pieces {
			if p.kind == pieceText && strings.Contains(p.text, "//permcat:") {
				d.pieces[i].text = directiveLine.ReplaceAllString(p.text, "")
			}
		}
		decls = append(decls, d)
	}
	return decls, nil
}

// genSetCode emits the declarations of setcode for this catalog.
func (g *generator) genSetCode(f *jen.File) error {
	decls, err := loadSetcode()
	if err != nil {
		return err
	}
	f.Add(comment("catalogName is the catalog's name, recorded in the binary form of a Set so that a Set is never read by another catalog."))
	f.Const().Id("catalogName").Op("=").Lit(g.c.Name)
	f.Add(doc("maxInput bounds the input of the Set decoders. Every honest encoding of a Set, even one listing every key and every retired key with spacing and JSON escapes, is shorter; longer input is refused before any work."))
	f.Const().Id("maxInput").Op("=").Lit(g.maxInput())
	for _, d := range decls {
		if d.oneWord && g.words != 1 {
			continue
		}
		s := &jen.Statement{}
		for _, p := range d.pieces {
			switch p.kind {
			case pieceText:
				// Doc links name the catalog's type too.
				s.Op(strings.ReplaceAll(p.text, "["+setcodeType+"]", "["+g.typ+"]"))
			case pieceQual:
				s.Qual(p.path, p.text)
			case pieceType:
				s.Id(g.typ)
			case pieceErrorText:
				s.Op(`"` + g.errName + ": " + p.text)
			}
		}
		f.Add(s)
	}
	return nil
}

// maxInput bounds the input of the Set decoders: generous for any honest
// encoding (every key and retired key, with room for spacing and JSON
// escapes), small enough that a hostile input is refused before any work.
func (g *generator) maxInput() int {
	n := 0
	for _, p := range g.c.Permissions {
		n += len(p.Key) + 4
	}
	for _, l := range g.c.Legacy {
		n += len(l.Key) + 4
	}
	return 8*n + 4096
}
