package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/permcat/permcat/internal/blowup"
	"github.com/permcat/permcat/internal/semdiff"
)

// TestDiffGolden runs "permcat diff" on every archive of testdata/diff and
// compares each format with its section: want.txt (text), want.md
// (markdown) and want.json. Every archive has all three; diff exits 0 on
// valid specs whatever changed. Run with -update to rewrite the sections.
func TestDiffGolden(t *testing.T) {
	files, err := filepath.Glob("../../testdata/diff/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no diff golden cases found: %v", err)
	}
	for _, file := range files {
		file, _ = filepath.Abs(file)
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			t.Chdir(t.TempDir())
			for _, spec := range []string{"old.yaml", "new.yaml"} {
				data, ok := compatSection(ar, spec)
				if !ok {
					t.Fatalf("archive has no %s", spec)
				}
				writeCompatSpec(t, spec, string(data))
			}
			changed := false
			for _, out := range []struct{ section, format string }{
				{"want.txt", "text"},
				{"want.md", "markdown"},
				{"want.json", "json"},
			} {
				code, stdout, stderr := compatRun(t, "diff", "-format", out.format, "old.yaml", "new.yaml")
				if code != 0 || stderr != "" {
					t.Errorf("-format %s: exit %d, stderr:\n%s", out.format, code, stderr)
				}
				if compatUpdating() {
					compatSetSection(ar, out.section, []byte(stdout))
					changed = true
					continue
				}
				want, ok := compatSection(ar, out.section)
				if !ok {
					t.Fatalf("archive has no %s (run go test ./cmd/permcat -run TestDiffGolden -update)", out.section)
				}
				if stdout != string(want) {
					t.Errorf("-format %s: output differs from %s (run go test ./cmd/permcat -run TestDiffGolden -update to accept)\ngot:\n%s\nwant:\n%s", out.format, out.section, stdout, want)
				}
			}
			if changed {
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestDiffJSONFields decodes the JSON output into exactly the documented
// fields and checks that no list is null.
func TestDiffJSONFields(t *testing.T) {
	t.Chdir(t.TempDir())
	writeCompatSpec(t, "a.yaml", compatV1)
	for _, args := range [][]string{
		{"diff", "-format", "json", "a.yaml", "a.yaml"},
	} {
		code, stdout, stderr := compatRun(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		dec := json.NewDecoder(strings.NewReader(stdout))
		dec.DisallowUnknownFields()
		var d semdiff.Diff
		if err := dec.Decode(&d); err != nil {
			t.Fatalf("output is not the documented JSON: %v\n%s", err, stdout)
		}
		if d.Format != "permcat-diff" || d.Version != 1 || d.Old != "a.yaml" || d.New != "a.yaml" {
			t.Errorf("header = %q %d %q %q", d.Format, d.Version, d.Old, d.New)
		}
		if strings.Contains(stdout, "null") {
			t.Errorf("a list is null:\n%s", stdout)
		}
	}
}

// TestDiffAgainst runs diff -against in a real git repository: a changed
// spec, a new one (compared with an empty catalog), a mistyped path and a
// symbolic link, which go through the same code as compat's.
func TestDiffAgainst(t *testing.T) {
	root := compatGitRepo(t, compatV1)
	writeCompatSpec(t, filepath.Join(root, "spec", "perms.yaml"), compatV1+"  - {key: c, id: 3}\nroles:\n  - {key: r, permissions: [c]}\n")
	writeCompatSpec(t, filepath.Join(root, "spec", "fresh.yaml"), compatV1)
	if err := os.Symlink("spec/perms.yaml", filepath.Join(root, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  []string
		wantErr  string
	}{
		{"changed", []string{"-against", "HEAD", "spec/perms.yaml"}, 0,
			[]string{"permcat diff HEAD:spec/perms.yaml → spec/perms.yaml", "  added       c (id 3)", "  r (added role):\n    + c\n"}, ""},
		{"link", []string{"-against", "HEAD", "link.yaml"}, 0,
			[]string{"permcat diff HEAD:spec/perms.yaml → spec/perms.yaml", "  added       c (id 3)"}, ""},
		{"new spec", []string{"-against", "HEAD", "spec/fresh.yaml"}, 0,
			[]string{"permcat diff HEAD:spec/fresh.yaml → spec/fresh.yaml", "  added       a (id 1)\n  added       b (id 2)\n"}, "compared with an empty catalog"},
		{"new spec markdown", []string{"-format", "markdown", "-against", "HEAD", "spec/fresh.yaml"}, 0,
			[]string{"| added | `a` | 1 |", "compat: 0 breaking changes, 0 new-access findings, 0 warnings"}, ""},
		{"typo", []string{"-against", "HEAD", "spec/prems.yaml"}, 2, nil, "exists neither in the work tree nor at HEAD"},
		{"bad format", []string{"-format", "html", "-against", "HEAD", "spec/perms.yaml"}, 2, nil, `unknown -format "html"`},
		{"two specs", []string{"-against", "HEAD", "spec/perms.yaml", "link.yaml"}, 2, nil, "exactly one SPEC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := compatRun(t, append([]string{"diff"}, tt.args...)...)
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.wantCode, tt.wantErr)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, stdout)
				}
			}
		})
	}
}

