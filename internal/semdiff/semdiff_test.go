package semdiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/permcat/permcat/internal/blowup"
	"github.com/permcat/permcat/internal/compat"
)

func load(t testing.TB, name, src string) *compat.Spec {
	t.Helper()
	s, err := compat.Load(name, []byte(src))
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return s
}

const header = "permcat: 1\ncatalog:\n  name: demo\n"

func Example() {
	old, _ := compat.Load("old.yaml", []byte(`permcat: 1
catalog: {name: clinic}
features: [{key: online}]
groups: [{key: desk}, {key: web, feature: online}]
permissions:
  - {key: view, id: 1, group: desk}
  - {key: book, id: 2, group: web, requires: [view]}
roles:
  - {key: clerk, permissions: [view]}
`))
	new, _ := compat.Load("new.yaml", []byte(`permcat: 1
catalog: {name: clinic}
features: [{key: online}]
groups: [{key: desk}, {key: web, feature: online}]
permissions:
  - {key: view, id: 1, group: desk}
  - {key: book, id: 2, group: web, requires: [view]}
roles:
  - {key: clerk, permissions: [view, book]}
`))
	d := Compare(old, new, Options{})
	d.WriteText(os.Stdout)
	// Output:
	// permcat diff old.yaml → new.yaml
	//
	// Roles (effective permissions after includes; "(with f)": only while feature f is on, counting the features of everything the permission requires):
	//   clerk:
	//     + book (with online)
	//
	// compat: 0 breaking changes, 1 new-access finding, 0 warnings:
	//   new.yaml:9:38: new-access[role-gained]: role clerk now grants book, which it lists; every user holding role clerk gains book
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // after header
		check    func(t *testing.T, d *Diff)
	}{
		{
			name: "identical",
			old:  "permissions:\n  - {key: a, id: 1}\n",
			new:  "permissions:\n  - {key: a, id: 1}\n",
			check: func(t *testing.T, d *Diff) {
				if !d.Empty() {
					t.Errorf("not empty: %+v", d)
				}
			},
		},
		{
			// A gate swapped for another is invisible with every feature
			// on and with every feature off; listing the needed features
			// shows it.
			name: "gate swapped",
			old:  "features: [{key: f}, {key: g}]\npermissions:\n  - {key: a, id: 1, feature: f}\nroles:\n  - {key: r, permissions: [a]}\n",
			new:  "features: [{key: f}, {key: g}]\npermissions:\n  - {key: a, id: 1, feature: g}\nroles:\n  - {key: r, permissions: [a]}\n",
			check: func(t *testing.T, d *Diff) {
				want := []RoleChange{{Key: "r", Change: ChangeChanged, Gained: []Access{}, Lost: []Access{},
					Regated: []Regate{{Permission: "a", OldFeatures: []string{"f"}, Features: []string{"g"}}}}}
				if !equalJSON(d.Roles, want) {
					t.Errorf("roles = %+v, want %+v", d.Roles, want)
				}
			},
		},
		{
			name: "prerequisite's gate counts",
			old:  "features: [{key: f}]\npermissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2, requires: [a]}\n",
			new:  "features: [{key: f}]\npermissions:\n  - {key: a, id: 1, feature: f}\n  - {key: b, id: 2, requires: [a]}\n",
			check: func(t *testing.T, d *Diff) {
				want := []GrantChange{
					{Permission: "a", RequiresAdded: []string{}, RequiresDropped: []string{}, FeaturesAdded: []string{"f"}, FeaturesDropped: []string{}},
					{Permission: "b", RequiresAdded: []string{}, RequiresDropped: []string{}, FeaturesAdded: []string{"f"}, FeaturesDropped: []string{}},
				}
				if !equalJSON(d.Grants, want) {
					t.Errorf("grants = %+v, want %+v", d.Grants, want)
				}
			},
		},
		{
			name: "rename keeps meaning of keys and bits",
			old:  "permissions:\n  - {key: a, id: 1}\n",
			new:  "permissions:\n  - {key: alpha, id: 1, replaces: [a]}\n",
			check: func(t *testing.T, d *Diff) {
				if len(d.StoredKeys) != 0 || len(d.StoredBits) != 0 {
					t.Errorf("stored keys %+v, bits %+v; want none", d.StoredKeys, d.StoredBits)
				}
				if want := []Renamed{{OldKey: "a", Key: "alpha", ID: 1}}; !slices.Equal(d.Permissions.Renamed, want) {
					t.Errorf("renamed = %+v", d.Permissions.Renamed)
				}
			},
		},
		{
			name: "reserved key and id change meaning",
			old:  "permissions:\n  - {key: a, id: 1}\nreserved: {ids: [5], keys: [x, y]}\n",
			new:  "permissions:\n  - {key: a, id: 1, replaces: [x]}\n  - {key: b, id: 5}\nreserved: {keys: [y]}\n",
			check: func(t *testing.T, d *Diff) {
				wantKeys := []KeyChange{{Key: "x", Before: Meaning{Kind: KindDropped, Permissions: []string{}}, After: Meaning{Kind: KindMigrates, Permissions: []string{"a"}}}}
				wantBits := []BitChange{{Bit: 5, Before: Meaning{Kind: KindDropped, Permissions: []string{}}, After: Meaning{Kind: KindPermission, Permissions: []string{"b"}}}}
				if !equalJSON(d.StoredKeys, wantKeys) || !equalJSON(d.StoredBits, wantBits) {
					t.Errorf("keys %+v, bits %+v", d.StoredKeys, d.StoredBits)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, Compare(load(t, "old.yaml", header+tt.old), load(t, "new.yaml", header+tt.new), Options{}))
		})
	}
}

func equalJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// TestNothing compares a spec with the empty version a new spec is
// compared with: everything is added, and compat finds nothing.
func TestNothing(t *testing.T) {
	data, err := os.ReadFile("../../spec/pbn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	spec := load(t, "spec/pbn.yaml", string(data))
	d := Compare(Nothing("HEAD:spec/pbn.yaml", spec), spec, Options{})
	if len(d.Permissions.Added) != len(spec.Catalog.Permissions) {
		t.Errorf("%d added, want %d", len(d.Permissions.Added), len(spec.Catalog.Permissions))
	}
	if len(d.Findings) != 0 {
		t.Errorf("compat finds %v", d.Findings)
	}
	if len(d.Roles) != len(spec.Catalog.Roles) {
		t.Errorf("%d roles, want %d", len(d.Roles), len(spec.Catalog.Roles))
	}
}

// TestShippedSpecsUnchanged compares each shipped spec with itself.
func TestShippedSpecsUnchanged(t *testing.T) {
	for _, name := range []string{"pbn.yaml", "opendental.yaml"} {
		data, err := os.ReadFile("../../spec/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if d := Compare(load(t, "a/"+name, string(data)), load(t, "b/"+name, string(data)), Options{}); !d.Empty() {
			t.Errorf("%s: not empty:\n%+v", name, d)
		}
	}
}

// hostile is spec text that would do something if it reached Markdown or
// a terminal unescaped.
var hostile = []string{
	"@org/team",
	"https://evil.example",
	"<img src=x onerror=alert(1)>",
	"[link](javascript:alert(1))",
	"**bold**",
	"| cell |",
	"`code` ``more``",
	"# heading",
	"\x1b[2J\x07",
	"\u202egnp.exe",
	"\u009b31m",
}

// TestMarkdownKeepsSpecTextInert renders a diff in which every hostile
// string is a deprecation reason and, where the loader lets it be one (it
// refuses control and format characters there), a permission's display
// name and a role's title, and checks that in the Markdown each occurs only
// inside a code span (where GFM gives nothing a meaning), that no control
// character is raw, and that each code span closes where it should. Keys
// cannot hold any of it: they are ASCII letters, digits and _ . : / -.
func TestMarkdownKeepsSpecTextInert(t *testing.T) {
	visible := func(h string) bool { return !strings.ContainsAny(h, "\x1b\x07\u009b\u202e") }
	var oldB, newB strings.Builder
	oldB.WriteString(header + "features:\n")
	newB.WriteString(header + "features:\n")
	for i := range hostile {
		line := "  - {key: f" + itoa(i) + "}\n"
		oldB.WriteString(line)
		newB.WriteString(line)
	}
	oldB.WriteString("permissions:\n")
	newB.WriteString("permissions:\n")
	var roleOld, roleNew []string
	for i, h := range hostile {
		id := itoa(i + 1)
		name, title := "", ""
		if visible(h) {
			name = ", name: " + yamlQuote(h+" n"+id)
			title = ", title: " + yamlQuote(h+" r"+id)
		}
		oldB.WriteString("  - {key: p" + id + ", id: " + id + "}\n")
		newB.WriteString("  - {key: p" + id + ", id: " + id + name +
			", deprecated: " + yamlQuote(h) + ", feature: f" + itoa(i) + "}\n")
		roleOld = append(roleOld, "  - {key: r"+id+title+", permissions: []}\n")
		roleNew = append(roleNew, "  - {key: r"+id+title+", permissions: [p"+id+"]}\n")
	}
	oldB.WriteString("roles:\n" + strings.Join(roleOld, ""))
	newB.WriteString("roles:\n" + strings.Join(roleNew, ""))
	d := Compare(load(t, "old.yaml", oldB.String()), load(t, "new.yaml", newB.String()), Options{})

	var md bytes.Buffer
	if err := d.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	for _, raw := range []string{"\x1b", "\x07", "\u009b", "\u202e"} {
		if strings.Contains(out, raw) {
			t.Errorf("markdown holds %q raw", raw)
		}
	}
	markers := []string{"@org", "evil.example", "<img", "javascript:", "**bold**", "# heading", "gnp.exe"}
	for _, h := range markers {
		if !strings.Contains(out, h) {
			t.Errorf("the markdown never shows %q: the test does not reach it", h)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		outside, ok := outsideCodeSpans(line)
		if !ok {
			t.Errorf("unclosed code span in %q", line)
			continue
		}
		for _, h := range markers {
			if strings.Contains(outside, h) {
				t.Errorf("%q outside a code span in %q", h, line)
			}
		}
	}
	// Rows of each table have as many cells as its header.
	var cells int
	for _, line := range strings.Split(out, "\n") {
		switch {
		case !strings.HasPrefix(line, "|"):
			cells = 0
		case cells == 0:
			cells = unescapedPipes(line)
		case unescapedPipes(line) != cells:
			t.Errorf("row %q has %d separators, its header %d", line, unescapedPipes(line), cells)
		}
	}
}

// outsideCodeSpans returns line with its code spans removed, as CommonMark
// parses them (a run of n backticks opens a span that the next run of
// exactly n backticks closes), and false if a span does not close.
func outsideCodeSpans(line string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] == '\\' && i+1 < len(line) {
			b.WriteString(line[i : i+2])
			i += 2
			continue
		}
		if line[i] != '`' {
			b.WriteByte(line[i])
			i++
			continue
		}
		n := 0
		for i+n < len(line) && line[i+n] == '`' {
			n++
		}
		j := i + n
		closed := false
		for j < len(line) {
			if line[j] != '`' {
				j++
				continue
			}
			m := 0
			for j+m < len(line) && line[j+m] == '`' {
				m++
			}
			if m == n {
				closed = true
				j += m
				break
			}
			j += m
		}
		if !closed {
			return "", false
		}
		i = j
	}
	return b.String(), true
}

