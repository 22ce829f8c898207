package docs_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/permcat/permcat/internal/docs"
	"github.com/permcat/permcat/internal/model"
)

var update = flag.Bool("update", false, "rewrite the want.md files of testdata/docs/*.txtar")

type goldenCase struct {
	name, file string
	ar         *txtar.Archive
	spec       []byte
}

func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	files, err := filepath.Glob("../../testdata/docs/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	var cases []goldenCase
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		c := goldenCase{name: strings.TrimSuffix(filepath.Base(file), ".txtar"), file: file, ar: ar}
		for _, f := range ar.Files {
			if f.Name == "spec.yaml" {
				c.spec = f.Data
			}
		}
		if c.spec == nil {
			t.Fatalf("%s: no spec.yaml", file)
		}
		cases = append(cases, c)
	}
	return cases
}

func load(t *testing.T, path string, data []byte) *model.Catalog {
	t.Helper()
	c, err := model.Load(path, data)
	if err != nil {
		t.Fatalf("%s does not load:\n%v", path, err)
	}
	return c
}

// TestGolden compares the reference of each testdata/docs case with its
// want.md; -update rewrites them.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			got := docs.Markdown(load(t, "spec.yaml", c.spec), "spec.yaml")
			checkWellFormed(t, got)
			i := slices.IndexFunc(c.ar.Files, func(f txtar.File) bool { return f.Name == "want.md" })
			if *update {
				if i < 0 {
					c.ar.Files = append(c.ar.Files, txtar.File{Name: "want.md"})
					i = len(c.ar.Files) - 1
				}
				c.ar.Files[i].Data = got
				if err := os.WriteFile(c.file, txtar.Format(c.ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if i < 0 {
				t.Fatalf("%s has no want.md; run go test -update", c.file)
			}
			if want := c.ar.Files[i].Data; !bytes.Equal(got, want) {
				t.Errorf("%s: output differs from want.md (go test ./internal/docs -update rewrites it)\n--- got ---\n%s", c.file, got)
			}
		})
	}
}

// realSpecs are the catalogs that ship with permcat.
var realSpecs = []string{"../../spec/pbn.yaml", "../../spec/opendental.yaml"}

// TestWellFormed runs the structural checks on the shipped catalogs too.
func TestWellFormed(t *testing.T) {
	for _, path := range realSpecs {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			c := load(t, path, data)
			md := docs.Markdown(c, "spec.yaml")
			checkWellFormed(t, md)
			checkComplete(t, c, md)
		})
	}
}

// TestDeterministic loads and renders each catalog twice: the bytes must
// be equal.
func TestDeterministic(t *testing.T) {
	specs := map[string][]byte{}
	for _, c := range goldenCases(t) {
		specs[c.name] = c.spec
	}
	for _, path := range realSpecs {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		specs[filepath.Base(path)] = data
	}
	for name, data := range specs {
		a := docs.Markdown(load(t, name, data), "x/spec.yaml")
		b := docs.Markdown(load(t, name, data), "x/spec.yaml")
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renderings differ", name)
		}
	}
}

// TestHostileTextKept checks that escaping loses nothing a reader needs:
// the hostile case's text is all there, as text.
func TestHostileTextKept(t *testing.T) {
	var spec []byte
	for _, c := range goldenCases(t) {
		if c.name == "hostile" {
			spec = c.spec
		}
	}
	c := load(t, "spec.yaml", spec)
	md := string(docs.Markdown(c, "spec.yaml"))
	for _, want := range []string{
		`Name \| pipe "quote" \` + "`tick\\`" + ` &lt;script&gt;x&lt;/script&gt; \[a\](b) \*em\* \_u\_ \~\~s\~\~ &amp; \\ back`,
		"Line one \\| cell?<br>\\| --- \\| --- \\|<br>\\`\\`\\`mermaid<br>",
		"&lt;!-- comment --&gt; &lt;img src=x onerror=alert(1)&gt;<br>--&gt;",
		"a\\|b<br>c&lt;d&gt;",
		"\\# not a heading<br>• not a list<br>&gt; not a quote",
		"1\\. not an ordered list<br><br>---",
		"NUL" + "byte, bidi override, #quot; and #60; literal; style:x#35;",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q", want)
		}
	}
	// Mermaid labels decode back to the text, on one line.
	labels := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^ +(p\d+)\["([^"]*)"\]$`).FindAllStringSubmatch(md, -1) {
		labels[m[1]] = decodeMermaid(m[2])
	}
	for _, p := range c.Permissions {
		want := strings.Join(strings.Fields(strings.NewReplacer("\x00", "", "\u202e", "", "\u202c", "").Replace(p.Name)), " ")
		if got, ok := labels["p"+strconv.Itoa(p.ID)]; !ok || got != want {
			t.Errorf("label of %s = %q, want %q", p.Key, got, want)
		}
	}
}

