package spec_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/permcat/permcat/internal/model"
)

const (
	schemaFile = "permcat.schema.json"
	schemaID   = "https://github.com/permcat/permcat/spec/permcat.schema.json"
	// modeline is the first line of every shipped spec: it points
	// yaml-language-server (VS Code, Neovim, ...) at the schema beside it.
	modeline = "# yaml-language-server: $schema=permcat.schema.json"
)

// compileSchema compiles permcat.schema.json, which also checks it against
// the draft 2020-12 meta-schema.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc := readSchema(t)
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaID, doc); err != nil {
		t.Fatalf("add %s: %v", schemaFile, err)
	}
	sch, err := c.Compile(schemaID)
	if err != nil {
		t.Fatalf("compile %s: %v", schemaFile, err)
	}
	return sch
}

func readSchema(t *testing.T) any {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s is not valid JSON: %v", schemaFile, err)
	}
	return doc
}

// yamlToJSON converts a YAML document into the values JSON decoding would
// produce (map[string]any, []any, string, numbers, bool, nil), the way an
// editor's YAML language server hands it to the schema. It walks yaml.v3
// nodes rather than decoding into any so that, like the loader, it keeps
// merge keys ("<<") as plain fields and timestamps as their text.
func yamlToJSON(t *testing.T, data []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("invalid YAML: %v", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil
	}
	v, err := nodeToJSON(doc.Content[0])
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func nodeToJSON(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return nodeToJSON(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := nodeToJSON(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, e := range n.Content {
			v, err := nodeToJSON(e)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool", "!!int", "!!float":
			var v any
			if err := n.Decode(&v); err != nil {
				return nil, fmt.Errorf("line %d: %v", n.Line, err)
			}
			return v, nil
		}
		return n.Value, nil
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node kind %v", n.Line, n.Kind)
}

func validateYAML(t *testing.T, sch *jsonschema.Schema, data []byte) error {
	t.Helper()
	return sch.Validate(yamlToJSON(t, data))
}

func TestShippedSpecsMatchSchema(t *testing.T) {
	sch := compileSchema(t)
	files, err := filepath.Glob("*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"pbn.yaml", "opendental.yaml"} {
		if !slices.Contains(files, want) {
			t.Errorf("shipped spec %s is missing from spec/", want)
		}
	}
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if err := validateYAML(t, sch, data); err != nil {
				t.Errorf("%s does not match %s:\n%v", name, schemaFile, err)
			}
		})
	}
}

func TestShippedSpecsPointAtSchema(t *testing.T) {
	for _, name := range []string{"pbn.yaml", "opendental.yaml"} {
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(name)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sc := bufio.NewScanner(f)
			sc.Scan()
			if err := sc.Err(); err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSuffix(sc.Text(), "\r"); got != modeline {
				t.Errorf("first line of %s is %q, want %q", name, got, modeline)
			}
		})
	}
}

