package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/permcat/permcat/internal/docs"
)

const docsSpec = `permcat: 1
catalog:
  name: perms
  title: Test permissions
groups:
  - key: g
    title: Group
permissions:
  - key: read
    id: 1
    group: g
    description: Read things.
  - key: write
    id: 2
    group: g
    description: Write things.
    requires:
      - key: read
        reason: Writing needs reading.
`

// runCmd runs a permcat command line in-process and returns its exit
// status and output.
func docsRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(&env{stdout: &out, stderr: &errOut}, args)
	return code, out.String(), errOut.String()
}

func docsMustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := docsRun(t, args...)
	if code != 0 {
		t.Fatalf("permcat %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, stdout, stderr)
	}
	return stdout + stderr
}

func docsWriteSpec(t *testing.T) {
	t.Helper()
	t.Chdir(t.TempDir())
	if err := os.WriteFile("perms.yaml", []byte(docsSpec), 0o644); err != nil {
		t.Fatal(err)
	}
}

func docsReadFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDocsAndCheck: docs writes the Markdown beside the spec and nothing
// else; generate writes it too, next to the package; check fails when the
// .md is stale or missing and names it; docs (or generate) fixes it.
func TestDocsAndCheck(t *testing.T) {
	docsWriteSpec(t)
	out := docsMustRun(t, "docs", "perms.yaml")
	if !strings.Contains(out, "wrote perms_gen.md") {
		t.Errorf("docs did not report the file it wrote: %q", out)
	}
	md := docsReadFile(t, "perms_gen.md")
	if !strings.HasPrefix(md, docs.Header+"\n<!-- source: perms.yaml -->\n") {
		t.Errorf("perms_gen.md starts with %q", md[:min(len(md), 120)])
	}
	for _, want := range []string{"| Permission | Description | Requires | ID | Key |", "[read](#perm.1)<sup>1</sup>", "  p2 --> p1", "“Writing needs reading.”"} {
		if !strings.Contains(md, want) {
			t.Errorf("perms_gen.md lacks %q", want)
		}
	}
	if _, err := os.Stat("perms_gen.go"); err == nil {
		t.Errorf("docs wrote the Go package too")
	}

	// generate writes the package and leaves the identical Markdown alone.
	out = docsMustRun(t, "generate", "perms.yaml")
	if !strings.Contains(out, "wrote perms_gen.go") || strings.Contains(out, "perms_gen.md") {
		t.Errorf("generate output: %q", out)
	}
	docsMustRun(t, "check", "perms.yaml")

	// A stale reference fails the check, which names it and shows the diff.
	if err := os.WriteFile("perms_gen.md", []byte(strings.Replace(md, "Read things.", "Read stuff.", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := docsRun(t, "check", "perms.yaml")
	if code != 1 || !strings.Contains(stdout, "perms_gen.md is stale") || !strings.Contains(stdout, "-| <a id=\"perm.1\"></a>read | Read stuff.") || !strings.Contains(stderr, "1 generated file(s) out of date") {
		t.Errorf("check on a stale .md: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	docsMustRun(t, "docs", "perms.yaml")
	if docsReadFile(t, "perms_gen.md") != md {
		t.Errorf("docs did not restore the reference")
	}
	docsMustRun(t, "check", "perms.yaml")

	// A missing reference too; generate restores it.
	if err := os.Remove("perms_gen.md"); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = docsRun(t, "check", "perms.yaml")
	if code != 1 || !strings.Contains(stdout, "perms_gen.md is missing") {
		t.Errorf("check on a missing .md: exit %d\n%s", code, stdout)
	}
	docsMustRun(t, "generate", "perms.yaml")
	docsMustRun(t, "check", "perms.yaml")

	// Running docs again changes nothing.
	if out := docsMustRun(t, "docs", "perms.yaml"); out != "" {
		t.Errorf("docs on an up-to-date file said %q", out)
	}
}

// TestDocsOutput: -o writes the reference elsewhere, with its source line
// relative to it.
func TestDocsOutput(t *testing.T) {
	docsWriteSpec(t)
	docsMustRun(t, "docs", "-o", filepath.Join("doc", "permissions.md"), "perms.yaml")
	md := docsReadFile(t, filepath.Join("doc", "permissions.md"))
	if !strings.HasPrefix(md, docs.Header+"\n<!-- source: ../perms.yaml -->\n") {
		t.Errorf("doc/permissions.md starts with %q", md[:min(len(md), 120)])
	}
	if _, err := os.Stat("perms_gen.md"); err == nil {
		t.Errorf("-o also wrote the default file")
	}
	if code, _, _ := docsRun(t, "docs", "-o", "x.md"); code != 2 {
		t.Errorf("-o without a SPEC: exit %d, want 2", code)
	}
}

// TestDocsKeepsHandWritten: docs never overwrites a Markdown file a person
// wrote, unless -force.
func TestDocsKeepsHandWritten(t *testing.T) {
	docsWriteSpec(t)
	const mine = "# My notes\n"
	if err := os.WriteFile("perms_gen.md", []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := docsRun(t, "docs", "perms.yaml")
	if code != 1 || !strings.Contains(stderr, "refusing to overwrite perms_gen.md") {
		t.Errorf("docs over a hand-written file: exit %d, %s", code, stderr)
	}
	if docsReadFile(t, "perms_gen.md") != mine {
		t.Fatalf("the hand-written file was changed")
	}
	if code, _, _ := docsRun(t, "generate", "perms.yaml"); code != 1 || docsReadFile(t, "perms_gen.md") != mine {
		t.Errorf("generate over a hand-written .md: exit %d", code)
	}
	docsMustRun(t, "docs", "-force", "perms.yaml")
	if !strings.HasPrefix(docsReadFile(t, "perms_gen.md"), docs.Header) {
		t.Errorf("-force did not replace the file")
	}
}

// TestCheckFindsOrphanMarkdown: a generated reference whose spec is gone
// is reported like an orphaned package; a hand-written .md is not.
func TestCheckFindsOrphanMarkdown(t *testing.T) {
	permcatRepository(t)
	docsMustRun(t, "generate", "-dir", "out")
	for _, f := range []string{"out/pbn/pbn.md", "out/opendental/opendental.md"} {
		if !strings.HasPrefix(docsReadFile(t, f), docs.Header) {
			t.Errorf("generate did not write %s", f)
		}
	}
	docsMustRun(t, "check", "-dir", "out")
	if err := os.MkdirAll("out/gone", 0o755); err != nil {
		t.Fatal(err)
	}
	orphan := docs.Header + "\n" + docs.SourceLine("../../gone.yaml") + "\n\n# Gone\n"
	if err := os.WriteFile("out/gone/gone.md", []byte(orphan), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("out/README.md", []byte("# Generated packages\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := docsRun(t, "check", "-dir", "out")
	if code != 1 || !strings.Contains(stdout, filepath.Join("out", "gone", "gone.md")+" is orphan") || strings.Contains(stdout, "README") {
		t.Errorf("check with an orphaned .md: exit %d\n%s", code, stdout)
	}
}

func TestDocsHelp(t *testing.T) {
	out := docsMustRun(t, "help", "docs")
	for _, want := range []string{"usage: permcat docs [-o FILE|-]", "-force", "-dir", "permcat docs perms.yaml"} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks %q:\n%s", want, out)
		}
	}
	if out := docsMustRun(t, "help"); !strings.Contains(out, "docs") {
		t.Errorf("the command list lacks docs:\n%s", out)
	}
}
