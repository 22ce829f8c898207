package examples

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/tools/go/packages"
	"gopkg.in/yaml.v3"

	"github.com/permcat/permcat/internal/build"
)

// The README is the user's path; these tests hold it to what
// examples/downstream does and TestDownstream runs.

// readmeSection returns the body of the README section with the given
// "## " heading.
func readmeSection(t *testing.T, heading string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i := strings.Index(s, "\n## "+heading+"\n")
	if i < 0 {
		t.Fatalf("README.md has no section %q", heading)
	}
	s = s[i+len(heading)+5:]
	if j := strings.Index(s, "\n## "); j >= 0 {
		s = s[:j]
	}
	return s
}

// codeBlocks returns the contents of the fenced code blocks of section
// whose info string is lang.
func codeBlocks(section, lang string) []string {
	var blocks []string
	for {
		i := strings.Index(section, "```"+lang+"\n")
		if i < 0 {
			return blocks
		}
		section = section[i+len(lang)+4:]
		j := strings.Index(section, "```\n")
		if j < 0 {
			return blocks
		}
		blocks = append(blocks, section[:j])
		section = section[j+4:]
	}
}

// ciSteps returns the commands of the "- run:" lines of the README's CI
// example, split into words.
func ciSteps(t *testing.T) [][]string {
	t.Helper()
	var steps [][]string
	for _, block := range codeBlocks(readmeSection(t, "Use it in your repo"), "yaml") {
		for line := range strings.Lines(block) {
			if cmd, ok := strings.CutPrefix(strings.TrimSpace(line), "- run: "); ok {
				steps = append(steps, strings.Fields(cmd))
			}
		}
	}
	var check, compat bool
	for _, s := range steps {
		check = check || slices.Contains(s, "check")
		compat = compat || slices.Contains(s, "compat") && slices.Contains(s, "-against")
	}
	if !check || !compat {
		t.Fatalf("the README's CI example lacks a permcat check or compat -against step: %q", steps)
	}
	return steps
}

// TestReadmeUsesTheExample checks that the snippets of "Use it in your
// repo" are the lines examples/downstream holds.
func TestReadmeUsesTheExample(t *testing.T) {
	section := readmeSection(t, "Use it in your repo")
	for _, want := range []struct{ file, line string }{
		{"downstream/perms/generate.go", "//go:generate go run github.com/permcat/permcat/cmd/permcat generate perms.yaml"},
		{"downstream/perms/perms_test.go", `permcattest.UpToDate(t, "perms.yaml", "perms_gen.go")`},
		{"downstream/go.mod", "tool github.com/permcat/permcat/cmd/permcat"},
	} {
		data, err := os.ReadFile(want.file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(want.line)) {
			t.Errorf("examples/%s lacks %q", want.file, want.line)
		}
		if want.file != "downstream/go.mod" && !strings.Contains(section, want.line) {
			t.Errorf("README section \"Use it in your repo\" lacks %q, which examples/%s holds", want.line, want.file)
		}
	}
	if !strings.Contains(section, "go get -tool github.com/permcat/permcat/cmd/permcat@") {
		t.Errorf("README section \"Use it in your repo\" does not say how to add the tool line to go.mod")
	}
	for _, step := range ciSteps(t) {
		if step[0] != "go" {
			t.Errorf("CI step %q: TestDownstream runs go commands only", step)
		}
	}
}

// TestReadmeSpec checks that the annotated spec of "The spec format"
// compiles, is valid under the JSON Schema, and uses every field the
// schema declares.
func TestReadmeSpec(t *testing.T) {
	blocks := codeBlocks(readmeSection(t, "The spec format"), "yaml")
	if len(blocks) != 1 {
		t.Fatalf("README section \"The spec format\" has %d yaml blocks, want 1", len(blocks))
	}
	src := []byte(blocks[0])
	if _, err := build.Compile(build.Spec{Path: "perms.yaml", Data: src}); err != nil {
		t.Fatalf("the README's spec does not compile:\n%v", err)
	}

	var doc any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	asJSON, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(asJSON))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join("..", "spec", "permcat.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("permcat.schema.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("permcat.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("the README's spec is invalid under spec/permcat.schema.json: %v", err)
	}

	used := map[string]bool{}
	collectKeys(doc, used)
	declared := map[string]bool{}
	collectProperties(schemaDoc, declared)
	for _, name := range slices.Sorted(maps.Keys(declared)) {
		if !used[name] {
			t.Errorf("the README's spec never uses the field %q that spec/permcat.schema.json declares", name)
		}
	}
}

// collectKeys adds every mapping key of a decoded YAML document to keys.
func collectKeys(v any, keys map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			keys[k] = true
			collectKeys(x, keys)
		}
	case []any:
		for _, x := range v {
			collectKeys(x, keys)
		}
	}
}

// collectProperties adds the name of every property a JSON Schema declares
// (the keys of each "properties" object, at any depth) to names.
func collectProperties(v any, names map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		if props, ok := v["properties"].(map[string]any); ok {
			for k := range props {
				names[k] = true
			}
		}
		for _, x := range v {
			collectProperties(x, names)
		}
	case []any:
		for _, x := range v {
			collectProperties(x, names)
		}
	}
}

// fence is one fenced code block of README.md.
type fence struct {
	info string // the info string: "go", "sh", "yaml", ...
	line int    // README.md's line number of the block's first line
	text string
}

