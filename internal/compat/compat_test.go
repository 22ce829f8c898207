package compat

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/permcat/permcat/internal/diag"
)

func load(t *testing.T, path, src string) *Spec {
	t.Helper()
	s, err := Load(path, []byte(src))
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	return s
}

// short renders findings as "file:line:col rule" for comparison.
func short(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Pos.String() + " " + f.Rule
	}
	return out
}

const header = "permcat: 1\ncatalog:\n  name: demo\n"

func TestCompare(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // permissions and what follows, after header
		want     []string
		contains []string // substrings of the messages, in order of findings
	}{
		{
			name: "identical",
			old:  "permissions:\n  - {key: a, id: 1}\n",
			new:  "permissions:\n  - {key: a, id: 1}\n",
		},
		{
			name: "swapped ids",
			old:  "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n",
			new:  "permissions:\n  - {key: a, id: 2}\n  - {key: b, id: 1}\n",
			want: []string{"new.yaml:5:18 id-changed", "new.yaml:6:18 id-changed"},
			contains: []string{
				"grants of b (bit 2) would turn into grants of a",
				"grants of a (bit 1) would turn into grants of b",
			},
		},
		{
			name: "id changed onto an old reservation",
			old:  "permissions:\n  - {key: a, id: 1}\nreserved: {ids: [5]}\n",
			new:  "permissions:\n  - {key: a, id: 5}\nreserved: {ids: [1]}\n",
			want: []string{"new.yaml:5:18 id-changed"},
			contains: []string{
				"id 5 was reserved (old.yaml:6:18)",
			},
		},
		{
			name: "split keeps the id in one successor",
			old:  "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n",
			new:  "permissions:\n  - {key: a, id: 1}\n  - {key: b_read, id: 2, replaces: [b]}\n  - {key: b_write, id: 3, replaces: [b]}\n",
		},
		{
			name: "replaced under a new id, old id reserved",
			old:  "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n",
			new:  "permissions:\n  - {key: a, id: 1}\n  - {key: c, id: 3, replaces: [b]}\nreserved: {ids: [2]}\n",
		},
		{
			name:     "replaced under a new id, old id not reserved",
			old:      "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n",
			new:      "permissions:\n  - {key: a, id: 1}\n  - {key: c, id: 3, replaces: [b]}\n",
			want:     []string{"old.yaml:6:11 removed-unreserved"},
			contains: []string{"but id 2 is not in reserved.ids; a later permission could take it"},
		},
		{
			name: "rename to a previously retired key",
			old:  "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\nreserved: {keys: [z]}\n",
			new:  "permissions:\n  - {key: a, id: 1}\n  - {key: z, id: 2, replaces: [b]}\n",
			want: []string{"new.yaml:6:11 key-reused"},
		},
		{
			// b gains a requirement; a, which requires b, loses effect
			// too but is named in b's finding rather than reported again.
			name:     "transitive requirement reported once",
			old:      "permissions:\n  - {key: a, id: 1, requires: [b]}\n  - {key: b, id: 2}\n  - {key: c, id: 3}\n",
			new:      "permissions:\n  - {key: a, id: 1, requires: [b]}\n  - {key: b, id: 2, requires: [c]}\n  - {key: c, id: 3}\n",
			want:     []string{"new.yaml:6:32 requirement-added"},
			contains: []string{"permission b now requires c; existing grants of b, and of permissions that require it"},
		},
		{
			name:     "direct edge to a former transitive requirement that brings more",
			old:      "permissions:\n  - {key: a, id: 1, requires: [m]}\n  - {key: m, id: 2, requires: [b]}\n  - {key: b, id: 3}\n  - {key: c, id: 4}\n",
			new:      "permissions:\n  - {key: a, id: 1, requires: [m, b]}\n  - {key: m, id: 2, requires: [b]}\n  - {key: b, id: 3, requires: [c]}\n  - {key: c, id: 4}\n",
			want:     []string{"new.yaml:5:35 requirement-added", "new.yaml:7:32 requirement-added"},
			contains: []string{"permission a now requires b directly, and through it c", "permission b now requires c"},
		},
		{
			name: "requirement on a renamed permission is the same requirement",
			old:  "permissions:\n  - {key: a, id: 1, requires: [b]}\n  - {key: b, id: 2}\n",
			new:  "permissions:\n  - {key: a, id: 1, requires: [beta]}\n  - {key: beta, id: 2, replaces: [b]}\n",
		},
		{
			name: "requirement removed",
			old:  "permissions:\n  - {key: a, id: 1, requires: [b]}\n  - {key: b, id: 2}\n",
			new:  "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n",
		},
		{
			name: "undeprecated and deprecated again with another reason",
			old:  "permissions:\n  - {key: a, id: 1, deprecated: x}\n  - {key: b, id: 2}\n",
			new:  "permissions:\n  - {key: a, id: 1, deprecated: y}\n  - {key: b, id: 2}\n",
		},
		{
			name:     "widened type is fine, narrowed through an id change is not",
			old:      "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 256}\n",
			new:      "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n",
			want:     []string{"new.yaml:6:18 id-changed", "new.yaml:6:18 type-narrowed"},
			contains: []string{"", "because b moved from id 256 to 2"},
		},
		{
			name: "widened type",
			old:  "permissions:\n  - {key: a, id: 1}\n",
			new:  "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 4000}\n",
		},
		{
			name:     "type and package renamed",
			old:      "  type: Permission\npermissions:\n  - {key: a, id: 1}\n",
			new:      "  package: other\n  type: Perm\npermissions:\n  - {key: a, id: 1}\n",
			want:     []string{"new.yaml:4:12 package-renamed", "new.yaml:5:9 type-renamed"},
			contains: []string{"from demo to other", "from Permission to Perm"},
		},
		{
			name: "explicit default type is no rename",
			old:  "permissions:\n  - {key: a, id: 1}\n",
			new:  "  type: Permission\n  package: demo\npermissions:\n  - {key: a, id: 1}\n",
		},
		{
			name: "reserved entries moved between lists",
			old:  "permissions:\n  - {key: a, id: 1, replaces: [x]}\nreserved: {ids: [2], keys: [y]}\n",
			new:  "permissions:\n  - {key: a, id: 1, replaces: [y]}\nreserved: {ids: [2], keys: [x]}\n",
		},
		{
			name:     "group gate and own gate on one permission",
			old:      "features: [{key: f}, {key: g}]\ngroups: [{key: m}]\npermissions:\n  - {key: a, id: 1, group: m}\n",
			new:      "features: [{key: f}, {key: g}]\ngroups: [{key: m, feature: f}]\npermissions:\n  - {key: a, id: 1, group: m, feature: g}\n",
			want:     []string{"new.yaml:5:28 feature-gate-added", "new.yaml:7:40 feature-gate-added"},
			contains: []string{"feature f (on group m) now gates permission a; its existing grants", "permission a is now gated by feature g"},
		},
		{
			name: "moved into an already gated group",
			old:  "features: [{key: f}]\ngroups: [{key: m}, {key: n, feature: f}]\npermissions:\n  - {key: a, id: 1, group: m}\n",
			new:  "features: [{key: f}]\ngroups: [{key: m}, {key: n, feature: f}]\npermissions:\n  - {key: a, id: 1, group: n}\n",
			want: []string{"new.yaml:5:38 feature-gate-added", "new.yaml:7:28 group-changed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := load(t, "old.yaml", header+tt.old)
			new := load(t, "new.yaml", header+tt.new)
			got := Compare(old, new)
			if !slices.Equal(short(got), tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Fatalf("findings:\n%s\nwant:\n%s", strings.Join(short(got), "\n"), strings.Join(tt.want, "\n"))
			}
			for i, s := range tt.contains {
				if !strings.Contains(got[i].Message, s) {
					t.Errorf("finding %d: %q lacks %q", i, got[i].Message, s)
				}
			}
			for _, f := range got {
				if f.Severity != severityOf(t, f.Rule) {
					t.Errorf("%s has severity %s, want the rule's", f.Rule, f.Severity)
				}
			}
		})
	}
}

