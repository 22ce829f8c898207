package gen_test

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/permcat/permcat/internal/gen"
	"github.com/permcat/permcat/internal/model"
)

var update = flag.Bool("update", false, "rewrite the want.go files of testdata/golden/*.txtar")

// goldenCase is one archive of testdata/golden: a spec, the exact source
// it must compile to, and optionally a test of the generated package's
// behaviour.
type goldenCase struct {
	name      string
	file      string
	ar        *txtar.Archive
	spec      []byte
	behaviour []byte
	opts      gen.Options
}

func goldenCases(t *testing.T) []goldenCase {
	t.Helper()
	files, err := filepath.Glob("../../testdata/golden/*.txtar")
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
			switch f.Name {
			case "spec.yaml":
				c.spec = f.Data
			case "behaviour_test.go":
				c.behaviour = f.Data
			}
		}
		if c.spec == nil {
			t.Fatalf("%s has no spec.yaml", file)
		}
		cases = append(cases, c)
	}
	return cases
}

func (c goldenCase) generate(t *testing.T) ([]byte, *model.Catalog) {
	t.Helper()
	cat, err := model.Load("spec.yaml", c.spec)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	out, err := gen.Generate(cat, c.opts)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	return out, cat
}

// TestGolden compares the generator's output with want.go byte for byte.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			got, _ := c.generate(t)
			i := slices.IndexFunc(c.ar.Files, func(f txtar.File) bool { return f.Name == "want.go" })
			if *update {
				if i < 0 {
					c.ar.Files = append(c.ar.Files, txtar.File{Name: "want.go"})
					i = len(c.ar.Files) - 1
				}
				c.ar.Files[i].Data = got
				if err := os.WriteFile(c.file, txtar.Format(c.ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if i < 0 {
				t.Fatal("archive has no want.go; run go test ./internal/gen -run TestGolden -update")
			}
			if want := c.ar.Files[i].Data; !bytes.Equal(got, want) {
				t.Errorf("output differs from want.go (run go test ./internal/gen -run TestGolden -update to accept):\n%s", firstDifference(want, got))
			}
		})
	}
}

// firstDifference shows the first differing line with its number.
func firstDifference(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, wl, gl)
		}
	}
	return "(same lines, different bytes)"
}

// TestOutputDeclaresOnlyWhatTheSpecAsks parses every golden output and
// checks its package-level names: exported ones are the catalog's own
// constants and the fixed API of model.GeneratedNames, unexported ones are
// listed in gen.UnexportedNames, and there is no init function, whatever
// text the spec holds.
func TestOutputDeclaresOnlyWhatTheSpecAsks(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			src, cat := c.generate(t)
			allowed := map[string]bool{cat.Type: true}
			for _, n := range model.GeneratedNames {
				allowed[n] = true
			}
			for _, n := range gen.UnexportedNames {
				allowed[n] = true
			}
			for _, p := range cat.Permissions {
				allowed[p.GoName] = true
			}
			for _, x := range cat.Groups {
				allowed[x.GoName] = true
			}
			for _, x := range cat.Flags {
				allowed[x.GoName] = true
			}
			for _, x := range cat.Features {
				allowed[x.GoName] = true
			}
			for _, x := range cat.Roles {
				allowed[x.GoName] = true
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "out.go", src, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			if !ast.IsGenerated(f) {
				t.Error("output is not recognised by ast.IsGenerated")
			}
			for _, imp := range f.Imports {
				if path := strings.Trim(imp.Path.Value, `"`); strings.Contains(strings.Split(path, "/")[0], ".") {
					t.Errorf("output imports %s, outside the standard library", path)
				}
			}
			for _, decl := range f.Decls {
				switch d := decl.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil && !allowed[d.Name.Name] {
						t.Errorf("output declares func %s", d.Name.Name)
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						switch s := s.(type) {
						case *ast.ValueSpec:
							for _, n := range s.Names {
								if !allowed[n.Name] {
									t.Errorf("output declares %s", n.Name)
								}
							}
						case *ast.TypeSpec:
							if !allowed[s.Name.Name] {
								t.Errorf("output declares type %s", s.Name.Name)
							}
						}
					}
				}
			}
		})
	}
}

// TestGeneratedCodeBehaves writes every golden case's package, with its
// behaviour_test.go, into one temporary module and runs go vet and go test
// there: the output is compiled and exercised, not only compared.
func TestGeneratedCodeBehaves(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command; skipped in -short mode")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/golden\n\ngo 1.23\n")
	for _, c := range goldenCases(t) {
		src, cat := c.generate(t)
		pkg := filepath.Join(dir, c.name)
		writeFile(t, filepath.Join(pkg, cat.Package+".go"), string(src))
		if c.behaviour != nil {
			writeFile(t, filepath.Join(pkg, "behaviour_test.go"), string(c.behaviour))
		}
	}
	goCmd(t, dir, "vet", "./...")
	out := goCmd(t, dir, "test", "-count=1", "./...")
	t.Logf("go test in the generated module:\n%s", out)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
