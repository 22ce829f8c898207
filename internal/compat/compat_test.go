package compat

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/permcat/permcat/internal/blowup"
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
			// Stored bitmasks keep b's bit, now b_read; stored keys that
			// say b migrate to both, so b_write is new access.
			name:     "split keeps the id in one successor",
			old:      "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n",
			new:      "permissions:\n  - {key: a, id: 1}\n  - {key: b_read, id: 2, replaces: [b]}\n  - {key: b_write, id: 3, replaces: [b]}\n",
			want:     []string{"new.yaml:7:38 migration-widened"},
			contains: []string{"key b now migrates to b_read and b_write; stored grants that say b meant permission b (now b_read), so every one of them gains b_write"},
		},
		{
			name: "rename under a new id is no new access",
			old:  "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n",
			new:  "permissions:\n  - {key: a, id: 1}\n  - {key: beta, id: 3, replaces: [b]}\nreserved: {ids: [2]}\n",
		},
		{
			name:     "split under new ids",
			old:      "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n",
			new:      "permissions:\n  - {key: a, id: 1}\n  - {key: b1, id: 3, replaces: [b]}\n  - {key: b2, id: 4, replaces: [b]}\nreserved: {ids: [2]}\n",
			want:     []string{"new.yaml:6:33 migration-widened"},
			contains: []string{"meant permission b (removed), so every one of them gains b1 and b2"},
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
			name:     "requirement removed",
			old:      "permissions:\n  - {key: a, id: 1, requires: [b]}\n  - {key: b, id: 2}\n",
			new:      "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n",
			want:     []string{"new.yaml:5:11 requirement-removed"},
			contains: []string{"permission a no longer requires b; existing grants of a (and of permissions that require it) that lack b now take effect"},
		},
		{
			// b drops c; a, which requires b, loses c too but is named
			// in b's finding rather than reported again.
			name:     "transitive requirement removal reported once",
			old:      "permissions:\n  - {key: a, id: 1, requires: [b]}\n  - {key: b, id: 2, requires: [c]}\n  - {key: c, id: 3}\n",
			new:      "permissions:\n  - {key: a, id: 1, requires: [b]}\n  - {key: b, id: 2}\n  - {key: c, id: 3}\n",
			want:     []string{"new.yaml:6:11 requirement-removed"},
			contains: []string{"permission b no longer requires c;"},
		},
		{
			name: "requirement replaced by a path through another permission",
			old:  "permissions:\n  - {key: a, id: 1, requires: [c]}\n  - {key: b, id: 2, requires: [c]}\n  - {key: c, id: 3}\n",
			new:  "permissions:\n  - {key: a, id: 1, requires: [b]}\n  - {key: b, id: 2, requires: [c]}\n  - {key: c, id: 3}\n",
			want: []string{"new.yaml:5:32 requirement-added"},
		},
		{
			name:     "required permission retired",
			old:      "permissions:\n  - {key: a, id: 1, requires: [b]}\n  - {key: b, id: 2}\n",
			new:      "permissions:\n  - {key: a, id: 1}\nreserved: {ids: [2], keys: [b]}\n",
			want:     []string{"new.yaml:5:11 requirement-removed"},
			contains: []string{"no longer requires b (removed from the catalog)"},
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
			// x still decodes (to nothing now); y, which decoded to
			// nothing, now grants a.
			name:     "reserved entries moved between lists",
			old:      "permissions:\n  - {key: a, id: 1, replaces: [x]}\nreserved: {ids: [2], keys: [y]}\n",
			new:      "permissions:\n  - {key: a, id: 1, replaces: [y]}\nreserved: {ids: [2], keys: [x]}\n",
			want:     []string{"new.yaml:5:32 reserved-key-migrates"},
			contains: []string{"key y was reserved"},
		},
		{
			name: "reserved and replaced key keeps its replacements",
			old:  "permissions:\n  - {key: a, id: 1, replaces: [x]}\nreserved: {keys: [x]}\n",
			new:  "permissions:\n  - {key: a, id: 1, replaces: [x]}\nreserved: {keys: [x]}\n",
		},
		{
			name:     "gate lost through a parent change",
			old:      "features: [{key: f}]\ngroups: [{key: top, feature: f}, {key: other}, {key: mid, parent: top}, {key: leaf, parent: mid}]\npermissions:\n  - {key: a, id: 1, group: leaf}\n  - {key: b, id: 2, group: mid}\n",
			new:      "features: [{key: f}]\ngroups: [{key: top, feature: f}, {key: other}, {key: mid, parent: other}, {key: leaf, parent: mid}]\npermissions:\n  - {key: a, id: 1, group: leaf}\n  - {key: b, id: 2, group: mid}\n",
			want:     []string{"new.yaml:5:67 feature-gate-removed"},
			contains: []string{"the parent of group mid changed from group top to group other, so it no longer inherits feature f from group top: permissions a and b are no longer gated by it"},
		},
		{
			name:     "own gate and group gate dropped together",
			old:      "features: [{key: f}]\ngroups: [{key: m, feature: f}]\npermissions:\n  - {key: a, id: 1, group: m, feature: f}\n",
			new:      "features: [{key: f}]\ngroups: [{key: m}]\npermissions:\n  - {key: a, id: 1, group: m}\n",
			want:     []string{"new.yaml:7:11 feature-gate-removed"},
			contains: []string{"permission a is no longer gated by feature f"},
		},
		{
			name:     "role gains through an included role",
			old:      "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\nroles:\n  - {key: base, permissions: [a]}\n  - {key: top, includes: [base]}\n",
			new:      "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\nroles:\n  - {key: base, permissions: [a, b]}\n  - {key: top, includes: [base]}\n",
			want:     []string{"new.yaml:8:34 role-gained", "new.yaml:9:27 role-gained"},
			contains: []string{"role base now grants b, which it lists;", "role top now grants b, through role base, which it includes;"},
		},
		{
			name: "role renamed permission is no gain",
			old:  "permissions:\n  - {key: a, id: 1}\nroles:\n  - {key: r, permissions: [a]}\n",
			new:  "permissions:\n  - {key: alpha, id: 1, replaces: [a]}\nroles:\n  - {key: r, permissions: [alpha]}\n",
		},
		{
			name: "role gains many in one finding",
			old:  "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n  - {key: c, id: 3}\n  - {key: d, id: 4}\n  - {key: s, id: 5}\n  - {key: t, id: 6}\n  - {key: u, id: 7}\nroles:\n  - {key: base, permissions: [a]}\n  - {key: top, includes: [base], permissions: [s]}\n",
			new:  "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n  - {key: c, id: 3}\n  - {key: d, id: 4}\n  - {key: s1, id: 5, replaces: [s]}\n  - {key: s2, id: 8, replaces: [s]}\n  - {key: t, id: 6}\n  - {key: u, id: 7}\nroles:\n  - {key: base, permissions: [a, b, c]}\n  - {key: top, includes: [base], permissions: [d, s1, s2, t, u]}\n",
			want: []string{"new.yaml:10:33 migration-widened", "new.yaml:14:34 role-gained", "new.yaml:15:27 role-gained"},
			// top: b and c through base, then d, t, u and s2 (a part of
			// the split s, whose other part s1 keeps s's ID), by ID; s1
			// is no gain.
			contains: []string{"", "role base now grants 2 permissions it did not: b and c (which it lists); every user holding role base gains them",
				"role top now grants 6 permissions it did not: b and c (through role base, which it includes), d, t and u (which it lists) and 1 more; every user holding role top gains them"},
		},
		{
			name:     "split gained with others",
			old:      "permissions:\n  - {key: a, id: 1}\n  - {key: s, id: 5}\nroles:\n  - {key: r, permissions: [s]}\n",
			new:      "permissions:\n  - {key: a, id: 1}\n  - {key: s1, id: 5, replaces: [s]}\n  - {key: s2, id: 8, replaces: [s]}\nroles:\n  - {key: r, permissions: [a, s1, s2]}\n",
			want:     []string{"new.yaml:7:33 migration-widened", "new.yaml:9:28 role-gained"},
			contains: []string{"", "role r now grants 2 permissions it did not: a (which it lists) and s2 (which it lists; it replaces s, which the role held: a split); every user holding role r gains them"},
		},
		{
			name:     "requirement dropped with a long closure",
			old:      "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2, requires: [a]}\n  - {key: c, id: 3, requires: [b]}\n  - {key: d, id: 4, requires: [c]}\n  - {key: e, id: 5, requires: [d]}\n  - {key: f, id: 6, requires: [e]}\n  - {key: g, id: 7, requires: [f]}\n  - {key: h, id: 8, requires: [g]}\n",
			new:      "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2, requires: [a]}\n  - {key: c, id: 3, requires: [b]}\n  - {key: d, id: 4, requires: [c]}\n  - {key: e, id: 5, requires: [d]}\n  - {key: f, id: 6, requires: [e]}\n  - {key: g, id: 7, requires: [f]}\n  - {key: h, id: 8}\n",
			want:     []string{"new.yaml:12:11 requirement-removed"},
			contains: []string{"permission h no longer requires g, and through it a, b, c, d, e and 1 more; existing grants of h (and of permissions that require it) that lack g, a, b, c, d and 2 more now take effect"},
		},
		{
			name:     "requirement added with a long closure, partly held",
			old:      "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2, requires: [a]}\n  - {key: c, id: 3, requires: [b]}\n  - {key: d, id: 4, requires: [c]}\n  - {key: e, id: 5, requires: [d]}\n  - {key: f, id: 6, requires: [e]}\n  - {key: g, id: 7, requires: [f]}\n  - {key: h, id: 8, requires: [b]}\n",
			new:      "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2, requires: [a]}\n  - {key: c, id: 3, requires: [b]}\n  - {key: d, id: 4, requires: [c]}\n  - {key: e, id: 5, requires: [d]}\n  - {key: f, id: 6, requires: [e]}\n  - {key: g, id: 7, requires: [f]}\n  - {key: h, id: 8, requires: [b, g]}\n",
			want:     []string{"new.yaml:12:35 requirement-added"},
			contains: []string{"permission h now requires g, and through it c, d, e and f; existing grants of h, and of permissions that require it, have no effect until g, c, d, e and f are granted too"},
		},
		{
			name:     "requirement made indirect",
			old:      "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n  - {key: c, id: 3, requires: [a]}\n",
			new:      "permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2, requires: [a]}\n  - {key: c, id: 3, requires: [b]}\n",
			want:     []string{"new.yaml:6:32 requirement-added", "new.yaml:7:32 requirement-added"},
			contains: []string{"permission b now requires a;", "permission c now requires b;"},
		},
		{
			name:     "display names swapped",
			old:      "permissions:\n  - {key: a, id: 1, name: View}\n  - {key: b, id: 2, name: Delete}\n",
			new:      "permissions:\n  - {key: a, id: 1, name: Delete}\n  - {key: b, id: 2, name: View}\n",
			want:     []string{"new.yaml:5:27 name-reassigned", "new.yaml:6:27 name-reassigned"},
			contains: []string{"\"Delete\", the display name of permission b, is now the display name of permission a", "\"View\""},
		},
		{
			name: "display name changed to a fresh one",
			old:  "permissions:\n  - {key: a, id: 1, name: View}\n",
			new:  "permissions:\n  - {key: a, id: 1, name: Look}\n",
		},
		{
			name: "feature inserted before others",
			old:  "features: [{key: f}, {key: g}]\npermissions:\n  - {key: a, id: 1}\n",
			new:  "features: [{key: h}, {key: f}, {key: g}, {key: i}]\npermissions:\n  - {key: a, id: 1}\n",
			// g moves to bit 2, which no feature had: masks stored with
			// bit 2 set held an unknown feature, and none can have.
			want:     []string{"new.yaml:4:18 feature-bit-reused", "new.yaml:4:28 feature-bit-reused"},
			contains: []string{"feature h takes bit 0 of Features, which feature f had", "feature f takes bit 1 of Features, which feature g had"},
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
				if i >= len(got) || !strings.Contains(got[i].Message, s) {
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
		if r.Severity != Breaking && r.Severity != NewAccess && r.Severity != Warning || r.Summary == "" || r.check == nil {
			t.Errorf("rule %s: severity %v, summary %q", r.Name, r.Severity, r.Summary)
		}
	}
	for _, sev := range []Severity{Breaking, NewAccess, Warning} {
		if got, err := ParseSeverity(sev.String()); got != sev || err != nil {
			t.Errorf("ParseSeverity(%q) = %v, %v", sev, got, err)
		}
	}
	if Breaking.String() != "breaking" || NewAccess.String() != "new-access" || Warning.String() != "warning" || Severity(0).String() != "Severity(0)" {
		t.Error("Severity.String")
	}
	if _, err := ParseSeverity("new_access"); err == nil {
		t.Error("ParseSeverity accepted new_access")
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
	want := "::error file=dir%2Cx/new%3A1.yaml,line=3,col=7,title=permcat compat id-changed::100%25 a b: c, d\n" +
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
	counted := []struct {
		first []string
		n     int
		want  string
	}{
		{[]string{"a"}, 1, "a"},
		{[]string{"a", "b"}, 2, "a and b"},
		{[]string{"a", "b"}, 9, "a, b and 7 more"},
		{[]string{"a", "b", "c", "d", "e", "f"}, 6, "a, b, c, d, e and 1 more"},
		{[]string{"a", "b", "c", "d", "e", "f"}, 20000, "a, b, c, d, e and 19995 more"},
	}
	for _, tt := range counted {
		if got := listCounted(tt.first, tt.n); got != tt.want {
			t.Errorf("listCounted(%q, %d) = %q, want %q", tt.first, tt.n, got, tt.want)
		}
	}
}

// TestCompareBlowup compares the specs whose catalogs are quadratic in
// their size (see package blowup) with their unlinked versions: one
// finding per dropped or added requirement and per role, each of a
// bounded length, so that the output stays linear in the spec. Before
// this bound, the dropped chain wrote n²/2 keys twice over and the role
// chain one finding per role and permission.
func TestCompareBlowup(t *testing.T) {
	const n, roles = 1500, 800
	for _, tc := range []struct {
		name     string
		n        int
		old, new []byte
		rule     string
		findings int
		last     string // the message of the last finding, in position order
	}{
		{"requires removed", n, blowup.RequiresChain(n, true), blowup.RequiresChain(n, false), RuleRequirementRemoved, n - 1,
			"permission p1499 no longer requires p1498, and through it p0, p1, p2, p3, p4 and 1493 more; existing grants of p1499 (and of permissions that require it) that lack p1498, p0, p1, p2, p3 and 1494 more now take effect"},
		{"requires added", n, blowup.RequiresChain(n, false), blowup.RequiresChain(n, true), RuleRequirementAdded, n - 1,
			"permission p1499 now requires p1498, and through it p0, p1, p2, p3, p4 and 1493 more; existing grants of p1499, and of permissions that require it, have no effect until p1498, p0, p1, p2, p3 and 1494 more are granted too"},
		{"roles gained", roles, blowup.RoleChain(roles, false), blowup.RoleChain(roles, true), RuleRoleGained, roles,
			"role r799 now grants 800 permissions it did not: p0, p1, p2, p3 and p4 (through role r798, which it includes) and 795 more; every user holding role r799 gains them"},
		{"roles lost", roles, blowup.RoleChain(roles, true), blowup.RoleChain(roles, false), "", 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old := load(t, "old.yaml", string(tc.old))
			new := load(t, "new.yaml", string(tc.new))
			fs := Compare(old, new)
			if len(fs) != tc.findings {
				t.Fatalf("%d findings, want %d", len(fs), tc.findings)
			}
			var b bytes.Buffer
			if err := WriteText(&b, fs); err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				if f.Rule != tc.rule || len(f.Message) > 400 {
					t.Fatalf("finding of rule %s, %d bytes long, want %s within 400: %s", f.Rule, len(f.Message), tc.rule, f)
				}
			}
			if len(fs) > 0 && fs[len(fs)-1].Message != tc.last {
				t.Errorf("last finding:\n%s\nwant:\n%s", fs[len(fs)-1].Message, tc.last)
			}
			// Linear: a few hundred bytes per permission, where the
			// quadratic output took n/2 keys per permission.
			if perPermission := b.Len() / tc.n; perPermission > 400 {
				t.Errorf("%d bytes of findings, %d per permission", b.Len(), perPermission)
			}
		})
	}
}