// readmeFences returns every fenced code block of README.md.
func readmeFences(t *testing.T) []fence {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var fences []fence
	var cur *fence
	var body strings.Builder
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &fence{info: strings.TrimSpace(strings.TrimPrefix(line, "```")), line: i + 2}
			body.Reset()
		case cur != nil && line == "```":
			cur.text = body.String()
			fences = append(fences, *cur)
			cur = nil
		case cur != nil:
			body.WriteString(line + "\n")
		}
	}
	if cur != nil {
		t.Fatalf("README.md:%d: a code block is never closed", cur.line-1)
	}
	return fences
}

// TestReadmeGoSnippets type-checks every Go block of README.md against
// the packages generated from the specs the README shows (the tour's and
// the one of "The spec format"), in a temporary module that requires this
// checkout. A block that starts with a package clause is a whole file of
// that package (the go:generate file, the drift test, which then compiles
// against permcattest); any other block is a run of statements, checked
// inside a function that has db (*sql.DB) and id (int64) in scope, where
// only "declared and not used" is forgiven: a snippet shows a value without
// the code that uses it. Every block has an info string from a fixed list,
// so that none is skipped by an unknown one.
func TestReadmeGoSnippets(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks a temporary module with the go command; skipped with -short")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	const module = "example.com/readme"
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module "+module+"\n\ngo 1.26.0\n\nrequire github.com/permcat/permcat v0.0.0\n\nreplace github.com/permcat/permcat => "+root+"\n")

	// The specs: every yaml block with a "permcat:" line, generated into
	// the directory of its package.
	var pkgs []string
	var goBlocks []fence
	for _, f := range readmeFences(t) {
		switch f.info {
		case "go":
			goBlocks = append(goBlocks, f)
		case "sh", "yaml":
		default:
			t.Errorf("README.md:%d: code block with info string %q; use go (type-checked), sh or yaml", f.line-1, f.info)
		}
		if f.info != "yaml" || !strings.Contains("\n"+f.text, "\npermcat: 1") {
			continue
		}
		specPath := filepath.Join(dir, fmt.Sprintf("spec%d.yaml", f.line))
		r, err := build.Compile(build.Spec{Path: specPath, Data: []byte(f.text), Out: filepath.Join(dir, "PKG", "gen.go")})
		if err != nil {
			t.Fatalf("README.md:%d: the spec does not compile:\n%v", f.line, err)
		}
		pkg := r.Catalog.Package
		if slices.Contains(pkgs, pkg) {
			t.Fatalf("README.md:%d: a second spec of package %s", f.line, pkg)
		}
		pkgs = append(pkgs, pkg)
		write(pkg+"/"+pkg+"_gen.go", string(r.Files[0].Content))
	}
	if len(pkgs) < 2 || len(goBlocks) == 0 {
		t.Fatalf("README.md shows specs of packages %q and %d Go blocks; want the tour's, the spec format's and some Go", pkgs, len(goBlocks))
	}

	var imports, uses []string
	for _, p := range pkgs {
		imports = append(imports, fmt.Sprintf("\t%q", module+"/"+p))
		uses = append(uses, "\t_ = "+p+".Of")
	}
	written := map[string]int{} // file → README line
	for _, b := range goBlocks {
		directive := fmt.Sprintf("//line README.md:%d:1\n", b.line)
		if pkg, ok := strings.CutPrefix(strings.SplitN(strings.TrimSpace(b.text), "\n", 2)[0], "package "); ok {
			pkg = strings.TrimSpace(pkg)
			name := fmt.Sprintf("%s/readme%d.go", strings.TrimSuffix(pkg, "_test"), b.line)
			if strings.HasSuffix(pkg, "_test") || strings.Contains(b.text, `"testing"`) {
				name = strings.TrimSuffix(name, ".go") + "_test.go"
			}
			write(name, directive+b.text)
			written[name] = b.line
			continue
		}
		name := fmt.Sprintf("snippets/readme%d.go", b.line)
		write(name, "package snippets\n\nimport (\n\t\"database/sql\"\n\n"+strings.Join(imports, "\n")+"\n)\n\nvar (\n"+strings.Join(uses, "\n")+"\n)\n\n"+
			"func _(db *sql.DB, id int64) {\n"+directive+b.text+"}\n")
		written[name] = b.line
	}

	cfg := &packages.Config{
		Mode:  packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo,
		Dir:   dir,
		Tests: true,
		Env:   append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local"),
	}
	loaded, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	checked := map[string]bool{}
	reported := map[string]bool{}
	report := func(msg string) {
		if !reported[msg] {
			reported[msg] = true
			t.Error(msg)
		}
	}
	for _, p := range loaded {
		for _, f := range p.CompiledGoFiles {
			if rel, err := filepath.Rel(dir, f); err == nil {
				checked[filepath.ToSlash(rel)] = true
			}
		}
		for _, e := range p.Errors {
			// The compiler's own report ("# pkg" and its errors, from
			// go list -export) repeats the type checker's, which is
			// judged below with "declared and not used" forgiven.
			if e.Kind != packages.TypeError && !strings.HasPrefix(e.Msg, "# ") {
				report(fmt.Sprintf("%s: %s", e.Pos, e.Msg))
			}
		}
		for _, e := range p.TypeErrors {
			if e.Soft && strings.HasPrefix(e.Msg, "declared and not used") {
				continue
			}
			pos := e.Fset.Position(e.Pos)
			if filepath.Base(pos.Filename) == "README.md" {
				pos.Filename = "README.md" // as the line directive names it
			}
			report(fmt.Sprintf("%s: %s", pos, e.Msg))
		}
	}
	for name, line := range written {
		if !checked[name] {
			t.Errorf("README.md:%d: the Go block was not type-checked (written as %s)", line, name)
		}
	}
}