// TestDiffUsage checks the command line and the help.
func TestDiffUsage(t *testing.T) {
	t.Chdir(t.TempDir())
	writeCompatSpec(t, "a.yaml", compatV1)
	writeCompatSpec(t, "bad.yaml", "permcat: 1\ncatalog: {name: demo}\npermissions:\n  - {key: a, id: 1, requires: [zz]}\n")
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // in stdout or stderr
	}{
		{"no arguments", []string{"diff"}, 2, "diff takes OLD and NEW"},
		{"one spec", []string{"diff", "a.yaml"}, 2, "diff takes OLD and NEW"},
		{"missing file", []string{"diff", "a.yaml", "missing.yaml"}, 1, "missing.yaml"},
		{"invalid spec", []string{"diff", "a.yaml", "bad.yaml"}, 1, "bad.yaml:4:32: unknown permission"},
		{"same spec", []string{"diff", "a.yaml", "a.yaml"}, 0, "No change in meaning"},
		{"-o into a missing directory's file", []string{"diff", "-o", "a.yaml/x.md", "a.yaml", "a.yaml"}, 1, "a.yaml"},
		{"-h", []string{"diff", "-h"}, 0, "Examples:"},
		{"help diff", []string{"help", "diff"}, 0, "-format"},
		{"listed", []string{"help"}, 0, "diff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := compatRun(t, tt.args...)
			if code != tt.wantCode || !strings.Contains(stdout+stderr, tt.wantOut) {
				t.Errorf("exit %d, want %d; output lacks %q?\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, tt.wantOut, stdout, stderr)
			}
		})
	}
}

// TestDiffOutputFile checks -o: the file holds exactly what standard
// output would, and nothing is printed.
func TestDiffOutputFile(t *testing.T) {
	t.Chdir(t.TempDir())
	writeCompatSpec(t, "old.yaml", compatV1)
	writeCompatSpec(t, "new.yaml", compatV1+"  - {key: c, id: 3}\n")
	_, want, _ := compatRun(t, "diff", "-format", "markdown", "old.yaml", "new.yaml")
	code, stdout, stderr := compatRun(t, "diff", "-format", "markdown", "-o", "out/comment.md", "old.yaml", "new.yaml")
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	got, err := os.ReadFile("out/comment.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want || !strings.Contains(want, "| added | `c` | 3 |") {
		t.Errorf("file:\n%s\nstdout would be:\n%s", got, want)
	}
}

