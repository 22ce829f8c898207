package examples

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
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
