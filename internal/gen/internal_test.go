package gen

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"

	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/safetext"
	"github.com/permcat/permcat/internal/synth"
)

// TestCleanFastPath checks that the shortcuts of clean and oneLine agree
// with safetext on text they take and text they pass on.
func TestCleanFastPath(t *testing.T) {
	for _, s := range []string{"", "plain", "two  spaces", " lead", "trail ", "a\nb", "a\r\nb", "tab\tx", "caf\u00e9", "x\x7f", "nul\x00", "\u202eevil", "ok. Fine!"} {
		if got, want := clean(s), safetext.Clean(s); got != want {
			t.Errorf("clean(%q) = %q, want %q", s, got, want)
		}
		if got, want := oneLine(s), safetext.OneLine(s); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
		}
	}
}

// BenchmarkTypeCheck measures the type check of the output of a
// 20,000-permission catalog.
func BenchmarkTypeCheck(b *testing.B) {
	c, err := model.Load("synth.yaml", synth.Spec(synth.Options{Permissions: 20000, Seed: 1}))
	if err != nil {
		b.Fatal(err)
	}
	out, err := newGenerator(c, Options{}).render()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(out.code) + len(out.tables())))
	b.ReportAllocs()
	for b.Loop() {
		if err := out.typeCheck(c.Package); err != nil {
			b.Fatal(err)
		}
	}
}

// testCatalogs loads the shipped catalogs and two synthetic ones, one
// above switchLimit.
func testCatalogs(t *testing.T) []*model.Catalog {
	t.Helper()
	var cats []*model.Catalog
	for _, name := range []string{"../../spec/pbn.yaml", "../../spec/opendental.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		c, err := model.Load(name, data)
		if err != nil {
			t.Fatal(err)
		}
		cats = append(cats, c)
	}
	for _, n := range []int{300, switchLimit + 1} {
		c, err := model.Load("synth.yaml", synth.Spec(synth.Options{Permissions: n, Seed: 3}))
		if err != nil {
			t.Fatal(err)
		}
		cats = append(cats, c)
	}
	return cats
}

