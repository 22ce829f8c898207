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

	"github.com/permcat/permcat/internal/blowup"
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
// must be 1 exactly when something is breaking or a spec is invalid, and,
// with -deny new-access, also when something is new access; the summary on
// stderr must count the findings.
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
				breaking := strings.Count(string(want), ": breaking[")
				newAccess := strings.Count(string(want), ": new-access[")
				warnings := strings.Count(string(want), ": warning[")
				if lines := strings.Count(string(want), "\n"); breaking+newAccess+warnings != lines {
					t.Errorf("want.txt has %d lines but %d findings", lines, breaking+newAccess+warnings)
				}
				wantCode, wantDenied := 0, 0
				if breaking > 0 || invalid {
					wantCode, wantDenied = 1, 1
				}
				if newAccess > 0 {
					wantDenied = 1
				}
				if code != wantCode {
					t.Errorf("exit status %d, want %d; stderr:\n%s", code, wantCode, stderr)
				}
				denied, deniedOut, _ := compatRun(t, "compat", "-deny", "new-access", "old.yaml", "new.yaml")
				if denied != wantDenied || deniedOut != stdout {
					t.Errorf("with -deny new-access: exit status %d, want %d; output differs: %v", denied, wantDenied, deniedOut != stdout)
				}
				if invalid {
					if stderr != string(wantStderr) {
						t.Errorf("stderr differs from want.stderr\ngot:\n%s\nwant:\n%s", stderr, wantStderr)
					}
					continue
				}
				summary := fmt.Sprintf("compat old.yaml → new.yaml: %s, %s, %s", compatCount(breaking, "breaking change"),
					compatCount(newAccess, "new-access finding"), compatCount(warnings, "warning"))
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
			if !strings.Contains(stderr, "0 breaking changes, 0 new-access findings, 0 warnings") {
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
		t.Fatalf("git is not installed, so -against cannot be tested: %v", err)
	}
	root := t.TempDir()
	// Keep the user's and the system's git configuration out of the test.
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	compatGit(t, root, "init", "-q")
	writeCompatSpec(t, filepath.Join(root, "spec", "perms.yaml"), spec)
	compatGit(t, root, "add", "spec/perms.yaml")
	compatGit(t, root, "commit", "-q", "-m", "spec v1")
	return root
}

