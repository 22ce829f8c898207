package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/permcat/permcat/internal/compat"
)

// The -update flag may be declared by another test file of this package
// too; declare it only if nobody has, and read it by name.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the expected outputs of golden tests")
	}
}

func compatUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// compatRun runs permcat in-process and returns its exit status and output.
func compatRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(&env{stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func compatSection(ar *txtar.Archive, name string) ([]byte, bool) {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

func compatSetSection(ar *txtar.Archive, name string, data []byte) {
	for i, f := range ar.Files {
		if f.Name == name {
			ar.Files[i].Data = data
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: data})
}

// TestCompatGolden runs "permcat compat old.yaml new.yaml" on every archive
// of testdata/compat and compares the text output with want.txt and, when
// the archive has them, the JSON and GitHub outputs with want.json and
// want.github and the standard error with want.stderr. The exit status
// must be 1 exactly when something is breaking or a spec is invalid, and
// the summary on stderr must count the findings.
func TestCompatGolden(t *testing.T) {
	files, err := filepath.Glob("../../testdata/compat/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no compat golden cases found: %v", err)
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
				if err := os.WriteFile(spec, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			changed := false
			for _, out := range []struct{ section, format string }{
				{"want.txt", "text"},
				{"want.json", "json"},
				{"want.github", "github"},
			} {
				want, ok := compatSection(ar, out.section)
				if !ok {
					if out.format == "text" {
						t.Fatal("archive has no want.txt")
					}
					continue
				}
				code, stdout, stderr := compatRun(t, "compat", "-format", out.format, "old.yaml", "new.yaml")
				if compatUpdating() {
					compatSetSection(ar, out.section, []byte(stdout))
					if out.format == "text" {
						if _, ok := compatSection(ar, "want.stderr"); ok {
							compatSetSection(ar, "want.stderr", []byte(stderr))
						}
					}
					changed = true
					continue
				}
				if stdout != string(want) {
					t.Errorf("-format %s: output differs from %s (run go test ./cmd/permcat -run TestCompatGolden -update to accept)\ngot:\n%s\nwant:\n%s", out.format, out.section, stdout, want)
				}
				if out.format != "text" {
					continue
				}
				wantStderr, invalid := compatSection(ar, "want.stderr")
				breaking := strings.Count(string(want), "breaking[")
				warnings := strings.Count(string(want), "warning[")
				wantCode := 0
				if breaking > 0 || invalid {
					wantCode = 1
				}
				if code != wantCode {
					t.Errorf("exit status %d, want %d; stderr:\n%s", code, wantCode, stderr)
				}
				if invalid {
					if stderr != string(wantStderr) {
						t.Errorf("stderr differs from want.stderr\ngot:\n%s\nwant:\n%s", stderr, wantStderr)
					}
					continue
				}
				summary := fmt.Sprintf("compat old.yaml → new.yaml: %s, %s", compatCount(breaking, "breaking change"), compatCount(warnings, "warning"))
				if stderr != "permcat: "+summary+"\n" {
					t.Errorf("stderr = %q, want the summary %q", stderr, summary)
				}
				for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
					if line != "" && !strings.HasPrefix(line, "old.yaml:") && !strings.HasPrefix(line, "new.yaml:") {
						t.Errorf("finding lacks a file:line:col position: %q", line)
					}
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

// TestCompatRulesHaveGoldens checks that every rule has its own golden case
// that reports it, and that the JSON and GitHub formats are covered.
func TestCompatRulesHaveGoldens(t *testing.T) {
	for _, r := range compat.Rules {
		t.Run(r.Name, func(t *testing.T) {
			ar, err := txtar.ParseFile(filepath.Join("../../testdata/compat", r.Name+".txtar"))
			if err != nil {
				t.Fatalf("rule %s has no golden case: %v", r.Name, err)
			}
			want, _ := compatSection(ar, "want.txt")
			if tag := fmt.Sprintf("%s[%s]: ", r.Severity, r.Name); !strings.Contains(string(want), tag) {
				t.Errorf("want.txt of %s.txtar never reports %s", r.Name, tag)
			}
		})
	}
	for _, section := range []string{"want.json", "want.github"} {
		files, _ := filepath.Glob("../../testdata/compat/*.txtar")
		found := false
		for _, file := range files {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if data, ok := compatSection(ar, section); ok && len(data) > 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("no golden case has a non-empty %s", section)
		}
	}
}

// TestCompatJSONFields decodes the JSON output into exactly the documented
// fields, and checks that no findings is an empty array, not null.
func TestCompatJSONFields(t *testing.T) {
	t.Chdir(t.TempDir())
	writeCompatSpec(t, "old.yaml", "permcat: 1\ncatalog: {name: demo}\npermissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n")
	writeCompatSpec(t, "new.yaml", "permcat: 1\ncatalog: {name: demo}\npermissions:\n  - {key: a, id: 3}\n")
	code, stdout, _ := compatRun(t, "compat", "-format", "json", "old.yaml", "new.yaml")
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	var got []compat.JSONFinding
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("output is not the documented JSON: %v\n%s", err, stdout)
	}
	want := []compat.JSONFinding{
		{Rule: "id-changed", Severity: "breaking", File: "new.yaml", Line: 4, Column: 18},
		{Rule: "removed-unreserved", Severity: "breaking", File: "old.yaml", Line: 5, Column: 11},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%s", len(got), len(want), stdout)
	}
	for i := range want {
		g := got[i]
		if g.Message == "" {
			t.Errorf("finding %d has no message", i)
		}
		g.Message = ""
		if g != want[i] {
			t.Errorf("finding %d = %+v, want %+v", i, g, want[i])
		}
	}

	code, stdout, _ = compatRun(t, "compat", "-format", "json", "new.yaml", "new.yaml")
	if code != 0 || stdout != "[]\n" {
		t.Errorf("no findings: exit %d, output %q; want 0 and \"[]\\n\"", code, stdout)
	}
}

// TestCompatRealSpecs compares each shipped spec with itself: nothing may
// be reported.
func TestCompatRealSpecs(t *testing.T) {
	for _, name := range []string{"pbn.yaml", "opendental.yaml"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "..", "spec", name)
			code, stdout, stderr := compatRun(t, "compat", path, path)
			if code != 0 || stdout != "" {
				t.Errorf("exit %d, findings:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			if !strings.Contains(stderr, "0 breaking changes, 0 warnings") {
				t.Errorf("stderr lacks the summary: %q", stderr)
			}
		})
	}
}

func writeCompatSpec(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// compatGitRepo makes a git repository in a temporary directory with
// spec/perms.yaml committed, and returns its root.
func compatGitRepo(t *testing.T, spec string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skipf("git is not installed, so -against cannot be tested: %v", err)
	}
	root := t.TempDir()
	// Keep the user's and the system's git configuration out of the test.
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q")
	writeCompatSpec(t, filepath.Join(root, "spec", "perms.yaml"), spec)
	git("add", "spec/perms.yaml")
	git("-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "spec v1")
	return root
}

const compatV1 = `permcat: 1
catalog:
  name: demo
permissions:
  - {key: a, id: 1}
  - {key: b, id: 2}
`

// TestCompatAgainst commits a spec, edits it and compares the working copy
// with HEAD, from the repository root and from the spec's directory.
func TestCompatAgainst(t *testing.T) {
	root := compatGitRepo(t, compatV1)
	// b is removed without reserving, a gains a deprecation.
	writeCompatSpec(t, filepath.Join(root, "spec", "perms.yaml"), `permcat: 1
catalog:
  name: demo
permissions:
  - {key: a, id: 1, deprecated: use c}
  - {key: c, id: 3}
`)
	tests := []struct {
		name, dir, spec string
		format          string
		wantCode        int
		want            string
	}{
		{
			name: "from root", dir: ".", spec: "spec/perms.yaml", format: "text", wantCode: 1,
			want: "HEAD:spec/perms.yaml:6:11: breaking[removed-unreserved]: permission b (id 2) was removed",
		},
		{
			name: "from spec dir", dir: "spec", spec: "perms.yaml", format: "text", wantCode: 1,
			want: "perms.yaml:5:33: warning[deprecated]: permission a is now deprecated (use c)",
		},
		{
			name: "github detaches the old file", dir: ".", spec: "spec/perms.yaml", format: "github", wantCode: 1,
			want: "::error title=permcat compat removed-unreserved::HEAD:spec/perms.yaml:6:11: permission b (id 2) was removed",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(filepath.Join(root, tt.dir))
			code, stdout, stderr := compatRun(t, "compat", "-format", tt.format, "-against", "HEAD", tt.spec)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stdout, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, stdout)
			}
		})
	}
}

// TestCompatAgainstEdges covers a spec unchanged since REV, one that did
// not exist at REV, a bad revision and a spec outside any repository.
func TestCompatAgainstEdges(t *testing.T) {
	root := compatGitRepo(t, compatV1)
	writeCompatSpec(t, filepath.Join(root, "spec", "new.yaml"), compatV1)
	outside := t.TempDir()
	writeCompatSpec(t, filepath.Join(outside, "perms.yaml"), compatV1)
	t.Chdir(root)
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"unchanged", []string{"-against", "HEAD", "spec/perms.yaml"}, 0, "", "0 breaking changes, 0 warnings"},
		{"new spec", []string{"-against", "HEAD", "spec/new.yaml"}, 0, "", "spec/new.yaml does not exist at HEAD"},
		{"new spec json", []string{"-format", "json", "-against", "HEAD", "spec/new.yaml"}, 0, "[]\n", "does not exist at HEAD"},
		{"bad revision", []string{"-against", "no-such-branch", "spec/perms.yaml"}, 1, "", `"no-such-branch" is not a commit`},
		{"option as revision", []string{"-against", "--all", "spec/perms.yaml"}, 2, "", "cannot start with"},
		{"outside a repository", []string{"-against", "HEAD", filepath.Join(outside, "perms.yaml")}, 1, "", "not in a git work tree"},
		{"two specs", []string{"-against", "HEAD", "spec/perms.yaml", "spec/new.yaml"}, 2, "", "exactly one SPEC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := compatRun(t, append([]string{"compat"}, tt.args...)...)
			if code != tt.wantCode || stdout != tt.wantStdout || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, stdout %q, stderr containing %q",
					code, stdout, stderr, tt.wantCode, tt.wantStdout, tt.wantStderr)
			}
		})
	}
}

