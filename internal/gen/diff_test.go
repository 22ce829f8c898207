package gen_test

import (
	"bytes"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/permcat/permcat/internal/docs"
	"github.com/permcat/permcat/internal/gen"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/textdiff"
)

// Bounds on the diff of the generated Go source for an edit of one
// permission: what a reviewer reads in a pull request.
const (
	maxChangedLines = 30
	maxChangedWidth = 120 // columns, tabs counted as 8
)

// specEdit is an edit of one permission, applied to a spec's YAML tree. It
// returns the permission it edited (its key after the edit), or "" when
// the spec has nothing it applies to.
type specEdit struct {
	name  string
	apply func(t *testing.T, root *yaml.Node) string
}

// TestSinglePermissionEditsDiffSmall applies every kind of edit of one
// permission to both shipped specs and bounds the diff of what they
// generate: at most maxChangedLines changed lines of Go, none wider than
// maxChangedWidth columns unless it holds that permission's description,
// and a Markdown diff no larger.
func TestSinglePermissionEditsDiffSmall(t *testing.T) {
	for _, name := range []string{"pbn", "opendental"} {
		data, err := os.ReadFile("../../spec/" + name + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range specEdits {
			var before, after yaml.Node
			if err := yaml.Unmarshal(data, &before); err != nil {
				t.Fatal(err)
			}
			if err := yaml.Unmarshal(data, &after); err != nil {
				t.Fatal(err)
			}
			key := e.apply(t, &after)
			if key == "" {
				// The edit does not apply to this catalog (pbn declares no
				// flag to change); TestEditsAreRealEdits requires every
				// edit to apply to opendental.
				continue
			}
			t.Run(name+"/"+e.name, func(t *testing.T) {
				oldGo, oldMD, _ := generateNode(t, &before)
				newGo, newMD, c := generateNode(t, &after)
				desc := ""
				if p := c.Permission(key); p != nil {
					desc = strconv.Quote(p.Description)
				}
				lines, widest, wide := changed(oldGo, newGo, desc)
				mdLines, _, _ := changed(oldMD, newMD, "\x00")
				t.Logf("%s: %d changed lines of Go (widest %d columns), %d of Markdown", key, lines, widest, mdLines)
				if lines == 0 {
					t.Errorf("the edit changed nothing in the Go source")
				}
				if lines > maxChangedLines {
					t.Errorf("%d changed lines of Go, more than %d:\n%s", lines, maxChangedLines, textdiff.Unified("before", "after", oldGo, newGo))
				}
				if wide != "" {
					t.Errorf("changed line of %d columns, wider than %d, and not the description of %s:\n%s", widest, maxChangedWidth, key, wide)
				}
				if mdLines > maxChangedLines {
					t.Errorf("%d changed lines of Markdown, more than %d:\n%s", mdLines, maxChangedLines, textdiff.Unified("before", "after", oldMD, newMD))
				}
			})
		}
	}
}

// generateNode encodes root, loads it and generates both outputs.
func generateNode(t *testing.T, root *yaml.Node) (goSrc, md []byte, c *model.Catalog) {
	t.Helper()
	data, err := yaml.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	c, err = model.Load("spec.yaml", data)
	if err != nil {
		t.Fatalf("edited spec does not load: %v", err)
	}
	src, err := gen.Generate(c, gen.Options{Source: "spec.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	return src, docs.Markdown(c, "spec.yaml"), c
}

// changed counts the lines a unified diff of a and b adds or removes, and
// returns the width of the widest and the first changed line wider than
// maxChangedWidth that does not contain allowed.
func changed(a, b []byte, allowed string) (lines, widest int, wide string) {
	diff := textdiff.Unified("a", "b", a, b)
	for _, l := range strings.Split(diff, "\n") {
		if strings.HasPrefix(l, "+++") || strings.HasPrefix(l, "---") || l == "" || l[0] != '+' && l[0] != '-' {
			continue
		}
		lines++
		w := width(l[1:])
		widest = max(widest, w)
		if w > maxChangedWidth && wide == "" && (allowed == "" || !strings.Contains(l, allowed)) {
			wide = l
		}
	}
	return lines, widest, wide
}

// width is the number of columns a line takes, tabs counted as 8.
func width(line string) int {
	w := 0
	for _, r := range line {
		if r == '\t' {
			w += 8 - w%8
		} else {
			w++
		}
	}
	return w
}

// YAML tree helpers: a spec is a mapping at the document's root.

func mapping(root *yaml.Node) *yaml.Node { return root.Content[0] }

func get(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func set(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, scalar(key), v)
}

func del(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = slices.Delete(m.Content, i, i+2)
			return
		}
	}
}

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }

func seq(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Content: items}
}

func permissions(root *yaml.Node) []*yaml.Node { return get(mapping(root), "permissions").Content }

// requireKeys returns the keys a permission node requires.
func requireKeys(p *yaml.Node) []string {
	var keys []string
	if r := get(p, "requires"); r != nil {
		for _, item := range r.Content {
			if item.Kind == yaml.MappingNode {
				keys = append(keys, get(item, "key").Value)
			} else {
				keys = append(keys, item.Value)
			}
		}
	}
	return keys
}