// TestGofmtMatchesFormatSource: the code render formats itself, keeping
// the syntax tree, is byte for byte what go/format.Source makes of it.
func TestGofmtMatchesFormatSource(t *testing.T) {
	for _, c := range testCatalogs(t) {
		g := newGenerator(c, Options{})
		f := jen.NewFile(c.Package)
		f.NoFormat = true
		g.genPermissionType(f)
		g.genSetType(f)
		g.genChecks(f)
		g.genFlags(f)
		g.genFeatures(f)
		g.genGroups(f)
		g.genRoles(f)
		if err := g.genSetCode(f); err != nil {
			t.Fatal(err)
		}
		var raw bytes.Buffer
		if err := f.Render(&raw); err != nil {
			t.Fatal(err)
		}
		got, _, _, err := gofmt(raw.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		want, err := format.Source(raw.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: gofmt differs from format.Source", c.Name)
		}
	}
	// Number literals and unsorted imports are what the printer mode and
	// the import sort change.
	src := []byte("package p\n\nimport (\n\t\"strings\"\n\t\"fmt\"\n)\n\nconst (\n\ta = 0XFF\n\tb = 0O17\n\tc = 1E3\n\td = 0B1\n)\n\nvar _, _ = fmt.Sprint, strings.Cut\n")
	got, _, _, err := gofmt(src)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := format.Source(src); !bytes.Equal(got, want) {
		t.Errorf("gofmt gives\n%s\nformat.Source\n%s", got, want)
	}
}

// TestSourceIsTheCodeWithTablesSpliced: source, which writes the file
// over the tables it copies, gives the code with each placeholder's line
// replaced by its table.
func TestSourceIsTheCodeWithTablesSpliced(t *testing.T) {
	for _, c := range testCatalogs(t) {
		out, err := newGenerator(c, Options{}).render()
		if err != nil {
			t.Fatal(err)
		}
		tables := slices.Clone(out.tables())
		var want []byte
		code := out.code
		for i, s := range out.spans {
			marker := []byte("\nvar " + splicePrefix + strconv.Itoa(i) + " int\n")
			at := bytes.Index(code, marker)
			if at < 0 {
				t.Fatalf("%s: placeholder %d not found", c.Name, i)
			}
			want = append(want, code[:at+1]...)
			want = append(want, tables[s[0]-out.tablesAt:s[1]-out.tablesAt]...)
			code = code[at+len(marker)-1:]
		}
		want = append(want, code...)
		if got := out.source(); !bytes.Equal(got, want) {
			t.Errorf("%s: source differs from the code with its tables spliced in", c.Name)
		}
	}
}

// TestSplitCheckAgreesWithWholeFile: for valid output, checking the code's
// tree and the tables apart passes, and so does parsing and checking the
// whole file; for a table that is broken in place (it does not parse, it
// names what is not declared, it declares a name the code declares, it
// ends inside a comment or uses an import), the split check fails as the
// whole file's would.
func TestSplitCheckAgreesWithWholeFile(t *testing.T) {
	whole := func(pkg string, src []byte) error {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, pkg+".go", src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		return checkFiles(pkg, fset, []*ast.File{f})
	}
	for _, c := range testCatalogs(t) {
		out, err := newGenerator(c, Options{}).render()
		if err != nil {
			t.Fatal(err)
		}
		if err := out.typeCheck(c.Package); err != nil {
			t.Errorf("%s: split check: %v", c.Name, err)
		}
		if err := whole(c.Package, out.source()); err != nil {
			t.Errorf("%s: whole file: %v", c.Name, err)
		}
	}
	c := testCatalogs(t)[1]
	for _, bad := range []string{
		"var broken = \"unterminated",
		"var undeclared = nosuchname",
		"const Set = 1",
		"/* never closed",
		"var needsImport = fmt.Sprint(1)",
		"func } {",
	} {
		out, err := newGenerator(c, Options{}).render()
		if err != nil {
			t.Fatal(err)
		}
		out.buf = append(out.buf, "\n"+bad+"\n"...)
		if err := out.typeCheck(c.Package); err == nil {
			t.Errorf("table %q: split check passed", bad)
		}
		out, err = newGenerator(c, Options{}).render()
		if err != nil {
			t.Fatal(err)
		}
		src := append(append(out.source(), '\n'), bad...)
		if err := whole(c.Package, src); err == nil {
			t.Errorf("table %q: whole-file check passed", bad)
		}
	}
}

// commentTexts exercise writeComment: short and long prose lines, lines
// of one long word, list items, indented lines, blank lines, runs of
// spaces and non-ASCII text, at the wrapping width and around it.
var commentTexts = []string{
	"", " ", "\n", "one line", "two\nlines", "para\n\npara", "  indented code", "- item that is long enough to be wrapped if it were prose, which it is not, no",
	"1. numbered item that is long enough to be wrapped if it were prose, which it is not",
	strings.Repeat("word ", 30), strings.Repeat("x", 100), strings.Repeat("x", 77), strings.Repeat("é", 80) + " tail",
	strings.Repeat("ab ", 26), "trailing spaces   \nnext", "tab\tand\u00a0nbsp and a long line of prose that goes on and on and on past the width",
	"bidi \u202e and zero\u200bwidth in a line of prose that is longer than the width of a comment line",
}

// TestWriteCommentMatchesReference checks writeComment against the
// line-by-line form it replaced.
func TestWriteCommentMatchesReference(t *testing.T) {
	for _, s := range commentTexts {
		checkComment(t, s)
	}
}

func FuzzWriteComment(f *testing.F) {
	for _, s := range commentTexts {
		f.Add(s)
	}
	f.Fuzz(checkComment)
}

func checkComment(t *testing.T, text string) {
	t.Helper()
	if got, want := commentString(text), referenceCommentString(text); got != want {
		t.Errorf("commentString(%q) =\n%s\nwant\n%s", text, got, want)
	}
	var b strings.Builder
	indentComment(&b, "\t\t", text)
	var want strings.Builder
	for line := range strings.SplitSeq(referenceCommentString(text), "\n") {
		want.WriteString("\t\t" + line + "\n")
	}
	if b.String() != want.String() {
		t.Errorf("indentComment(%q) =\n%s\nwant\n%s", text, b.String(), want.String())
	}
}

// referenceCommentString is commentString as first written: wrap each
// line into a list of lines, then prefix and join them.
func referenceCommentString(text string) string {
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(safetext.Clean(text)), "\n") {
		lines = append(lines, referenceWrap(line)...)
	}
	var b strings.Builder
	for i, line := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		line = strings.TrimRight(line, " ")
		if line == "" {
			b.WriteString("//")
			continue
		}
		b.WriteString("// ")
		b.WriteString(line)
	}
	return b.String()
}

func referenceWrap(line string) []string {
	trimmed := strings.TrimLeft(line, " ")
	if len(trimmed) < len(line) || isListItem(trimmed) || utf8.RuneCountInString(line) <= commentWidth {
		return []string{line}
	}
	var out []string
	var cur strings.Builder
	for _, word := range strings.Fields(line) {
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(word) > commentWidth {
			out = append(out, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	return append(out, cur.String())
}

// TestQuote checks quote against strconv.Quote on every ASCII character
// and on text of other kinds.
func TestQuote(t *testing.T) {
	texts := []string{"", "plain text", `say "hi"`, `back\slash`, "tab\t", "nl\n", "caf\u00e9", "\x7f", "\xff", "\u202e"}
	for c := range 128 {
		texts = append(texts, "a"+string(rune(c))+"b")
	}
	for _, s := range texts {
		if got, want := quote(s), strconv.Quote(s); got != want {
			t.Errorf("quote(%q) = %s, want %s", s, got, want)
		}
	}
}