func severityOf(t *testing.T, rule string) Severity {
	t.Helper()
	for _, r := range Rules {
		if r.Name == rule {
			return r.Severity
		}
	}
	t.Fatalf("finding with undeclared rule %q", rule)
	return 0
}

// TestCompareWithoutSyntax checks that a Spec without its syntax tree still
// compares, with positions falling back to the keys and the file.
func TestCompareWithoutSyntax(t *testing.T) {
	old := load(t, "old.yaml", header+"permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\nreserved: {ids: [9]}\n")
	new := load(t, "new.yaml", header+"  type: P\npermissions:\n  - {key: a, id: 3}\n")
	old.File, new.File = nil, nil
	got := short(Compare(old, new))
	want := []string{"new.yaml type-renamed", "new.yaml:6:11 id-changed", "old.yaml reserved-deleted", "old.yaml:6:11 removed-unreserved"}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCompareShippedSpecs compares each shipped spec with itself, and with
// itself under another file name: nothing may be reported.
func TestCompareShippedSpecs(t *testing.T) {
	for _, name := range []string{"pbn.yaml", "opendental.yaml"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "..", "spec", name))
			if err != nil {
				t.Fatal(err)
			}
			a := load(t, "a/"+name, string(data))
			b := load(t, "b/"+name, string(data))
			if got := Compare(a, b); len(got) != 0 {
				t.Errorf("%d findings, first: %s", len(got), got[0])
			}
		})
	}
}