// goodSpecs are valid catalogs: the schema and model.Load must both accept
// them.
var goodSpecs = []struct {
	name string
	spec string
}{
	{"minimal", `
permcat: 1
catalog: {name: tiny}
permissions:
  - {key: Read, id: 0}
`},
	{"every field", `
permcat: 1
catalog:
  name: dental_office
  title: Dental office permissions
  source: "An imaginary manual, chapter 3"
  package: dental
  type: Perm
flags:
  - key: user_group_lock_date
    description: The user group's own date limit applies.
  - key: global_lock_date
attributes:
  - key: date_field
    description: Field whose date is compared with the lock date.
features:
  - key: dental_schools
    description: Active only when Dental Schools is enabled.
  - key: cloud
groups:
  - key: main_menu
    title: Main Menu
    description: The menu bar.
  - key: dental_school
    title: Dental School
    parent: main_menu
    feature: dental_schools
permissions:
  - key: CarrierEdit
    id: 1
    name: Carrier Edit
    group: main_menu
    description: Edit carriers.
    flags: [user_group_lock_date, global_lock_date]
    attributes: {date_field: CommDateTime}
  - key: CarrierCreate
    id: 2
    name: Carrier Create
    group: dental_school
    description: Create carriers.
    requires:
      - CarrierEdit
    go_name: CarrierCreate
    feature: cloud
    replaces: [legacy_key, "old/carrier:create"]
    deprecated: ""
  - key: ProviderAdd
    id: 3
    group: main_menu
  - key: InstructorEdit
    id: 4
    group: dental_school
    requires:
      - key: ProviderAdd
        reason: "Must also have Provider Add permission."
      - {key: CarrierEdit}
    deprecated: Use ProviderAdd.
reserved:
  ids: [0, 17]
  keys: [manage_user_logins_and_access_privileges]
roles:
  - key: reception
    title: Reception
    description: Front desk basics.
    permissions: [CarrierEdit]
  - key: front_desk
    includes: [reception]
    permissions: [CarrierCreate, CarrierEdit]
`},
	{"id range ends", `
permcat: 1
catalog: {name: ends}
permissions:
  - {key: First, id: 0}
  - {key: Last, id: 65535}
reserved: {ids: [1, 65534]}
`},
	{"key punctuation", `
permcat: 1
catalog: {name: cloud_actions}
permissions:
  - {key: "s3:GetObject", id: 1}
  - {key: ec2.describe-instances, id: 2}
  - {key: a/b_c, id: 3}
`},
	{"keys differing in case", `
permcat: 1
catalog: {name: filters}
permissions:
  - {key: httpFilters, id: 1}
  - {key: httpfilters, id: 2, go_name: HTTPFiltersLower}
`},
	{"empty lists written as null", `
permcat: 1
catalog: {name: nulls}
flags:
attributes:
features:
groups:
roles:
reserved:
  ids:
  keys:
permissions:
  - key: Read
    id: 1
    flags:
    requires:
    replaces:
`},
	{"empty attribute mapping and quoted number title", `
permcat: 1
catalog: {name: quoted, title: "2024"}
attributes:
  - {key: date_field, description: "12"}
permissions:
  - {key: Read, id: 1, attributes: {}, description: "42"}
  - {key: Write, id: 2, attributes: {date_field: "2024"}}
`},
	{"honest Unicode in display names", `
permcat: 1
catalog: {name: intl, title: "Praxis – Berechtigungen"}
groups:
  - {key: billing, title: "Abrechnung & Überweisungen"}
  - {key: jp, title: 予約}
permissions:
  - {key: a, id: 1, group: billing, name: "Überweisung prüfen", description: "café, naïve"}
  - {key: b, id: 2, group: jp, name: 予約を編集する}
  - {key: c, id: 3, group: jp, name: "עריכת תורים"}
  - {key: d, id: 4, group: jp, name: "Herz ❤️ setzen"}
roles:
  - {key: r, title: Réception, permissions: [a]}
`},
	{"package with underscore", `
permcat: 1
catalog: {name: x9, package: perm_x9, type: Access_Right}
permissions:
  - {key: Read, id: 7}
`},
}

func TestGoodSpecs(t *testing.T) {
	sch := compileSchema(t)
	for _, tc := range goodSpecs {
		t.Run(tc.name, func(t *testing.T) {
			if err := validateYAML(t, sch, []byte(tc.spec)); err != nil {
				t.Errorf("schema rejects a valid spec:\n%v", err)
			}
			if _, err := model.Load(tc.name+".yaml", []byte(tc.spec)); err != nil {
				t.Errorf("model.Load rejects the spec, so it is not a good case:\n%v", err)
			}
		})
	}
}

// badSpecs are invalid in ways the schema can express: the schema and
// model.Load must both reject them. loader is a fragment of the loader's
// message, which keeps each case failing for the reason it is meant to.
var badSpecs = []struct {
	name   string
	spec   string
	loader string
}{
	{"unknown top-level field", `
permcat: 1
catalog: {name: c}
permission:
  - {key: Read, id: 1}
permissions:
  - {key: Read, id: 1}
`, `unknown field "permission"`},
	{"unknown permission field", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1, title: Read}
`, `unknown field "title"`},
	{"unknown catalog field", `
permcat: 1
catalog: {name: c, version: 2}
permissions:
  - {key: Read, id: 1}
`, `unknown field "version"`},
	{"unknown group field", `
permcat: 1
catalog: {name: c}
groups:
  - {key: g, label: G}
permissions:
  - {key: Read, id: 1, group: g}
`, `unknown field "label"`},
	{"unknown requires entry field", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
  - {key: Write, id: 2, requires: [{key: Read, why: x}]}
`, `unknown field "why"`},
	{"unknown reserved field", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
reserved: {names: [Old]}
`, `unknown field "names"`},
	{"unknown role field", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
roles:
  - {key: r, grants: [Read]}
`, `unknown field "grants"`},
	{"merge key", `
permcat: 1
catalog: {name: c}
permissions:
  - &base {key: Read, id: 1}
  - {<<: *base, key: Write, id: 2}
`, `unknown field "<<"`},
	{"id is a string", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: five}