// unescapedPipes counts the | of a table row that separate cells.
func unescapedPipes(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		if line[i] == '\\' {
			i++
			continue
		}
		if line[i] == '|' {
			n++
		}
	}
	return n
}

// yamlQuote writes s as a YAML double-quoted scalar: Go's ASCII quoting
// uses only escapes YAML shares (\a, \x1b, \u202e, ...).
func yamlQuote(s string) string { return strconv.QuoteToASCII(s) }

func itoa(i int) string { return strconv.Itoa(i) }

// TestTextEscapesControlCharacters checks the text form.
func TestTextEscapesControlCharacters(t *testing.T) {
	d := Compare(
		load(t, "old.yaml", header+"permissions:\n  - {key: a, id: 1}\n"),
		load(t, "new.yaml", header+"permissions:\n  - {key: a, id: 1, deprecated: \"\\e[2J\\a\\u009b\\u202E\"}\n  - {key: b, id: 2, deprecated: \"\\e]0;x\\a\"}\n"),
		Options{},
	)
	var b bytes.Buffer
	if err := d.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{"\x1b", "\x07", "\u009b", "\u202e"} {
		if strings.Contains(b.String(), raw) {
			t.Errorf("text holds %q raw:\n%s", raw, b.String())
		}
	}
	for _, want := range []string{`deprecated  a: \x1b[2J\x07\u009b\u202e`, `added       b (id 2)`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, b.String())
		}
	}
}