// compatGit runs git in dir, as a committer with no signing.
func compatGit(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
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
// not exist at REV (new: a note, exit 0), one that exists nowhere (a typo:
// exit 2, never a silent pass), one deleted since REV, symbolic links in
// and out of the repository, a bad revision and a spec outside any
// repository, each in a real git repository.
func TestCompatAgainstEdges(t *testing.T) {
	root := compatGitRepo(t, compatV1)
	writeCompatSpec(t, filepath.Join(root, "spec", "new.yaml"), compatV1)
	outside := t.TempDir()
	writeCompatSpec(t, filepath.Join(outside, "perms.yaml"), compatV1)
	// The work tree's spec drops b without reserving it: a breaking change
	// every name of it must find.
	writeCompatSpec(t, filepath.Join(root, "spec", "broken.yaml"), compatV1)
	compatGit(t, root, "add", "spec/broken.yaml")
	compatGit(t, root, "commit", "-q", "-m", "broken v1")
	writeCompatSpec(t, filepath.Join(root, "spec", "broken.yaml"), "permcat: 1\ncatalog:\n  name: demo\npermissions:\n  - {key: a, id: 1}\n")
	for link, target := range map[string]string{
		"link.yaml":        "spec/broken.yaml",
		"speclink":         "spec",
		"escape.yaml":      filepath.Join(outside, "perms.yaml"),
		"spec/dangle.yaml": "missing.yaml",
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	writeCompatSpec(t, filepath.Join(root, "spec", "gone.yaml"), compatV1)
	compatGit(t, root, "add", "spec/gone.yaml")
	compatGit(t, root, "commit", "-q", "-m", "gone v1")
	if err := os.Remove(filepath.Join(root, "spec", "gone.yaml")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	const removed = "HEAD:spec/broken.yaml:6:11: breaking[removed-unreserved]: permission b (id 2) was removed"
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string // prefix of stdout
		wantStderr string
	}{
		{"unchanged", []string{"-against", "HEAD", "spec/perms.yaml"}, 0, "", "0 breaking changes, 0 new-access findings, 0 warnings"},
		{"new spec", []string{"-against", "HEAD", "spec/new.yaml"}, 0, "", "spec/new.yaml does not exist at HEAD: a new spec"},
		{"new spec json", []string{"-format", "json", "-against", "HEAD", "spec/new.yaml"}, 0, "[]\n", "does not exist at HEAD"},
		{"typo", []string{"-against", "HEAD", "spec/prems.yaml"}, 2, "", "spec/prems.yaml exists neither in the work tree nor at HEAD"},
		{"typo json", []string{"-format", "json", "-against", "HEAD", "spec/prems.yaml"}, 2, "", "exists neither"},
		{"typo in the directory", []string{"-against", "HEAD", "sepc/perms.yaml"}, 2, "", "exists neither"},
		{"deleted spec", []string{"-against", "HEAD", "spec/gone.yaml"}, 1, "", "spec/gone.yaml exists at HEAD but not in the work tree"},
		{"changed spec", []string{"-against", "HEAD", "spec/broken.yaml"}, 1, removed, "1 breaking change"},
		{"symbolic link", []string{"-against", "HEAD", "link.yaml"}, 1, removed, "compat HEAD:spec/broken.yaml → spec/broken.yaml: 1 breaking change"},
		{"linked directory", []string{"-against", "HEAD", "speclink/broken.yaml"}, 1, removed, "1 breaking change"},
		{"link out of the repository", []string{"-against", "HEAD", "escape.yaml"}, 2, "", "outside the repository"},
		{"dangling link", []string{"-against", "HEAD", "spec/dangle.yaml"}, 1, "", "a symbolic link to missing.yaml, which does not exist"},
		{"bad revision", []string{"-against", "no-such-branch", "spec/perms.yaml"}, 1, "", `"no-such-branch" is not a commit`},
		{"option as revision", []string{"-against", "--all", "spec/perms.yaml"}, 2, "", "cannot start with"},
		{"outside a repository", []string{"-against", "HEAD", filepath.Join(outside, "perms.yaml")}, 1, "", "not in a git work tree"},
		{"two specs", []string{"-against", "HEAD", "spec/perms.yaml", "spec/new.yaml"}, 2, "", "exactly one SPEC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := compatRun(t, append([]string{"compat"}, tt.args...)...)
			if code != tt.wantCode || !strings.HasPrefix(stdout, tt.wantStdout) || tt.wantStdout == "" && stdout != "" || !strings.Contains(stderr, tt.wantStderr) {
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

// TestCompatDeny checks the -deny gate: new access exits 0 without it and
// 1 with it, in every format; -deny warning fails on warnings; breaking
// fails either way; an unknown class is a usage error. With -format github
// a finding that fails the check is an error annotation, any other a
// warning.
func TestCompatDeny(t *testing.T) {
	t.Chdir(t.TempDir())
	const head = "permcat: 1\ncatalog: {name: demo}\n"
	writeCompatSpec(t, "old.yaml", head+"permissions:\n  - {key: a, id: 1, requires: [b]}\n  - {key: b, id: 2}\n")
	writeCompatSpec(t, "access.yaml", head+"permissions:\n  - {key: a, id: 1}\n  - {key: b, id: 2}\n")
	writeCompatSpec(t, "narrow.yaml", head+"permissions:\n  - {key: a, id: 1, requires: [b]}\n  - {key: b, id: 2, deprecated: old}\n")
	writeCompatSpec(t, "broken.yaml", head+"permissions:\n  - {key: a, id: 3, requires: [b]}\n  - {key: b, id: 2}\n")
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // in stdout
		wantErr  string // in stderr
	}{
		{"new access passes by default", []string{"old.yaml", "access.yaml"}, 0, "new-access[requirement-removed]: permission a", "1 new-access finding"},
		{"new access denied", []string{"-deny", "new-access", "old.yaml", "access.yaml"}, 1, "new-access[requirement-removed]", "1 new-access finding, 0 warnings (-deny new-access)"},
		{"denied json", []string{"-deny", "new-access", "-format", "json", "old.yaml", "access.yaml"}, 1, `"severity": "new-access"`, ""},
		{"denied github is an error", []string{"-deny", "new-access", "-format", "github", "old.yaml", "access.yaml"}, 1, "::error file=access.yaml,line=4,col=11,title=permcat compat requirement-removed::", ""},
		{"not denied github is a warning", []string{"-format", "github", "old.yaml", "access.yaml"}, 0, "::warning file=access.yaml,line=4,col=11,title=permcat compat requirement-removed::", ""},
		{"warning not denied by new-access", []string{"-deny", "new-access", "old.yaml", "narrow.yaml"}, 0, "warning[deprecated]", ""},
		{"warning denied", []string{"-deny", "warning", "old.yaml", "narrow.yaml"}, 1, "warning[deprecated]", "(-deny warning)"},
		{"comma-separated", []string{"-deny", "warning,new-access", "old.yaml", "access.yaml"}, 1, "", "(-deny warning,new-access)"},
		{"repeated", []string{"-deny", "warning", "-deny", "new-access", "old.yaml", "access.yaml"}, 1, "", "(-deny warning,new-access)"},
		{"breaking fails without deny", []string{"old.yaml", "broken.yaml"}, 1, "breaking[id-changed]", "1 breaking change"},
		{"deny breaking is accepted", []string{"-deny", "breaking", "old.yaml", "access.yaml"}, 0, "", ""},
		{"no findings pass the gate", []string{"-deny", "new-access,warning", "old.yaml", "old.yaml"}, 0, "", "0 breaking changes, 0 new-access findings, 0 warnings"},
		{"unknown class", []string{"-deny", "new_access", "old.yaml", "access.yaml"}, 2, "", `unknown finding class "new_access"`},
		{"empty class", []string{"-deny", "", "old.yaml", "access.yaml"}, 2, "", "unknown finding class"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := compatRun(t, append([]string{"compat"}, tt.args...)...)
			if code != tt.wantCode || !strings.Contains(stdout, tt.wantOut) || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d, stdout containing %q, stderr containing %q",
					code, stdout, stderr, tt.wantCode, tt.wantOut, tt.wantErr)
			}
		})
	}
}

// TestCompatHarmlessEditPassesGate runs the gate on the harmless edit of
// the downstream spec (testdata/compat/harmless-edit.txtar), and then on
// each new-access golden: the first must pass -deny new-access with no
// finding at all, every other must fail it.
func TestCompatHarmlessEditPassesGate(t *testing.T) {
	files, err := filepath.Glob("../../testdata/compat/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		rule := compatRule(name)
		if name != "harmless-edit" && (rule == nil || rule.Severity != compat.NewAccess) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			for _, spec := range []string{"old.yaml", "new.yaml"} {
				data, _ := compatSection(ar, spec)
				writeCompatSpec(t, filepath.Join(dir, spec), string(data))
			}
			code, stdout, stderr := compatRun(t, "compat", "-deny", "new-access", filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml"))
			if name == "harmless-edit" {
				if code != 0 || stdout != "" {
					t.Errorf("the harmless edit fails the gate: exit %d\n%s%s", code, stdout, stderr)
				}
				return
			}
			if code != 1 || !strings.Contains(stdout, "new-access["+name+"]") {
				t.Errorf("the %s golden passes the gate: exit %d\n%s%s", name, code, stdout, stderr)
			}
		})
		checked++
	}
	if want := 1 + compatCountRules(compat.NewAccess); checked != want {
		t.Errorf("checked %d archives, want the harmless edit and one per new-access rule (%d)", checked, want)
	}
}

func compatRule(name string) *compat.Rule {
	for i, r := range compat.Rules {
		if r.Name == name {
			return &compat.Rules[i]
		}
	}
	return nil
}

func compatCountRules(sev compat.Severity) int {
	n := 0
	for _, r := range compat.Rules {
		if r.Severity == sev {
			n++
		}
	}
	return n
}

// TestCompatTerminalSafety puts ESC sequences, BEL, a C1 CSI and a bidi
// override into a permission's display name, a deprecation reason and a
// group key, and checks that neither the findings (text and github) nor
// the errors of an invalid spec carry one raw.
func TestCompatTerminalSafety(t *testing.T) {
	t.Chdir(t.TempDir())
	const evil = `"\e]0;owned\a\e[2J\u009b31m\u202Eevil"`
	writeCompatSpec(t, "old.yaml", "permcat: 1\ncatalog: {name: demo}\nattributes: [{key: at}]\npermissions:\n  - {key: a, id: 1, attributes: {at: "+evil+"}}\n  - {key: b, id: 2}\n")
	writeCompatSpec(t, "new.yaml", "permcat: 1\ncatalog: {name: demo}\nattributes: [{key: at}]\npermissions:\n  - {key: a, id: 1, deprecated: "+evil+"}\n  - {key: b, id: 2}\n")
	writeCompatSpec(t, "invalid.yaml", "permcat: 1\ncatalog: {name: demo}\ngroups:\n  - {key: "+evil+", parent: "+evil+"}\npermissions:\n  - {key: a, id: 1, group: "+evil+"}\n")
	runs := [][]string{
		{"compat", "old.yaml", "new.yaml"},
		{"compat", "-format", "github", "old.yaml", "new.yaml"},
		{"compat", "old.yaml", "invalid.yaml"},
		{"compat", "-format", "github", "old.yaml", "invalid.yaml"},
	}
	for _, args := range runs {
		code, stdout, stderr := compatRun(t, args...)
		if code == 2 {
			t.Fatalf("%v: usage error:\n%s", args, stderr)
		}
		for _, raw := range []string{"\x1b", "\a", "\u009b", "\u202e"} {
			if strings.Contains(stdout+stderr, raw) {
				t.Errorf("%v prints %q raw:\n%s%s", args, raw, stdout, stderr)
			}
		}
		if !strings.Contains(stdout+stderr, `\x1b]0;owned\x07\x1b[2J\u009b31m\u202eevil`) {
			t.Errorf("%v does not show the spec text, escaped:\n%s%s", args, stdout, stderr)
		}
	}
}

// A blowupChange is a change between two versions of a spec whose catalog
// is quadratic in its size (see package blowup).
type blowupChange struct {
	name     string
	old, new func(n int) []byte
	sizes    int // the smaller of the two sizes the change is tested at
}

var blowupChanges = []blowupChange{
	{"requires removed", func(n int) []byte { return blowup.RequiresChain(n, true) }, func(n int) []byte { return blowup.RequiresChain(n, false) }, 1000},
	{"requires added", func(n int) []byte { return blowup.RequiresChain(n, false) }, func(n int) []byte { return blowup.RequiresChain(n, true) }, 1000},
	{"roles gained", func(n int) []byte { return blowup.RoleChain(n, false) }, func(n int) []byte { return blowup.RoleChain(n, true) }, 300},
	{"roles lost", func(n int) []byte { return blowup.RoleChain(n, true) }, func(n int) []byte { return blowup.RoleChain(n, false) }, 300},
}

// checkLinear measures the output of a command at two sizes of a spec, n
// and 2n, and fails unless it at most about doubles: a linear output
// doubles (a little more, as keys grow longer), a quadratic one grows
// four times.
func checkLinear(t *testing.T, n int, output func(t *testing.T, n int) int) {
	t.Helper()
	small, large := output(t, n), output(t, 2*n)
	if small == 0 || float64(large) > 2.6*float64(small) {
		t.Errorf("%d bytes at size %d, %d at size %d: the output grows faster than the spec", small, n, large, 2*n)
	}
}

// writeBlowupPair writes the two versions of a change at size n, and
// returns their paths.
func writeBlowupPair(t *testing.T, c blowupChange, n int) (old, new string) {
	t.Helper()
	dir := t.TempDir()
	old, new = filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml")
	writeCompatSpec(t, old, string(c.old(n)))
	writeCompatSpec(t, new, string(c.new(n)))
	return old, new
}

// TestCompatBlowup: compat's findings on the changes that touch every
// closure or role of a quadratic catalog grow linearly with the spec, in
// every format. (Roles that lose permissions are no finding of compat's.)
func TestCompatBlowup(t *testing.T) {
	for _, c := range blowupChanges {
		if c.name == "roles lost" {
			continue
		}
		for _, format := range []string{"text", "json", "github"} {
			t.Run(c.name+"/"+format, func(t *testing.T) {
				checkLinear(t, c.sizes, func(t *testing.T, n int) int {
					old, new := writeBlowupPair(t, c, n)
					code, stdout, stderr := compatRun(t, "compat", "-format", format, old, new)
					if code != 0 {
						t.Fatalf("exit %d: %s", code, stderr)
					}
					return len(stdout)
				})
			})
		}
	}
}