func pos(file string, line, col int) diag.Pos { return diag.Pos{File: file, Line: line, Col: col} }

// TestCompareCleansControlCharacters puts terminal control sequences (ESC,
// BEL, a C1 CSI, a bidi override) into every kind of spec text a message
// quotes that may hold them (display names and keys may not), and checks that none reaches a message or an output raw, and
// that each is shown escaped instead.
func TestCompareCleansControlCharacters(t *testing.T) {
	const evil = `"x\e[31my\a\u009b2J\u202Ez"`
	old := load(t, "old.yaml", header+`flags: [{key: f, description: `+evil+`}]
attributes: [{key: at}]
permissions:
  - {key: a, id: 1, name: Evil twin, flags: [f], attributes: {at: `+evil+`}}
  - {key: b, id: 2, name: plain}
`)
	new := load(t, "new.yaml", header+`flags: [{key: f, description: "other `+evil[1:]+`}]
attributes: [{key: at}]
permissions:
  - {key: a, id: 1, name: plain2, deprecated: `+evil+`, attributes: {at: changed}}
  - {key: b, id: 2, name: Evil twin}
`)
	got := Compare(old, new)
	rules := map[string]bool{}
	for _, f := range got {
		rules[f.Rule] = true
	}
	for _, r := range []string{RuleDeprecated, RuleFlagRemoved, RuleFlagRedefined, RuleAttributeChanged, RuleNameReassigned} {
		if !rules[r] {
			t.Errorf("no %s finding; the test does not reach that message", r)
		}
	}
	var text, gh, js bytes.Buffer
	if err := WriteText(&text, got); err != nil {
		t.Fatal(err)
	}
	if err := WriteGitHub(&gh, got, nil); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&js, got); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "github": gh.String(), "json": js.String()} {
		for _, raw := range []string{"\x1b", "\a", "\u009b", "\u202e"} {
			if strings.Contains(out, raw) {
				t.Errorf("%s output holds %q raw:\n%s", name, raw, out)
			}
		}
	}
	if want := `x\x1b[31my\x07\u009b2J\u202ez`; !strings.Contains(text.String(), want) {
		t.Errorf("text output does not show the control characters escaped as %s:\n%s", want, text.String())
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"a\x1b[2Jb", `a\x1b[2Jb`},
		{"bell\a", `bell\x07`},
		{"del\x7f", `del\x7f`},
		{"csi\u009b31m", `csi\u009b31m`},
		{"bidi\u202eevil\u2066", `bidi\u202eevil\u2066`},
		{"zero\u200bwidth", `zero\u200bwidth`},
		{"lines\r\nand\ttabs\u2028x", "lines and tabs x"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"  spaced  ", "spaced"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestEncodeJSON checks that C0 and C1 controls, bidirectional overrides
// and zero-width characters never reach the JSON raw, and that the exact
// text decodes back.
func TestEncodeJSON(t *testing.T) {
	in := map[string]string{"s": "a\x1b[2J\u009b31m\u202e\u200b<b>&é"}
	var b bytes.Buffer
	if err := EncodeJSON(&b, in); err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{"\x1b", "\u009b", "\u202e", "\u200b"} {
		if strings.Contains(b.String(), raw) {
			t.Errorf("JSON holds %q raw: %s", raw, b.String())
		}
	}
	if !strings.Contains(b.String(), `\u009b31m\u202e\u200b<b>&é`) {
		t.Errorf("JSON = %s", b.String())
	}
	var back map[string]string
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back["s"] != in["s"] {
		t.Errorf("decoded %q, %v; want %q", back["s"], err, in["s"])
	}
	// Nothing to escape: the encoder's own output, byte for byte.
	plain := map[string]string{"s": "<b>&é ok  "}
	b.Reset()
	if err := EncodeJSON(&b, plain); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"s\": \"<b>&é ok  \"\n}\n"; b.String() != want {
		t.Errorf("JSON = %q, want %q", b.String(), want)
	}
}