// TestCompareDeterministic runs a comparison with many findings of every
// kind repeatedly: the order must never change (findings come from maps).
func TestCompareDeterministic(t *testing.T) {
	old := load(t, "old.yaml", header+`features: [{key: f}]
groups: [{key: m}, {key: n}]
permissions:
  - {key: a, id: 1, group: m}
  - {key: b, id: 2, group: m}
  - {key: c, id: 3, group: m}
  - {key: d, id: 4, group: n, replaces: [r1, r2]}
reserved: {ids: [10, 11, 12], keys: [k1, k2, k3]}
`)
	new := load(t, "new.yaml", header+`features: [{key: f}]
groups: [{key: m, feature: f}, {key: n, feature: f}]
permissions:
  - {key: a, id: 1, group: n}
  - {key: b, id: 2, group: m}
  - {key: d, id: 4, group: n}
`)
	first := Compare(old, new)
	if len(first) < 8 {
		t.Fatalf("expected many findings, got %d", len(first))
	}
	for range 50 {
		if got := Compare(old, new); !slices.Equal(got, first) {
			t.Fatalf("order changed:\n%v\nthen:\n%v", first, got)
		}
	}
}

func TestRules(t *testing.T) {
	kebab := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	seen := map[string]bool{}
	for _, r := range Rules {
		if !kebab.MatchString(r.Name) || seen[r.Name] {
			t.Errorf("rule %q is not a unique kebab-case name", r.Name)
		}
		seen[r.Name] = true
		if r.Severity != Breaking && r.Severity != Warning || r.Summary == "" {
			t.Errorf("rule %s: severity %v, summary %q", r.Name, r.Severity, r.Summary)
		}
	}
	if Breaking.String() != "breaking" || Warning.String() != "warning" || Severity(0).String() != "Severity(0)" {
		t.Error("Severity.String")
	}
}

func TestWriteGitHub(t *testing.T) {
	fs := []Finding{
		{Rule: "id-changed", Severity: Breaking, Pos: pos("dir,x/new:1.yaml", 3, 7), Message: "100% a\r\nb: c, d"},
		{Rule: "deprecated", Severity: Warning, Pos: pos("new.yaml", 0, 0), Message: "m"},
		{Rule: "reserved-deleted", Severity: Breaking, Pos: pos("HEAD~1:spec/p.yaml", 2, 5), Message: "gone"},
	}
	var b bytes.Buffer
	if err := WriteGitHub(&b, fs, func(file string) bool { return !strings.HasPrefix(file, "HEAD~1:") }); err != nil {
		t.Fatal(err)
	}
	want := "::error file=dir%2Cx/new%3A1.yaml,line=3,col=7,title=permcat compat id-changed::100%25 a%0D%0Ab: c, d\n" +
		"::warning file=new.yaml,title=permcat compat deprecated::m\n" +
		"::error title=permcat compat reserved-deleted::HEAD~1:spec/p.yaml:2:5: gone\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	if err := GitHubError(&b, "", 0, 0, "t: x", "HEAD:p.yaml:1:1: bad"); err != nil {
		t.Fatal(err)
	}
	if want := "::error title=t%3A x::HEAD:p.yaml:1:1: bad\n"; b.String() != want {
		t.Errorf("GitHubError = %q, want %q", b.String(), want)
	}
}

func TestWriteTextAndJSONEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := WriteText(&b, nil); err != nil || b.Len() != 0 {
		t.Errorf("WriteText(nil) = %q, %v", b.String(), err)
	}
	if err := WriteJSON(&b, nil); err != nil || b.String() != "[]\n" {
		t.Errorf("WriteJSON(nil) = %q, %v", b.String(), err)
	}
}

func TestList(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a and b"},
		{[]string{"a", "b", "c", "d", "e"}, "a, b, c, d and e"},
		{[]string{"a", "b", "c", "d", "e", "f", "g"}, "a, b, c, d, e and 2 more"},
	}
	for _, tt := range tests {
		if got := list(tt.in); got != tt.want {
			t.Errorf("list(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func pos(file string, line, col int) diag.Pos { return diag.Pos{File: file, Line: line, Col: col} }