func decodeMermaid(s string) string {
	return regexp.MustCompile(`#(quot|\d+);`).ReplaceAllStringFunc(s, func(e string) string {
		name := e[1 : len(e)-1]
		if name == "quot" {
			return `"`
		}
		n, _ := strconv.Atoi(name)
		return string(rune(n))
	})
}

func TestSourceLine(t *testing.T) {
	for _, p := range []string{
		"../../spec/pbn.yaml", "perms.yaml", "a-b/c-d.yaml",
		"evil --> <script>.yaml", "100%.yaml", "%2D.yaml", "a--b---c-.yaml", "line\nbreak.yaml", "-",
	} {
		line := docs.SourceLine(p)
		if strings.Count(line, "-->") != 1 || !strings.HasSuffix(line, " -->") || strings.Count(line, "--") != 2 || strings.Contains(line, "\n") {
			t.Errorf("SourceLine(%q) = %q: the path can end the comment", p, line)
		}
		if strings.Contains(strings.TrimPrefix(strings.TrimSuffix(line, " -->"), "<!--"), "<") {
			t.Errorf("SourceLine(%q) = %q holds a <", p, line)
		}
		got, ok := docs.ParseSourceLine(line)
		if !ok || got != p {
			t.Errorf("ParseSourceLine(%q) = %q, %v; want %q", line, got, ok, p)
		}
	}
	if got := docs.SourceLine("../../spec/pbn.yaml"); got != "<!-- source: ../../spec/pbn.yaml -->" {
		t.Errorf("an ordinary path is escaped: %q", got)
	}
	for _, bad := range []string{"// source: x", "<!-- source: x", "<!-- source: %zz -->"} {
		if _, ok := docs.ParseSourceLine(bad); ok {
			t.Errorf("ParseSourceLine(%q) accepted", bad)
		}
	}
}

var (
	mermaidLabel = `"(?:[^"\x00-\x1f#;<>&` + "`" + `|%:\[\]{}\\]|#(?:quot|\d+);)*"`
	mermaidLine  = regexp.MustCompile(`^(flowchart LR|  p\d+\[` + mermaidLabel + `\]|    p\d+\[` + mermaidLabel + `\]|  subgraph g\d+\[` + mermaidLabel + `\]|  end|  p\d+ --> p\d+)$`)
	// allowedTag matches the HTML the generator itself writes.
	allowedTag = regexp.MustCompile(`<a id="(?:perm\.\d+|(?:group|flag|feature|role|sec)\.[A-Za-z0-9_.:/-]+)"></a>|<br>|<sup>\d+</sup>`)
	linkTarget = regexp.MustCompile(`\]\(#([^)]+)\)`)
	anchorID   = regexp.MustCompile(`<a id="([^"]+)"></a>`)
	delimiter  = regexp.MustCompile(`^\|( -+:? \|)+$`)
)

