package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRenamedCatalog: after catalog.name changes, the old package is
// obsolete. check reports it (it used to pass while the directory held two
// packages' worth of declarations); generate removes it, and only it.
func TestRenamedCatalog(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "app/perms.yaml", clinicSpec)
	writeFile(t, "app/other.yaml", strings.Replace(clinicSpec, "name: clinic", "name: other\n  package: clinic", 1))
	if code, _, errOut := permcat(t, "generate", "app/perms.yaml", "app/other.yaml"); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, errOut)
	}
	writeFile(t, "app/perms.yaml", strings.Replace(clinicSpec, "name: clinic", "name: shop\n  package: clinic", 1))

	code, out, errOut := permcat(t, "check", "app/perms.yaml")
	if code != 1 {
		t.Fatalf("check after a rename: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"app/clinic_gen.go is obsolete: it was generated from app/perms.yaml, which now produces app/shop_gen.go and app/shop_gen.md instead",
		"app/clinic_gen.md is obsolete",
		"app/shop_gen.go is missing",
	} {
		if !strings.Contains(filepath.ToSlash(out), want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "other_gen") {
		t.Errorf("check reported another spec's output:\n%s", out)
	}

	code, _, errOut = permcat(t, "generate", "app/perms.yaml")
	if code != 0 {
		t.Fatalf("generate after the rename: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"removed app/clinic_gen.go: app/perms.yaml no longer produces it", "removed app/clinic_gen.md", "wrote app/shop_gen.go"} {
		if !strings.Contains(filepath.ToSlash(errOut), want) {
			t.Errorf("generate output lacks %q:\n%s", want, errOut)
		}
	}
	for _, p := range []string{"app/clinic_gen.go", "app/clinic_gen.md"} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s is still there", p)
		}
	}
	for _, p := range []string{"app/other_gen.go", "app/shop_gen.go", "app/perms.yaml"} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if code, out, errOut := permcat(t, "check", "app/perms.yaml", "app/other.yaml"); code != 0 {
		t.Errorf("check after generate: exit %d\n%s%s", code, out, errOut)
	}
}

// TestPackageClash: a spec whose package differs from the Go files beside
// its output fails generate and check, naming the files and the fix, and
// writes nothing.
func TestPackageClash(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "authz/perms.yaml", clinicSpec)
	writeFile(t, "authz/generate.go", "package authz\n\n//go:generate permcat generate perms.yaml\n")
	writeFile(t, "authz/tools.go", "//go:build ignore\n\npackage main\n")
	for _, cmd := range []string{"generate", "check"} {
		code, _, errOut := permcat(t, cmd, "authz/perms.yaml")
		if code != 1 {
			t.Errorf("%s: exit %d: %s", cmd, code, errOut)
		}
		for _, want := range []string{
			"authz/clinic_gen.go (generated from authz/perms.yaml, catalog.package): package clinic",
			"authz/generate.go: package authz",
			`Set "package: authz" under catalog: in authz/perms.yaml`,
		} {
			if !strings.Contains(filepath.ToSlash(errOut), want) {
				t.Errorf("%s: stderr lacks %q:\n%s", cmd, want, errOut)
			}
		}
		if strings.Contains(errOut, "tools.go") {
			t.Errorf("%s: a file no build compiles was counted:\n%s", cmd, errOut)
		}
	}
	if _, err := os.Stat("authz/clinic_gen.go"); err == nil {
		t.Error("generate wrote the package anyway")
	}
	writeFile(t, "authz/perms.yaml", strings.Replace(clinicSpec, "name: clinic", "name: clinic\n  package: authz", 1))
	if code, _, errOut := permcat(t, "generate", "authz/perms.yaml"); code != 0 {
		t.Errorf("after the fix: exit %d: %s", code, errOut)
	}
}

// TestTwoSpecsOneOutput: two specs of one run that produce the same file
// fail, naming both, and write nothing.
func TestTwoSpecsOneOutput(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "a.yaml", clinicSpec)
	writeFile(t, "b.yaml", clinicSpec)
	code, _, errOut := permcat(t, "generate", "a.yaml", "b.yaml")
	if code != 1 || !strings.Contains(errOut, "permcat: a.yaml and b.yaml both produce clinic_gen.go") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat("clinic_gen.go"); err == nil {
		t.Error("something was written")
	}
	if code, _, errOut := permcat(t, "check", "a.yaml", "b.yaml"); code != 1 || !strings.Contains(errOut, "both produce") {
		t.Errorf("check: exit %d: %s", code, errOut)
	}
}