// TestCompatUsage checks the command line: wrong usage exits 2, unreadable
// files exit 1, help exits 0 with examples and the rules.
func TestCompatUsage(t *testing.T) {
	t.Chdir(t.TempDir())
	writeCompatSpec(t, "a.yaml", compatV1)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // in stdout or stderr
	}{
		{"no arguments", []string{"compat"}, 2, "compat takes OLD and NEW"},
		{"one spec", []string{"compat", "a.yaml"}, 2, "compat takes OLD and NEW"},
		{"three specs", []string{"compat", "a.yaml", "a.yaml", "a.yaml"}, 2, "compat takes OLD and NEW"},
		{"bad format", []string{"compat", "-format", "xml", "a.yaml", "a.yaml"}, 2, `unknown -format "xml"`},
		{"unknown flag", []string{"compat", "-strict", "a.yaml", "a.yaml"}, 2, "flag provided but not defined"},
		{"missing old", []string{"compat", "missing.yaml", "a.yaml"}, 1, "missing.yaml"},
		{"missing new", []string{"compat", "a.yaml", "missing.yaml"}, 1, "missing.yaml"},
		{"-h", []string{"compat", "-h"}, 0, "Examples:"},
		{"help compat", []string{"help", "compat"}, 0, "renamed-without-replaces"},
		{"listed", []string{"help"}, 0, "compat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := compatRun(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.wantCode, stderr)
			}
			if !strings.Contains(stdout+stderr, tt.wantOut) {
				t.Errorf("output lacks %q:\nstdout:\n%s\nstderr:\n%s", tt.wantOut, stdout, stderr)
			}
		})
	}
	// The help shows every rule and every flag.
	_, help, _ := compatRun(t, "help", "compat")
	for _, r := range compat.Rules {
		if !strings.Contains(help, r.Name) {
			t.Errorf("help lacks rule %s", r.Name)
		}
	}
	for _, f := range []string{"-format", "-against"} {
		if !strings.Contains(help, f) {
			t.Errorf("help lacks flag %s", f)
		}
	}
}

// TestCompatInvalidGitHub checks that with -format github the errors of an
// invalid spec become error annotations too.
func TestCompatInvalidGitHub(t *testing.T) {
	t.Chdir(t.TempDir())
	writeCompatSpec(t, "old.yaml", compatV1)
	writeCompatSpec(t, "new.yaml", "permcat: 1\ncatalog:\n  name: demo\npermissions:\n  - {key: a, id: 1, requires: [zz]}\n")
	code, stdout, stderr := compatRun(t, "compat", "-format", "github", "old.yaml", "new.yaml")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "::error file=new.yaml,line=5,col=32,title=permcat compat invalid spec::unknown permission \"zz\"") {
		t.Errorf("annotations:\n%s", stdout)
	}
	if !strings.Contains(stderr, "new.yaml:5:32: unknown permission") {
		t.Errorf("stderr lacks the positioned error:\n%s", stderr)
	}
	if !slices.Contains(strings.Split(stderr, "\n"), "permcat: invalid spec, nothing compared:") {
		t.Errorf("stderr lacks the headline:\n%s", stderr)
	}
}