`, "must be a whole number"},
	{"id is a quoted number", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: "5"}
`, "must be a whole number"},
	{"id is a fraction", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1.5}
`, "must be a whole number"},
	{"id is negative", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: -1}
`, "outside 0..65535"},
	{"id is too large", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 70000}
`, "outside 0..65535"},
	{"missing permcat", `
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
`, `missing required field "permcat"`},
	{"missing catalog", `
permcat: 1
permissions:
  - {key: Read, id: 1}
`, `missing required field "catalog"`},
	{"missing catalog name", `
permcat: 1
catalog: {title: C}
permissions:
  - {key: Read, id: 1}
`, `missing required field "name"`},
	{"missing permissions", `
permcat: 1
catalog: {name: c}
`, `missing required field "permissions"`},
	{"empty permissions list", `
permcat: 1
catalog: {name: c}
permissions: []
`, "permissions is empty"},
	{"missing permission id", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read}
`, `missing required field "id"`},
	{"missing permission key", `
permcat: 1
catalog: {name: c}
permissions:
  - {id: 1}
`, `missing required field "key"`},
	{"missing flag key", `
permcat: 1
catalog: {name: c}
flags:
  - {description: no key}
permissions:
  - {key: Read, id: 1}
`, `missing required field "key"`},
	{"missing role key", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
roles:
  - {permissions: [Read]}
`, `missing required field "key"`},
	{"format version 2", `
permcat: 2
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
`, "format version 2 is not supported"},
	{"format version as a string", `
permcat: "1"
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
`, "must be a whole number"},
	{"key starts with a digit", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: 1abc, id: 1}
`, "must start with a letter"},
	{"key holds a space", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read All, id: 1}
`, "must start with a letter"},
	{"requires entry is a number", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
  - {key: Write, id: 2, requires: [5]}
`, `unknown permission "5"`},
	{"requires entry is null", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
  - {key: Write, id: 2, requires: [~]}
`, "requires entry must be a permission key"},
	{"requires mapping without key", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
  - key: Write
    id: 2
    requires:
      - reason: Must also have Read.
`, `missing required field "key"`},
	{"requires lists a key twice", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
  - {key: Write, id: 2, requires: [Read, Read]}
`, "requires Read twice"},
	{"flags as a string", `
permcat: 1
catalog: {name: c}
flags:
  - key: audited
permissions:
  - {key: Read, id: 1, flags: audited}
`, "flags must be a list"},
	{"duplicate flag in a permission", `
permcat: 1
catalog: {name: c}
flags:
  - key: audited
permissions:
  - {key: Read, id: 1, flags: [audited, audited]}
`, "lists flag audited twice"},
	{"blank flag key", `
permcat: 1
catalog: {name: c}
flags:
  - key: " "
permissions:
  - {key: Read, id: 1}
`, "flag key is empty"},
	{"attributes as a list", `
permcat: 1
catalog: {name: c}
attributes:
  - key: date_field
permissions:
  - {key: Read, id: 1, attributes: [date_field]}
`, "attributes must be a mapping"},
	{"blank display name", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1, name: ""}
`, "name is empty"},
	{"catalog as a list", `
permcat: 1
catalog: [c]
permissions:
  - {key: Read, id: 1}
`, "catalog must be a mapping"},
	{"catalog name with upper case", `
permcat: 1
catalog: {name: OpenDental}
permissions:
  - {key: Read, id: 1}
`, "must be lower case letters"},
	{"catalog name starting with a digit", `
permcat: 1
catalog: {name: 3shape}
permissions:
  - {key: Read, id: 1}
`, "must be lower case letters"},
	{"package with upper case", `
permcat: 1
catalog: {name: c, package: Perms}
permissions:
  - {key: Read, id: 1}
`, "not a valid Go package name"},
	{"package main", `
permcat: 1
catalog: {name: c, package: main}
permissions:
  - {key: Read, id: 1}
`, "not a valid Go package name"},
	{"package is a keyword", `
permcat: 1
catalog: {name: c, package: func}
permissions:
  - {key: Read, id: 1}
`, "not a valid Go package name"},
	{"type permission in lower case", `
permcat: 1
catalog: {name: c, type: permission}
permissions:
  - {key: Read, id: 1}
`, "not an exported Go identifier"},
	{"go_name in lower case", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1, go_name: read}