// TestDiffOutputFileIsProtected checks that -o replaces a summary of the
// same format, and nothing else without -force: a mistyped -o must not
// destroy a spec or hand-written file.
func TestDiffOutputFileIsProtected(t *testing.T) {
	t.Chdir(t.TempDir())
	writeCompatSpec(t, "old.yaml", compatV1)
	for _, format := range []string{"text", "markdown", "json"} {
		t.Run(format, func(t *testing.T) {
			out := "summary." + format
			writeCompatSpec(t, "new.yaml", compatV1)
			if code, _, stderr := compatRun(t, "diff", "-format", format, "-o", out, "old.yaml", "new.yaml"); code != 0 {
				t.Fatalf("first write: exit %d: %s", code, stderr)
			}
			// A summary of the same format (for text, of the same two
			// specs, as in a CI job) is replaced.
			writeCompatSpec(t, "new.yaml", compatV1+"  - {key: c, id: 3}\n")
			if code, _, stderr := compatRun(t, "diff", "-format", format, "-o", out, "old.yaml", "new.yaml"); code != 0 {
				t.Fatalf("rewrite: exit %d: %s", code, stderr)
			}
			_, want, _ := compatRun(t, "diff", "-format", format, "old.yaml", "new.yaml")
			if b, _ := os.ReadFile(out); string(b) != want {
				t.Errorf("rewrite left\n%s\nwant\n%s", b, want)
			}
		})
	}
	// The spec itself, or a summary of another format, is refused.
	for _, target := range []string{"new.yaml", "summary.text"} {
		before, _ := os.ReadFile(target)
		code, _, stderr := compatRun(t, "diff", "-format", "markdown", "-o", target, "old.yaml", "new.yaml")
		after, _ := os.ReadFile(target)
		if code != 1 || !strings.Contains(stderr, "-force") || string(after) != string(before) {
			t.Errorf("-o %s: exit %d, stderr %q; the file changed: %v", target, code, stderr, string(after) != string(before))
		}
	}
	if code, _, stderr := compatRun(t, "diff", "-format", "markdown", "-force", "-o", "summary.text", "old.yaml", "new.yaml"); code != 0 {
		t.Errorf("-force: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile("summary.text"); !strings.HasPrefix(string(b), "<!-- permcat diff -->") {
		t.Errorf("-force did not replace the file:\n%s", b)
	}
}

// TestDiffBlowup: the diff of a change that touches every closure or role
// of a quadratic catalog grows linearly with the spec, in every format.
func TestDiffBlowup(t *testing.T) {
	for _, c := range blowupChanges {
		for _, format := range []string{"text", "markdown", "json"} {
			t.Run(c.name+"/"+format, func(t *testing.T) {
				checkLinear(t, c.sizes, func(t *testing.T, n int) int {
					old, new := writeBlowupPair(t, c, n)
					code, stdout, stderr := compatRun(t, "diff", "-format", format, old, new)
					if code != 0 {
						t.Fatalf("exit %d: %s", code, stderr)
					}
					return len(stdout)
				})
			})
		}
	}
}

// TestDiffMaxList: -max-list sets how many permissions each capped list
// names, in every format, and must be positive.
func TestDiffMaxList(t *testing.T) {
	t.Chdir(t.TempDir())
	writeCompatSpec(t, "old.yaml", string(blowup.RoleChain(10, false)))
	writeCompatSpec(t, "new.yaml", string(blowup.RoleChain(10, true)))
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"-max-list", "3"}, []string{"  r9:\n    + p0\n    + p1\n    + p2\n    + and 7 more\n", "Lists of permissions name at most 3 each"}},
		{[]string{"-max-list", "3", "-format", "markdown"}, []string{"| **gained** | and 7 more | |\n"}},
		{[]string{"-max-list", "3", "-format", "json"}, []string{`"max_list": 3,`, `"gained_omitted": 7,`}},
		{nil, []string{"    + p9\n"}},
	} {
		code, stdout, stderr := compatRun(t, append(append([]string{"diff"}, tc.args...), "old.yaml", "new.yaml")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%v: output lacks %q:\n%s", tc.args, w, stdout)
			}
		}
	}
	for _, bad := range []string{"0", "-1"} {
		if code, _, stderr := compatRun(t, "diff", "-max-list", bad, "old.yaml", "new.yaml"); code != 2 || !strings.Contains(stderr, "-max-list "+bad+": give a positive number") {
			t.Errorf("-max-list %s: exit %d, %q", bad, code, stderr)
		}
	}
}
