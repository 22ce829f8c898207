package explain_test

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/permcat/permcat/internal/blowup"
	"github.com/permcat/permcat/internal/explain"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/spec"
)

const testSpec = `permcat: 1
catalog:
  name: t
groups:
  - key: a
    title: A
  - key: b
    title: B
    parent: a
permissions:
  - key: httpFilters
    id: 1
    name: HTTP Filters
    group: a
  - key: httpfilters
    id: 2
    name: Legacy filters
    group: a
  - key: Report
    id: 3
    name: Report
    group: a
  - key: Audit
    id: 4
    name: REPORT
    group: b
  - key: CommlogEdit
    id: 5
    name: Commlog Edit
    group: a
    requires: [httpFilters]
`

func load(t *testing.T, name, src string) *model.Catalog {
	t.Helper()
	c, err := model.Load(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestFind(t *testing.T) {
	c := load(t, "t.yaml", testSpec)
	for _, tc := range []struct {
		query, key string
		ambiguous  []string
		suggest    string
	}{
		{query: "httpFilters", key: "httpFilters"},
		{query: "httpfilters", key: "httpfilters"},
		{query: "HTTPFilters", ambiguous: []string{"httpFilters", "httpfilters"}},
		{query: "HTTP Filters", key: "httpFilters"},
		{query: "http filters", key: "httpFilters"},
		{query: "legacy FILTERS", key: "httpfilters"},
		{query: "commlogedit", key: "CommlogEdit"},
		{query: "COMMLOG EDIT", key: "CommlogEdit"},
		// Exact matches, key or display name, beat case-insensitive ones.
		{query: "Report", key: "Report"},
		{query: "REPORT", key: "Audit"},
		{query: "report", ambiguous: []string{"Report", "Audit"}},
		{query: "ComlogEdit", suggest: "CommlogEdit"},
		{query: "Comlog Edit", suggest: "Commlog Edit"},
		{query: "Payroll"},
	} {
		p, err := explain.Find(c, tc.query)
		var amb *explain.AmbiguousError
		var nf *explain.NotFoundError
		switch {
		case tc.key != "":
			if err != nil || p.Key != tc.key {
				t.Errorf("Find(%q) = %v, %v; want %s", tc.query, p, err, tc.key)
			}
		case tc.ambiguous != nil:
			if !errors.As(err, &amb) {
				t.Errorf("Find(%q) = %v, %v; want ambiguity", tc.query, p, err)
				continue
			}
			var got []string
			for _, m := range amb.Matches {
				got = append(got, m.Key)
			}
			if !slices.Equal(got, tc.ambiguous) {
				t.Errorf("Find(%q) matches %v, want %v", tc.query, got, tc.ambiguous)
			}
		default:
			if !errors.As(err, &nf) || nf.Suggestion != tc.suggest {
				t.Errorf("Find(%q) = %v, %v; want not found, suggesting %q", tc.query, p, err, tc.suggest)
			}
		}
	}
}

func TestAmbiguousMessage(t *testing.T) {
	c := load(t, "t.yaml", testSpec)
	_, err := explain.Find(c, "report")
	want := "\"report\" matches 2 permissions in t; give the exact key of one:\n\tReport\n\tREPORT (Audit)"
	if err == nil || err.Error() != want {
		t.Errorf("message:\n%v\nwant:\n%s", err, want)
	}
}

var lineKey = regexp.MustCompile(`\(([^()]+)\)( \(see above\)| \[direct\])?( — .*)?$`)

// TestTreesMatchClosures explains every permission of the embedded catalogs
// and checks that the requires tree names exactly the closure, expands
// each subtree once, and that "Required by" lists exactly the dependents,
// in ID order, with the direct ones marked.
func TestTreesMatchClosures(t *testing.T) {
	for _, name := range spec.Defaults {
		data, err := spec.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		c := load(t, name, string(data))
		for _, p := range c.Permissions {
			var b strings.Builder
			if err := explain.Write(&b, c, p); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			req := section(out, "Requires")
			var inTree []string
			expanded := map[string]bool{}
			for i, line := range req {
				m := lineKey.FindStringSubmatch(line)
				if m == nil {
					t.Fatalf("%s: bad tree line %q", p.Key, line)
				}
				inTree = append(inTree, m[1])
				depth := indent(line)
				hasChildren := i+1 < len(req) && indent(req[i+1]) > depth
				if hasChildren {
					if expanded[m[1]] {
						t.Errorf("%s: subtree of %s printed twice", p.Key, m[1])
					}
					expanded[m[1]] = true
				}
				if m[2] == " (see above)" && !expanded[m[1]] {
					t.Errorf("%s: %s marked (see above) before it was printed", p.Key, m[1])
				}
			}
			slices.Sort(inTree)
			inTree = slices.Compact(inTree)
			if want := sortedKeys(p.Closure()); !slices.Equal(inTree, want) {
				t.Errorf("%s: tree holds %v, closure is %v", p.Key, inTree, want)
			}
			var by []string
			for _, line := range section(out, "Required by") {
				m := lineKey.FindStringSubmatch(line)
				by = append(by, m[1])
				direct := slices.ContainsFunc(c.Permission(m[1]).Requires, func(e *model.Edge) bool { return e.To == p })
				if direct != (m[2] == " [direct]") {
					t.Errorf("%s: required by %s: direct mark is %q, want direct=%v", p.Key, m[1], m[2], direct)
				}
			}
			if want := keysOf(p.Dependents()); !slices.Equal(by, want) {
				t.Errorf("%s: required by %v, want %v", p.Key, by, want)
			}
		}
	}
}

// section returns the list lines under the heading that starts with name.
func section(out, name string) []string {
	var lines []string
	in := false
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, name+" (") || strings.HasPrefix(line, name+":"):
			in = true
		case in && strings.HasPrefix(strings.TrimLeft(line, " "), "- "):
			lines = append(lines, line)
		case in:
			return lines
		}
	}
	return lines
}