// TestJSONExact checks that the JSON form keeps spec text exactly (it
// decodes back to the same string) while no control character is raw.
func TestJSONExact(t *testing.T) {
	reason := "\x1b[2J\u009b\u202e<b>&"
	d := Compare(
		load(t, "old.yaml", header+"permissions:\n  - {key: a, id: 1}\n"),
		load(t, "new.yaml", header+"permissions:\n  - {key: a, id: 1, deprecated: "+yamlQuote(reason)+"}\n"),
		Options{},
	)
	var b bytes.Buffer
	if err := d.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{"\x1b", "\u009b", "\u202e"} {
		if strings.Contains(b.String(), raw) {
			t.Errorf("JSON holds %q raw", raw)
		}
	}
	var back Diff
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Permissions.Deprecated) != 1 || back.Permissions.Deprecated[0].Reason != reason {
		t.Errorf("deprecated = %+v, want the exact reason %q", back.Permissions.Deprecated, reason)
	}
}

// TestDeterministic renders a diff with many entries repeatedly: the
// output must never change (the comparison walks maps).
func TestDeterministic(t *testing.T) {
	old := load(t, "old.yaml", header+`features: [{key: f}, {key: g}]
groups: [{key: m, feature: f}, {key: n}]
permissions:
  - {key: a, id: 1, group: m}
  - {key: b, id: 2, group: n, requires: [a]}
  - {key: c, id: 3, group: n, replaces: [x, y]}
  - {key: d, id: 4, group: n}
reserved: {ids: [9, 10], keys: [k1, k2, k3]}
roles:
  - {key: r1, permissions: [a, b]}
  - {key: r2, permissions: [c]}
`)
	new := load(t, "new.yaml", header+`features: [{key: f}, {key: g}]
groups: [{key: m}, {key: n, feature: g}]
permissions:
  - {key: a, id: 1, group: n}
  - {key: b, id: 2, group: m}
  - {key: c, id: 3, group: n, replaces: [x, y, k1, k2]}
  - {key: e, id: 5, group: n, replaces: [x, k3]}
reserved: {ids: [4, 9, 10], keys: [d]}
roles:
  - {key: r1, permissions: [a, c]}
  - {key: r3, permissions: [e]}
`)
	render := func() string {
		var b bytes.Buffer
		d := Compare(old, new, Options{})
		for _, w := range []func(*bytes.Buffer) error{
			func(b *bytes.Buffer) error { return d.WriteText(b) },
			func(b *bytes.Buffer) error { return d.WriteMarkdown(b) },
			func(b *bytes.Buffer) error { return d.WriteJSON(b) },
		} {
			if err := w(&b); err != nil {
				t.Fatal(err)
			}
		}
		return b.String()
	}
	first := render()
	if strings.Count(first, "\n") < 100 {
		t.Fatalf("expected a long diff, got:\n%s", first)
	}
	for range 30 {
		if got := render(); got != first {
			t.Fatal("output changed between runs")
		}
	}
}

func TestCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "`plain`"},
		{"a`b", "`` a`b ``"},
		{"``x``", "``` ``x`` ```"},
		{"`", "`` ` ``"},
		{"a|b", "`a|b`"},
		{"\x1b[1m", "`\\x1b[1m`"},
		{"two\nlines", "`two lines`"},
	}
	for _, tt := range tests {
		if got := code(tt.in); got != tt.want {
			t.Errorf("code(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := cell("a|b"); got != "`a\\|b`" {
		t.Errorf("cell(a|b) = %q", got)
	}
}

// TestMaxList caps a role's lists and a grant's requires lists at
// Options.MaxList, in every format, with the count of what is left out.
func TestMaxList(t *testing.T) {
	old := load(t, "old.yaml", header+`permissions:
  - {key: a, id: 1}
  - {key: b, id: 2}
  - {key: c, id: 3}
  - {key: d, id: 4}
  - {key: e, id: 5, requires: [a, b, c]}
roles:
  - {key: r, permissions: [a, b, c]}
`)
	new := load(t, "new.yaml", header+`permissions:
  - {key: a, id: 1}
  - {key: b, id: 2}
  - {key: c, id: 3}
  - {key: d, id: 4}
  - {key: e, id: 5}
roles:
  - {key: r, permissions: [d, e]}
`)
	d := Compare(old, new, Options{MaxList: 2})
	wantRoles := []RoleChange{{Key: "r", Change: ChangeChanged,
		Gained: []Access{{"d", []string{}}, {"e", []string{}}},
		Lost:   []Access{{"a", []string{}}, {"b", []string{}}}, LostOmitted: 1,
		Regated: []Regate{}}}
	wantGrants := []GrantChange{{Permission: "e", RequiresAdded: []string{},
		RequiresDropped: []string{"a", "b"}, RequiresDroppedOmitted: 1,
		FeaturesAdded: []string{}, FeaturesDropped: []string{}}}
	if d.MaxList != 2 || !equalJSON(d.Roles, wantRoles) || !equalJSON(d.Grants, wantGrants) {
		t.Errorf("max_list %d\nroles %+v\nwant  %+v\ngrants %+v\nwant   %+v", d.MaxList, d.Roles, wantRoles, d.Grants, wantGrants)
	}
	if !d.Capped() {
		t.Error("Capped() = false")
	}
	var text, md, js bytes.Buffer
	if err := d.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		format, out string
		want        []string
	}{
		{"text", text.String(), []string{"    - b\n    - and 1 more\n", "grants of e: take effect without a, b and 1 more\n",
			"Lists of permissions name at most 2 each (\"and N more\" counts the rest); permcat diff -max-list raises the limit.\n"}},
		{"markdown", md.String(), []string{"| lost | `b` | always |\n| lost | and 1 more | |\n", "**take effect without** `a`, `b` and 1 more.",
			"`permcat diff -max-list` raises the limit."}},
		{"json", js.String(), []string{`"max_list": 2,`, `"lost_omitted": 1,`, `"requires_dropped_omitted": 1,`}},
	} {
		for _, w := range c.want {
			if !strings.Contains(c.out, w) {
				t.Errorf("%s lacks %q:\n%s", c.format, w, c.out)
			}
		}
	}
	// Under the cap, nothing is left out and nothing says so.
	d = Compare(old, new, Options{})
	if d.MaxList != DefaultMaxList || d.Capped() || len(d.Roles[0].Lost) != 3 || len(d.Grants[0].RequiresDropped) != 3 {
		t.Errorf("default cap: max_list %d, capped %v, roles %+v, grants %+v", d.MaxList, d.Capped(), d.Roles, d.Grants)
	}
	text.Reset()
	if err := d.WriteText(&text); err != nil || strings.Contains(text.String(), "more") {
		t.Errorf("uncapped text (%v):\n%s", err, text.String())
	}
}