`, "not a valid exported Go identifier"},
	{"permission without group once groups exist", `
permcat: 1
catalog: {name: c}
groups:
  - key: g
permissions:
  - {key: Read, id: 1, group: g}
  - {key: Write, id: 2}
`, "has no group"},
	{"reserved id listed twice", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
reserved: {ids: [5, 5]}
`, "listed twice"},
	{"reserved id out of range", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
reserved: {ids: [65536]}
`, "outside 0..65535"},
	{"reserved key listed twice", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
reserved: {keys: [Old, Old]}
`, "listed twice"},
	{"replaced key starts with a digit", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1, replaces: [2read]}
`, "must start with a letter"},
	{"replaced key listed twice", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1, replaces: [view, view]}
`, "in replaces twice"},
	{"group key in Cyrillic", `
permcat: 1
catalog: {name: c}
groups:
  - key: "\u0430dmin"
permissions:
  - {key: Read, id: 1, group: "\u0430dmin"}
`, "U+0430 CYRILLIC SMALL LETTER A"},
	{"role key with a zero-width space", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
roles:
  - {key: "admin\u200b", permissions: [Read]}
`, "U+200B ZERO WIDTH SPACE"},
	{"flag key with a space", `
permcat: 1
catalog: {name: c}
flags:
  - key: lock date
permissions:
  - {key: Read, id: 1, flags: [lock date]}
`, "must start with a letter"},
	{"attribute key in another script", `
permcat: 1
catalog: {name: c}
attributes:
  - key: "\u0434ate"
permissions:
  - {key: Read, id: 1}
`, "keys are ASCII"},
	{"feature key in the hex form", `
permcat: 1
catalog: {name: c}
features:
  - key: "0x40"
permissions:
  - {key: Read, id: 1}
`, "Features.String gives to unknown bits"},
	{"feature key with a pipe", `
permcat: 1
catalog: {name: c}
features:
  - key: "a|b"
permissions:
  - {key: Read, id: 1}
`, "must start with a letter"},
	{"go_name in Cyrillic", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1, go_name: "\u0420ead"}
`, "Go names here are ASCII"},
	{"display name with a zero-width space", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1, name: "Read\u200b all"}
`, "U+200B ZERO WIDTH SPACE"},
	{"display name with a no-break space", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1, name: "Read\u00a0all"}
`, "a space other than the plain space"},
	{"display name with a bidi override", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1, name: "Read \u202eall"}
`, "U+202E RIGHT-TO-LEFT OVERRIDE"},
	{"display name with two spaces", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1, name: "Read  all"}
`, "two spaces in a row"},
	{"group title with a trailing space", `
permcat: 1
catalog: {name: c}
groups:
  - {key: g, title: "Main "}
permissions:
  - {key: Read, id: 1, group: g}
`, "starts or ends with a space"},
	{"role title with a line break", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
roles:
  - {key: r, title: "Front\ndesk", permissions: [Read]}
`, "a control character"},
	{"more than 64 features", fmt.Sprintf(`
permcat: 1
catalog: {name: c}
features: [%s]
permissions:
  - {key: Read, id: 1}
`, featureList(65)), "at most 64 features"},
}

// featureList writes n feature declarations as a YAML flow sequence body.
func featureList(n int) string {
	fs := make([]string, n)
	for i := range fs {
		fs[i] = fmt.Sprintf("{key: f%d}", i)
	}
	return strings.Join(fs, ", ")
}

func TestBadSpecs(t *testing.T) {
	sch := compileSchema(t)
	for _, tc := range badSpecs {
		t.Run(tc.name, func(t *testing.T) {
			if err := validateYAML(t, sch, []byte(tc.spec)); err == nil {
				t.Errorf("schema accepts an invalid spec")
			}
			_, err := model.Load(tc.name+".yaml", []byte(tc.spec))
			switch {
			case err == nil:
				t.Errorf("model.Load accepts the spec, so it is not a bad case")
			case !strings.Contains(err.Error(), tc.loader):
				t.Errorf("model.Load rejects the spec for another reason than %q:\n%v", tc.loader, err)
			}
		})
	}
}

// loaderOnlySpecs are invalid in ways a JSON Schema cannot see: the
// schema reads the YAML as its values, after number resolution and with
// tags dropped, and compares no two values. The schema accepts them and
// model.Load rejects them; when the schema learns one of these, move it to
// badSpecs.
var loaderOnlySpecs = []struct {
	name   string
	spec   string
	loader string
}{
	{"permission key spelling a JSON literal", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: "null", id: 1}
`, "is a JSON literal"},
	{"id in YAML 1.1 octal", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 010}