func indent(line string) int { return len(line) - len(strings.TrimLeft(line, " ")) }

func keysOf(ps []*model.Permission) []string {
	var ks []string
	for _, p := range ps {
		ks = append(ks, p.Key)
	}
	return ks
}

func sortedKeys(ps []*model.Permission) []string {
	ks := keysOf(ps)
	slices.Sort(ks)
	return ks
}

// rawUnsafe matches what must never reach the terminal: C0 controls but
// newline, DEL, C1 controls, format characters (bidi controls, zero-width)
// and the line and paragraph separators.
var rawUnsafe = regexp.MustCompile(`[\x00-\x09\x0b-\x1f\x7f\x{80}-\x{9f}\p{Cf}\x{2028}\x{2029}]`)

// TestWriteEscapesSpecText explains a catalog whose every text field holds
// terminal escape sequences, BEL and bidi controls. The catalog is built by
// hand, since the loader refuses such text in keys and display names: the
// cleaning must not depend on that. Every piece must be printed escaped,
// and be there.
func TestWriteEscapesSpecText(t *testing.T) {
	const evil = "\x1b]0;owned\a\x1b[2J\u202e\u200b\u0085"
	const shown = `\x1b]0;owned\x07\x1b[2J\u202e\u200b\u0085`
	feature := &model.Feature{Key: "f" + evil}
	group := &model.Group{Key: "g" + evil, Title: "G" + evil, Feature: feature}
	base := &model.Permission{Key: "base" + evil, Name: "Base" + evil, ID: 1, Group: group}
	p := &model.Permission{
		Key: "p" + evil, Name: "P" + evil, ID: 2, Group: group,
		Description: "line one" + evil + "\nline two",
		Deprecated:  "use base" + evil,
		Flags:       []*model.Flag{{Key: "fl" + evil}},
		Attributes:  []model.AttributeValue{{Attribute: &model.Attribute{Key: "at" + evil}, Value: "v" + evil}},
		Gates:       []*model.Feature{feature},
		Requires:    []*model.Edge{{To: base, Reason: "because" + evil}},
		Replaces:    []string{"old" + evil},
	}
	base.RequiredBy = []*model.Permission{p}
	dep := &model.Permission{Key: "dep" + evil, Name: "Dep" + evil, ID: 3, Group: group,
		Requires: []*model.Edge{{To: p, Reason: "needs" + evil}}}
	p.RequiredBy = []*model.Permission{dep}
	inner := &model.Role{Key: "inner" + evil, Title: "Inner" + evil, Own: []*model.Permission{p}}
	outer := &model.Role{Key: "outer" + evil, Title: "Outer" + evil, Includes: []*model.Role{inner}}
	c := &model.Catalog{
		Name: "c" + evil, Title: "T" + evil, Package: "c",
		Permissions: []*model.Permission{base, p, dep}, ByID: []*model.Permission{base, p, dep},
		Roles: []*model.Role{inner, outer},
	}
	var b strings.Builder
	if err := explain.Write(&b, c, p); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if m := rawUnsafe.FindString(out); m != "" {
		t.Fatalf("output holds %q raw:\n%s", m, out)
	}
	// Reasons are folded onto one line: the trailing U+0085 NEXT LINE is a
	// line break, folded away like a newline.
	folded := strings.TrimSuffix(shown, `\u0085`)
	for _, want := range []string{
		"P" + shown + " (p" + shown + ")",
		"line one" + shown + "\nline two",
		"c" + shown + " — T" + shown,
		"G" + shown,
		"fl" + shown,
		"at" + shown + " = v" + shown,
		"old" + shown,
		"use base" + shown,
		"f" + shown + " (group G" + shown + ")",
		"- Base" + shown + " (base" + shown + ") — because" + folded,
		"- Dep" + shown + " (dep" + shown + ") [direct] — needs" + folded,
		"- Inner" + shown + " (inner" + shown + ")",
		"- Outer" + shown + " (outer" + shown + ") [through inner" + shown + "]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestFindErrorsEscape: the query and the names Find's errors quote are
// escaped too.
func TestFindErrorsEscape(t *testing.T) {
	c := load(t, "t.yaml", testSpec)
	_, err := explain.Find(c, "Commlog\x1b[2JEdit\u202e")
	if err == nil || rawUnsafe.MatchString(err.Error()) {
		t.Fatalf("error %q", err)
	}
	nf := &explain.NotFoundError{Catalog: "c\x1b[2J", Query: "q\a", Suggestion: "s\u202e"}
	if got, want := nf.Error(), `no permission "q\a" in c\x1b[2J; did you mean s\u202e?`; got != want {
		t.Errorf("NotFoundError = %q, want %q", got, want)
	}
}

func TestLookup(t *testing.T) {
	c := load(t, "t.yaml", strings.Replace(testSpec, "    requires: [httpFilters]\n", `    requires: [httpFilters]
    replaces: [commlog_edit]
  - key: Numbered
    id: 7
    name: "4"
    group: a
reserved:
  ids: [9]
  keys: [old_audit]
`, 1))
	for _, tc := range []struct {
		query   string
		key     string // the permission found
		retired string // or the retired key, "#9" for an ID
		by      []string
		miss    bool
	}{
		{query: "5", key: "CommlogEdit"},
		{query: "005", key: "CommlogEdit"},
		{query: "4", key: "Numbered"}, // a display name beats an ID
		{query: "7", key: "Numbered"},
		{query: "9", retired: "#9"},
		{query: "8", miss: true},
		{query: "commlog_edit", retired: "commlog_edit", by: []string{"CommlogEdit"}},
		{query: "old_audit", retired: "old_audit"},
		{query: "OLD_AUDIT", miss: true}, // retired keys are matched exactly
		{query: "123456", miss: true},
	} {
		p, r, err := explain.Lookup(c, tc.query)
		switch {
		case tc.key != "":
			if err != nil || r != nil || p == nil || p.Key != tc.key {
				t.Errorf("Lookup(%q) = %v, %+v, %v; want %s", tc.query, p, r, err, tc.key)
			}
		case tc.retired != "":
			if err != nil || p != nil || r == nil {
				t.Errorf("Lookup(%q) = %v, %+v, %v; want retired", tc.query, p, r, err)
				continue
			}
			got := r.Key
			if got == "" {
				got = fmt.Sprintf("#%d", r.ID)
			}
			var by []string
			for _, q := range r.By {
				by = append(by, q.Key)
			}
			if got != tc.retired || !slices.Equal(by, tc.by) {
				t.Errorf("Lookup(%q) = retired %s by %v; want %s by %v", tc.query, got, by, tc.retired, tc.by)
			}
		default:
			var nf *explain.NotFoundError
			if !errors.As(err, &nf) {
				t.Errorf("Lookup(%q) = %v, %+v, %v; want not found", tc.query, p, r, err)
			}
		}
		// Find knows IDs but not retired keys.
		if p2, err := explain.Find(c, tc.query); tc.key != "" && (err != nil || p2 != p) || tc.key == "" && err == nil {
			t.Errorf("Find(%q) = %v, %v", tc.query, p2, err)
		}
	}
}

// TestWriteBlowup explains the permissions of the catalogs that are
// quadratic in their spec (see package blowup) with the longest tree and
// lists: the tree of the end of a requires chain is one line per
// permission, indented MaxDepth levels at most, and the dependents of its
// start and the roles of the first permission of a role chain name
// MaxListed entries and count the rest. Before these bounds the tree
// alone was n²/2 spaces.
func TestWriteBlowup(t *testing.T) {
	const n = 1500
	chain := load(t, "chain.yaml", string(blowup.RequiresChain(n, true)))
	roles := load(t, "roles.yaml", string(blowup.RoleChain(600, true)))
	for _, tc := range []struct {
		name string
		c    *model.Catalog
		key  string
		want []string // lines of the output, in order
		max  int      // bytes at most
	}{
		{"requires tree", chain, "p1499", []string{
			"Requires (1 direct, 1499 in all):",
			"- p1498",
			"  - p1497",
			strings.Repeat("  ", explain.MaxDepth) + "- p1482",
			strings.Repeat("  ", explain.MaxDepth) + "- [18] p1481",
			strings.Repeat("  ", explain.MaxDepth) + "- [1499] p0",
			"(the tree is indented 16 levels at most: deeper requirements are listed at that indentation, [n] giving their level)",
		}, n * (2*explain.MaxDepth + 16)},
		{"required by", chain, "p0", []string{
			"Required by (1 direct, 1499 in all):",
			"- p1 [direct]",
			"- p100",
			"- and 1399 more (0 of them direct)",
		}, 2000},
		{"roles", roles, "p0", []string{
			"Roles (600):",
			"- r0",
			"- r1 [through r0]",
			"- r99 [through r98]",
			"- and 500 more",
		}, 4000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			if err := explain.Write(&b, tc.c, tc.c.Permission(tc.key)); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if b.Len() > tc.max {
				t.Errorf("%d bytes, want %d at most", b.Len(), tc.max)
			}
			rest := out
			for _, w := range tc.want {
				i := strings.Index(rest, "\n"+w+"\n")
				if i < 0 {
					t.Fatalf("no line %q after the lines before it in:\n%.3000s", w, out)
				}
				rest = rest[i+len(w)+1:]
			}
		})
	}
}

// TestWriteRetiredBounded: a key retired into every permission of a
// requires chain explains its first MaxExplained replacements, not each
// one's tree, which would total the square of the chain.
func TestWriteRetiredBounded(t *testing.T) {
	const n = 1000
	var b strings.Builder
	b.WriteString("permcat: 1\ncatalog: {name: chain}\npermissions:\n  - {key: p0, id: 0, replaces: [old]}\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  - {key: p%d, id: %d, requires: [p%d], replaces: [old]}\n", i, i, i-1)
	}
	c := load(t, "chain.yaml", b.String())
	p, r, err := explain.Lookup(c, "old")
	if p != nil || r == nil || err != nil || len(r.By) != n {
		t.Fatalf("Lookup(old) = %v, %+v, %v", p, r, err)
	}
	var out strings.Builder
	if err := explain.WriteRetired(&out, c, r); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out.String(), "\nCatalog:"); got != explain.MaxExplained {
		t.Errorf("%d permissions explained, want %d", got, explain.MaxExplained)
	}
	if want := fmt.Sprintf("\n%d more replacements are not explained here: explain each by its key.\n", n-explain.MaxExplained); !strings.HasSuffix(out.String(), want) {
		t.Errorf("output does not end with %q:\n%.2000s", want, out.String())
	}
	if out.Len() > 40*n {
		t.Errorf("%d bytes for a key replaced by %d permissions", out.Len(), n)
	}
}