// TestOutputOfAnotherSpec: -o onto a file generated from another spec is
// refused, naming both, unless -force.
func TestOutputOfAnotherSpec(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "a.yaml", clinicSpec)
	writeFile(t, "b.yaml", clinicSpec)
	if code, _, errOut := permcat(t, "generate", "a.yaml", "-o", "out/p.go"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	before := readFile(t, "out/p.go")
	code, _, errOut := permcat(t, "generate", "b.yaml", "-o", "out/p.go")
	if code != 1 || !strings.Contains(errOut, "permcat: refusing to overwrite out/p.go: it was generated from a.yaml, not from b.yaml") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if readFile(t, "out/p.go") != before {
		t.Fatal("the other spec's output changed")
	}
	if code, _, errOut := permcat(t, "docs", "b.yaml", "-o", "out/p.md"); code != 1 || !strings.Contains(errOut, "generated from a.yaml, not from b.yaml") {
		t.Errorf("docs -o onto another spec's reference: exit %d: %s", code, errOut)
	}
	if code, _, errOut := permcat(t, "generate", "b.yaml", "-o", "out/p.go", "-force"); code != 0 {
		t.Fatalf("-force: exit %d: %s", code, errOut)
	}
	if !strings.Contains(readFile(t, "out/p.go"), "// source: ../b.yaml\n") {
		t.Error("-force did not replace the file")
	}
}

// TestExportOutput: export -o replaces an earlier export only; anything
// else (the spec itself, hand-written Go, another JSON file) needs -force;
// -o - is standard output.
func TestExportOutput(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "perms.yaml", clinicSpec)
	writeFile(t, "perms.go", "package perms\n")
	writeFile(t, "package.json", `{"name": "web"}`+"\n")
	_, want, _ := permcat(t, "export", "perms.yaml")
	if !strings.HasPrefix(want, exportHeader+"\n") {
		t.Fatalf("an export does not start with exportHeader %q:\n%.80s", exportHeader, want)
	}
	for _, target := range []string{"perms.yaml", "perms.go", "package.json"} {
		before := readFile(t, target)
		code, _, errOut := permcat(t, "export", "perms.yaml", "-o", target)
		if code != 1 || !strings.Contains(errOut, "refusing to overwrite "+target) || !strings.Contains(errOut, "-force") {
			t.Errorf("export -o %s: exit %d: %s", target, code, errOut)
		}
		if readFile(t, target) != before {
			t.Errorf("export -o %s changed it", target)
		}
	}
	if code, _, errOut := permcat(t, "export", "perms.yaml", "-o", "web/perms.json"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	writeFile(t, "perms.yaml", strings.Replace(clinicSpec, "See schedule page", "See the schedule", 1))
	if code, _, errOut := permcat(t, "export", "perms.yaml", "-o", "web/perms.json"); code != 0 || !strings.Contains(readFile(t, "web/perms.json"), "See the schedule") {
		t.Errorf("replacing an earlier export: exit %d: %s", code, errOut)
	}
	if code, _, errOut := permcat(t, "export", "perms.yaml", "-o", "package.json", "-force"); code != 0 || !strings.HasPrefix(readFile(t, "package.json"), exportHeader) {
		t.Errorf("-force: exit %d: %s", code, errOut)
	}
	code, out, errOut := permcat(t, "export", "-o", "-", "perms.yaml")
	if code != 0 || !strings.HasPrefix(out, exportHeader) || errOut != "" {
		t.Errorf("-o -: exit %d, stdout %.40q, stderr %q", code, out, errOut)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error("-o - wrote a file named -")
	}
}

// TestDocsToStandardOutput: docs -o - prints the reference and writes
// nothing.
func TestDocsToStandardOutput(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "perms.yaml", clinicSpec)
	code, out, errOut := permcat(t, "docs", "perms.yaml", "-o", "-")
	if code != 0 || !strings.HasPrefix(out, "<!-- Code generated by permcat. DO NOT EDIT. -->\n<!-- source: perms.yaml -->\n") || errOut != "" {
		t.Fatalf("exit %d, stdout %.100q, stderr %q", code, out, errOut)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 1 {
		t.Errorf("docs -o - wrote files: %v", entries)
	}
}
