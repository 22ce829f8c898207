package permcatvet

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Directives state intent where a check would otherwise report:
//
//	//permcat:ticked <reason>  the Has calls it covers mean "is the box
//	                           ticked" on purpose (an admin screen)
//	//permcat:ignore <reason>  silences every permcatvet diagnostic it covers
//
// A directive covers the line it ends, or the next line when it stands on
// a line of its own; //permcat:ticked in a function's doc comment covers
// the whole function. The reason is required, and a directive that
// silences nothing is itself reported, so none outlives the code it was
// written for.
const directivePrefix = "//permcat:"

// Categories of diagnostics, one per check.
const (
	catTicked     = "ticked"
	catNames      = "names"
	catIDs        = "ids"
	catDeprecated = "deprecated"
	catDirective  = "directive"
)

type directive struct {
	kind   string // "ticked" or "ignore"
	pos    token.Pos
	file   *token.File
	line   int           // the line it covers, when fn is nil
	fn     *ast.FuncDecl // the function it covers, for a doc directive
	used   bool
	reason string
}

// reporter reports diagnostics unless a directive covers them, and at the
// end reports the directives that covered nothing.
type reporter struct {
	pass       *analysis.Pass
	directives []*directive
}

func newReporter(pass *analysis.Pass) *reporter {
	r := &reporter{pass: pass}
	for _, f := range pass.Files {
		r.parse(f)
	}
	return r
}

// parse collects the directives of f and reports malformed ones.
func (r *reporter) parse(f *ast.File) {
	docs := map[*ast.CommentGroup]*ast.FuncDecl{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc != nil {
			docs[fd.Doc] = fd
		}
	}
	var code map[int]token.Pos // lazily: the first code position of each line
	tf := r.pass.Fset.File(f.Pos())
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			text, ok := strings.CutPrefix(c.Text, directivePrefix)
			if !ok {
				continue
			}
			kind, reason, _ := strings.Cut(text, " ")
			reason = strings.TrimSpace(reason)
			switch {
			case kind != "ticked" && kind != "ignore":
				r.pass.Report(analysis.Diagnostic{Pos: c.Pos(), End: c.End(), Category: catDirective,
					Message: "unknown directive " + directivePrefix + kind + "; the directives are //permcat:ticked <reason> and //permcat:ignore <reason>"})
				continue
			case reason == "":
				r.pass.Report(analysis.Diagnostic{Pos: c.Pos(), End: c.End(), Category: catDirective,
					Message: directivePrefix + kind + " needs a reason: say why, after the directive"})
				continue
			}
			d := &directive{kind: kind, pos: c.Pos(), file: tf, reason: reason}
			if fd := docs[cg]; fd != nil {
				if kind != "ticked" {
					r.pass.Report(analysis.Diagnostic{Pos: c.Pos(), End: c.End(), Category: catDirective,
						Message: "//permcat:ignore covers one line, not a function; put it on the line it silences"})
					continue
				}
				d.fn = fd
			} else {
				if code == nil {
					code = firstCode(tf, f)
				}
				d.line = tf.Line(c.Pos())
				if first, ok := code[d.line]; !ok || first > c.Pos() {
					d.line++ // on a line of its own: it covers the next one
				}
			}
			r.directives = append(r.directives, d)
		}
	}
}

// firstCode returns, for each line of f that holds code, the position of
// its first token.
func firstCode(tf *token.File, f *ast.File) map[int]token.Pos {
	first := map[int]token.Pos{}
	note := func(pos token.Pos) {
		if !pos.IsValid() {
			return
		}
		line := tf.Line(pos)
		if p, ok := first[line]; !ok || pos < p {
			first[line] = pos
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case nil, *ast.Comment, *ast.CommentGroup:
			return false
		}
		note(n.Pos())
		if end := n.End(); end.IsValid() {
			note(end - 1)
		}
		return true
	})
	return first
}

// report reports d unless a directive covers it. A ticked directive covers
// only diagnostics of the ticked check.
func (r *reporter) report(d analysis.Diagnostic) {
	if r.covered(d) {
		return
	}
	r.pass.Report(d)
}

func (r *reporter) covered(d analysis.Diagnostic) bool {
	tf := r.pass.Fset.File(d.Pos)
	line := tf.Line(d.Pos)
	for _, dir := range r.directives {
		if dir.kind == "ticked" && d.Category != catTicked {
			continue
		}
		switch {
		case dir.fn != nil:
			if dir.fn.Pos() <= d.Pos && d.Pos < dir.fn.End() {
				dir.used = true
				return true
			}
		case dir.file == tf && dir.line == line:
			dir.used = true
			return true
		}
	}
	return false
}

// finish reports the directives that covered nothing.
func (r *reporter) finish() {
	for _, d := range r.directives {
		if !d.used {
			r.pass.Report(analysis.Diagnostic{Pos: d.pos, Category: catDirective,
				Message: directivePrefix + d.kind + " covers no permcatvet diagnostic; remove it"})
		}
	}
}