// checkWellFormed checks the structure of a reference, whatever text the
// spec holds: the header lines; HTML and HTML comments only where the
// generator writes them; every table row with as many cells as its header;
// fenced blocks only for Mermaid, with every line one the generator writes;
// every link pointing at an anchor of the document, and no anchor twice.
func checkWellFormed(t *testing.T, md []byte) {
	t.Helper()
	s := string(md)
	if !strings.HasSuffix(s, "\n") || strings.HasSuffix(s, "\n\n") {
		t.Errorf("the file does not end in exactly one newline")
	}
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if len(lines) < 3 || lines[0] != docs.Header {
		t.Fatalf("first line is not the header: %q", lines[0])
	}
	if _, ok := docs.ParseSourceLine(lines[1]); !ok {
		t.Errorf("second line is not a source line: %q", lines[1])
	}
	inFence := false
	var table []string // the rows of the table being read
	endTable := func(at int) {
		if len(table) == 0 {
			return
		}
		defer func() { table = nil }()
		want := cells(table[0])
		if len(table) < 2 || !delimiter.MatchString(table[1]) {
			t.Errorf("line %d: table without a delimiter row: %q", at, table)
			return
		}
		for _, row := range table[1:] {
			if got := cells(row); got != want {
				t.Errorf("line %d: row has %d cells, header %d: %q", at, got, want, row)
			}
		}
	}
	for i, line := range lines[2:] {
		n := i + 3
		if strings.TrimRight(line, " ") != line {
			t.Errorf("line %d: trailing space", n)
		}
		switch {
		case inFence && line == "```":
			inFence = false
			continue
		case inFence:
			if !mermaidLine.MatchString(line) {
				t.Errorf("line %d: not a Mermaid line the generator writes: %q", n, line)
			}
			continue
		case line == "```mermaid":
			endTable(n)
			inFence = true
			continue
		}
		if strings.HasPrefix(strings.TrimLeft(line, " "), "```") || strings.HasPrefix(strings.TrimLeft(line, " "), "~~~") {
			t.Errorf("line %d: a code fence the generator did not write: %q", n, line)
		}
		if strings.HasPrefix(line, "|") {
			table = append(table, line)
		} else {
			endTable(n)
		}
		if strings.Contains(line, "<!--") || strings.Contains(line, "-->") {
			t.Errorf("line %d: an HTML comment marker in the body: %q", n, line)
		}
		if rest := allowedTag.ReplaceAllString(line, ""); strings.ContainsAny(rest, "<>") {
			t.Errorf("line %d: HTML the generator did not write: %q", n, rest)
		}
		if strings.HasPrefix(line, "#") && !regexp.MustCompile(`^#{1,6} `).MatchString(line) {
			t.Errorf("line %d: malformed heading %q", n, line)
		}
	}
	endTable(len(lines))
	if inFence {
		t.Errorf("a code fence is never closed")
	}
	ids := map[string]int{}
	for _, m := range anchorID.FindAllStringSubmatch(s, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("anchor %q appears %d times", id, n)
		}
	}
	for _, m := range linkTarget.FindAllStringSubmatch(s, -1) {
		if ids[m[1]] == 0 {
			t.Errorf("link to #%s, which no anchor defines", m[1])
		}
	}
}

// cells counts the cells of a table row: the pipes that are not escaped,
// less one.
func cells(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}

// checkComplete checks that a reference shows the whole catalog: a row
// per permission in its group's section, every requirement in the
// Requires cell and in a diagram of the group it leaves and of the group
// it reaches, and every legacy key.
func checkComplete(t *testing.T, c *model.Catalog, md []byte) {
	t.Helper()
	s := string(md)
	// The section of each group: from its heading to the next heading.
	section := func(g *model.Group) string {
		start := strings.Index(s, `<a id="group.`+g.Key+`"></a>`)
		if start < 0 {
			t.Fatalf("no section for group %s", g.Key)
		}
		end := strings.Index(s[start:], "\n#")
		if end < 0 {
			return s[start:]
		}
		return s[start : start+end]
	}
	rows := 0
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, `| <a id="perm.`) {
			rows++
		}
	}
	if rows != len(c.Permissions) {
		t.Errorf("%d permission rows, want %d", rows, len(c.Permissions))
	}
	for _, p := range c.Permissions {
		if p.Group == nil {
			continue
		}
		sec := section(p.Group)
		if !strings.Contains(sec, `| <a id="perm.`+strconv.Itoa(p.ID)+`"></a>`) {
			t.Errorf("%s has no row in the section of %s", p.Key, p.Group.Key)
		}
		for _, e := range p.Requires {
			if !strings.Contains(sec, "](#perm."+strconv.Itoa(e.To.ID)+")") {
				t.Errorf("%s: requirement %s not shown", p.Key, e.To.Key)
			}
			edge := "  p" + strconv.Itoa(p.ID) + " --> p" + strconv.Itoa(e.To.ID) + "\n"
			if !strings.Contains(sec, edge) {
				t.Errorf("%s → %s is not in the diagram of %s", p.Key, e.To.Key, p.Group.Key)
			}
			if e.To.Group != nil && !strings.Contains(section(e.To.Group), edge) {
				t.Errorf("%s → %s is not in the diagram of %s", p.Key, e.To.Key, e.To.Group.Key)
			}
			if e.Reason != "" && !strings.Contains(sec, "<sup>") {
				t.Errorf("%s → %s: reason not noted", p.Key, e.To.Key)
			}
		}
	}
	for _, l := range c.Legacy {
		if !strings.Contains(s, "| `"+l.Key+"` | ") {
			t.Errorf("legacy key %s not listed", l.Key)
		}
	}
}