`, "YAML 1.1 reads it as octal 8, YAML 1.2 as 10"},
	{"reserved id in hexadecimal", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1}
reserved: {ids: [0x10]}
`, "YAML reads it as hexadecimal 16"},
	{"explicit tag", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1, name: !!str Read all}
`, "explicit YAML tag !!str"},
	{"display names that look alike", `
permcat: 1
catalog: {name: c}
permissions:
  - {key: Read, id: 1, name: Read all}
  - {key: ReadAll, id: 2, name: "R\u0435ad all"}
`, "looks the same as the display name of permission Read"},
	{"group titles that look alike", `
permcat: 1
catalog: {name: c}
groups:
  - {key: a, title: Main Menu}
  - {key: b, title: "Main Men\u03c5"}
permissions:
  - {key: Read, id: 1, group: a}
`, "looks the same as the title of group a"},
}

func TestLoaderOnlySpecs(t *testing.T) {
	sch := compileSchema(t)
	for _, tc := range loaderOnlySpecs {
		t.Run(tc.name, func(t *testing.T) {
			if err := validateYAML(t, sch, []byte(tc.spec)); err != nil {
				t.Errorf("the schema rejects the spec; move it to badSpecs:\n%v", err)
			}
			_, err := model.Load(tc.name+".yaml", []byte(tc.spec))
			switch {
			case err == nil:
				t.Errorf("model.Load accepts the spec")
			case !strings.Contains(err.Error(), tc.loader):
				t.Errorf("model.Load rejects the spec for another reason than %q:\n%v", tc.loader, err)
			}
		})
	}
}

// TestSchemaDocumented checks that every property and definition carries a
// title and a description for editors to show, and that every object schema
// closes itself with additionalProperties, as the loader rejects unknown
// fields.
func TestSchemaDocumented(t *testing.T) {
	root, ok := readSchema(t).(map[string]any)
	if !ok {
		t.Fatalf("%s is not a JSON object", schemaFile)
	}
	// walk checks schema s. declares is false inside if/then/not, whose
	// subschemas only restate fields declared (and documented) elsewhere.
	var walk func(path string, s map[string]any, documented, declares bool)
	walk = func(path string, s map[string]any, documented, declares bool) {
		// A bare {"$ref": ...} is documented by the definition it names.
		_, bareRef := s["$ref"]
		bareRef = bareRef && len(s) == 1
		if documented && declares && !bareRef {
			for _, k := range []string{"title", "description"} {
				if v, _ := s[k].(string); strings.TrimSpace(v) == "" {
					t.Errorf("%s has no %s", path, k)
				}
			}
		}
		if _, ok := s["properties"]; ok && declares {
			if _, ok := s["additionalProperties"]; !ok {
				t.Errorf("%s lists properties but does not set additionalProperties", path)
			}
		}
		for _, k := range []string{"properties", "$defs"} {
			m, _ := s[k].(map[string]any)
			for name, sub := range m {
				if sub, ok := sub.(map[string]any); ok {
					walk(path+"/"+k+"/"+name, sub, true, declares)
				}
			}
		}
		for _, k := range []string{"items", "additionalProperties", "propertyNames"} {
			if sub, ok := s[k].(map[string]any); ok {
				walk(path+"/"+k, sub, documented, declares)
			}
		}
		if alts, ok := s["oneOf"].([]any); ok {
			for i, sub := range alts {
				if sub, ok := sub.(map[string]any); ok {
					walk(fmt.Sprintf("%s/oneOf/%d", path, i), sub, true, declares)
				}
			}
		}
		for _, k := range []string{"if", "then", "not"} {
			if sub, ok := s[k].(map[string]any); ok {
				walk(path+"/"+k, sub, false, false)
			}
		}
	}
	walk("#", root, true, true)
}