// TestCompareBlowup diffs the specs whose catalogs are quadratic in their
// size (see package blowup) against their unlinked versions, both ways:
// every list stays within the cap, the counts add up to the quadratic
// totals, and each format writes a bounded number of bytes per
// permission, where the uncapped diff wrote n/2 keys per permission.
func TestCompareBlowup(t *testing.T) {
	const n, roles = 1500, 800
	for _, tc := range []struct {
		name     string
		n        int
		old, new []byte
		// total is the entries all the capped lists hold and count.
		total func(d *Diff) int
		want  int
	}{
		{"requires removed", n, blowup.RequiresChain(n, true), blowup.RequiresChain(n, false),
			func(d *Diff) (k int) {
				for _, g := range d.Grants {
					k += len(g.RequiresDropped) + g.RequiresDroppedOmitted
				}
				return k
			}, n * (n - 1) / 2},
		{"requires added", n, blowup.RequiresChain(n, false), blowup.RequiresChain(n, true),
			func(d *Diff) (k int) {
				for _, g := range d.Grants {
					k += len(g.RequiresAdded) + g.RequiresAddedOmitted
				}
				return k
			}, n * (n - 1) / 2},
		{"roles gained", roles, blowup.RoleChain(roles, false), blowup.RoleChain(roles, true),
			func(d *Diff) (k int) {
				for _, r := range d.Roles {
					k += len(r.Gained) + r.GainedOmitted
				}
				return k
			}, roles * (roles + 1) / 2},
		{"roles lost", roles, blowup.RoleChain(roles, true), blowup.RoleChain(roles, false),
			func(d *Diff) (k int) {
				for _, r := range d.Roles {
					k += len(r.Lost) + r.LostOmitted
				}
				return k
			}, roles * (roles + 1) / 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Compare(load(t, "old.yaml", string(tc.old)), load(t, "new.yaml", string(tc.new)), Options{})
			if got := tc.total(d); got != tc.want {
				t.Errorf("the lists hold and count %d entries, want %d", got, tc.want)
			}
			for _, r := range d.Roles {
				if len(r.Gained) > DefaultMaxList || len(r.Lost) > DefaultMaxList || len(r.Regated) > DefaultMaxList {
					t.Fatalf("role %s lists %d, %d and %d permissions", r.Key, len(r.Gained), len(r.Lost), len(r.Regated))
				}
			}
			for _, g := range d.Grants {
				if len(g.RequiresAdded) > DefaultMaxList || len(g.RequiresDropped) > DefaultMaxList {
					t.Fatalf("grants of %s list %d and %d permissions", g.Permission, len(g.RequiresAdded), len(g.RequiresDropped))
				}
			}
			for format, write := range map[string]func(io.Writer) error{"text": d.WriteText, "markdown": d.WriteMarkdown, "json": d.WriteJSON} {
				var b bytes.Buffer
				if err := write(&b); err != nil {
					t.Fatal(err)
				}
				// The cap names 20 entries a list, up to 100 bytes each
				// in JSON (a role's, with its features), and a compat
				// finding takes a few hundred bytes; the uncapped lists
				// took n/2 entries per role or permission.
				if perPermission := b.Len() / tc.n; perPermission > 100*DefaultMaxList+1000 {
					t.Errorf("%s: %d bytes, %d per permission", format, b.Len(), perPermission)
				}
			}
		})
	}
}

// TestStoredKeyReplacedByMany compares a key that thousands of
// permissions replace: the same replacements mean the same, one fewer
// does not, and the meaning lists them all (one list per key, linear in
// the spec).
func TestStoredKeyReplacedByMany(t *testing.T) {
	const n = 2000
	spec := func(skip int) string {
		var b strings.Builder
		b.WriteString(header + "permissions:\n")
		for i := range n {
			fmt.Fprintf(&b, "  - {key: p%d, id: %d", i, i+1)
			if i != skip {
				b.WriteString(", replaces: [old]")
			}
			b.WriteString("}\n")
		}
		return b.String()
	}
	old := load(t, "old.yaml", spec(-1))
	if d := Compare(old, load(t, "new.yaml", spec(-1)), Options{}); len(d.StoredKeys) != 0 {
		t.Errorf("the same replacements change meaning: %+v", d.StoredKeys[0].Before.Kind)
	}
	d := Compare(old, load(t, "new.yaml", spec(n-1)), Options{})
	if len(d.StoredKeys) != 1 || d.StoredKeys[0].Key != "old" || len(d.StoredKeys[0].Before.Permissions) != n || len(d.StoredKeys[0].After.Permissions) != n-1 {
		t.Errorf("one replacement fewer: %d stored key changes", len(d.StoredKeys))
	}
}