// middle returns the permission in the middle of the spec that no other
// permission requires, with its key.
func middle(root *yaml.Node, want func(p *yaml.Node) bool) (*yaml.Node, string) {
	ps := permissions(root)
	required := map[string]bool{}
	for _, p := range ps {
		for _, k := range requireKeys(p) {
			required[k] = true
		}
	}
	for i := range ps {
		p := ps[(len(ps)/2+i)%len(ps)]
		if k := get(p, "key").Value; !required[k] && want(p) {
			return p, k
		}
	}
	return nil, ""
}

// freshID returns an ID neither a permission nor the reserved list uses.
func freshID(root *yaml.Node) int {
	used := map[string]bool{}
	for _, p := range permissions(root) {
		used[get(p, "id").Value] = true
	}
	if r := get(mapping(root), "reserved"); r != nil {
		if ids := get(r, "ids"); ids != nil {
			for _, id := range ids.Content {
				used[id.Value] = true
			}
		}
	}
	id := 1
	for used[strconv.Itoa(id)] {
		id++
	}
	return id
}

// addPermission inserts a new permission after the one in the middle of
// the spec, in its group.
func addPermission(goName string) func(t *testing.T, root *yaml.Node) string {
	return func(t *testing.T, root *yaml.Node) string {
		list := get(mapping(root), "permissions")
		at := len(list.Content) / 2
		n := &yaml.Node{Kind: yaml.MappingNode}
		key := "zz_added_permission"
		set(n, "key", scalar(key))
		set(n, "id", scalar(strconv.Itoa(freshID(root))))
		set(n, "name", scalar("Added permission"))
		if g := get(list.Content[at], "group"); g != nil {
			set(n, "group", scalar(g.Value))
		}
		set(n, "description", scalar("A permission added by the test."))
		if goName != "" {
			set(n, "go_name", scalar(goName))
		}
		list.Content = slices.Insert(list.Content, at+1, n)
		return key
	}
}

var specEdits = []specEdit{
	{"add a permission", addPermission("")},
	{"add a permission with a long Go name", addPermission("AddedPermissionWithAVeryLongGoName")},
	{"rename a key with replaces", func(t *testing.T, root *yaml.Node) string {
		p, old := middle(root, func(p *yaml.Node) bool { return get(p, "go_name") == nil && get(p, "replaces") == nil })
		if p == nil {
			return ""
		}
		key := old + "_renamed"
		set(p, "key", scalar(key))
		set(p, "replaces", seq(scalar(old)))
		// Roles name permissions by key.
		if roles := get(mapping(root), "roles"); roles != nil {
			for _, r := range roles.Content {
				if ps := get(r, "permissions"); ps != nil {
					for _, item := range ps.Content {
						if item.Value == old {
							item.Value = key
						}
					}
				}
			}
		}
		return key
	}},
	{"re-describe a permission", func(t *testing.T, root *yaml.Node) string {
		p, key := middle(root, func(*yaml.Node) bool { return true })
		set(p, "description", scalar("A description rewritten by the test, as long as an ordinary one."))
		return key
	}},
	{"add a requirement", func(t *testing.T, root *yaml.Node) string {
		// A permission nothing requires may require any permission
		// without creating a cycle.
		p, key := middle(root, func(p *yaml.Node) bool { return get(p, "requires") == nil && get(p, "group") != nil })
		if p == nil {
			return ""
		}
		target := get(permissions(root)[0], "key").Value
		if target == key {
			target = get(permissions(root)[1], "key").Value
		}
		set(p, "requires", seq(scalar(target)))
		return key
	}},
	{"drop a requirement", func(t *testing.T, root *yaml.Node) string {
		for _, p := range permissions(root) {
			if r := get(p, "requires"); r != nil && len(r.Content) > 0 {
				r.Content = r.Content[:len(r.Content)-1]
				if len(r.Content) == 0 {
					del(p, "requires")
				}
				return get(p, "key").Value
			}
		}
		return ""
	}},
	{"change a flag", func(t *testing.T, root *yaml.Node) string {
		flags := get(mapping(root), "flags")
		if flags == nil || len(flags.Content) == 0 {
			return ""
		}
		flag := get(flags.Content[0], "key").Value
		p, key := middle(root, func(p *yaml.Node) bool { return get(p, "flags") == nil })
		set(p, "flags", seq(scalar(flag)))
		return key
	}},
	{"deprecate a permission", func(t *testing.T, root *yaml.Node) string {
		p, key := middle(root, func(p *yaml.Node) bool { return get(p, "deprecated") == nil })
		set(p, "deprecated", scalar("Replaced by a newer permission."))
		return key
	}},
}

// TestEditsAreRealEdits guards the test above against edits that silently
// do nothing: each must apply to opendental, the catalog that has every
// kind of field, and change it.
func TestEditsAreRealEdits(t *testing.T) {
	data, err := os.ReadFile("../../spec/opendental.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range specEdits {
		var before, after yaml.Node
		if err := yaml.Unmarshal(data, &before); err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(data, &after); err != nil {
			t.Fatal(err)
		}
		if e.apply(t, &after) == "" {
			t.Errorf("%s: applies to no permission of opendental", e.name)
			continue
		}
		a, _ := yaml.Marshal(&before)
		b, _ := yaml.Marshal(&after)
		if bytes.Equal(a, b) {
			t.Errorf("%s: the spec did not change", e.name)
		}
	}
}
