package export_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/permcat/permcat/internal/blowup"
	"github.com/permcat/permcat/internal/export"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/spec"
)

func embedded(t *testing.T) []*model.Catalog {
	t.Helper()
	var cs []*model.Catalog
	for _, name := range spec.Defaults {
		data, err := spec.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		c, err := model.Load(name, data)
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	return cs
}

// The documented field names of each object, in the order they appear.
var shape = map[string][]string{
	"":           {"format", "version", "catalog", "flags", "attributes", "features", "groups", "permissions", "roles", "migrations", "reserved"},
	"catalog":    {"name", "title", "source", "package", "type"},
	"group":      {"key", "title", "description", "parent", "feature", "permissions"},
	"permission": {"id", "key", "goName", "name", "description", "group", "flags", "attributes", "features", "requires", "requiresAll", "requiredByAll", "replaces", "deprecated"},
	"requires":   {"key", "reason"},
	"role":       {"key", "title", "description", "includes", "permissions"},
	"migration":  {"from", "to"},
	"reserved":   {"ids", "keys"},
	"described":  {"key", "description"},
}

// TestShape guards the version 1 contract: every documented field, no
// other, in the documented order, never null.
func TestShape(t *testing.T) {
	for _, c := range embedded(t) {
		data, err := export.Marshal(c, export.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("null")) {
			t.Errorf("%s: export holds null", c.Name)
		}
		var top map[string]json.RawMessage
		check(t, data, "", &top)
		check(t, top["catalog"], "catalog", nil)
		check(t, top["reserved"], "reserved", nil)
		for _, k := range []string{"flags", "attributes", "features"} {
			each(t, top[k], "described", nil)
		}
		each(t, top["groups"], "group", nil)
		each(t, top["roles"], "role", nil)
		each(t, top["migrations"], "migration", nil)
		each(t, top["permissions"], "permission", func(p map[string]json.RawMessage) {
			each(t, p["requires"], "requires", nil)
		})
	}
}

func each(t *testing.T, data json.RawMessage, kind string, f func(map[string]json.RawMessage)) {
	t.Helper()
	var list []json.RawMessage
	if err := json.Unmarshal(data, &list); err != nil || list == nil {
		t.Fatalf("%s: not a list: %s", kind, data)
	}
	for _, x := range list {
		var m map[string]json.RawMessage
		check(t, x, kind, &m)
		if f != nil {
			f(m)
		}
	}
}

// check verifies that data is an object with exactly the fields of kind,
// in order.
func check(t *testing.T, data []byte, kind string, out *map[string]json.RawMessage) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	var got []string
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("%s: not an object", kind)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(got, shape[kind]) {
		t.Errorf("%s fields %v, want %v", kind, got, shape[kind])
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatal(err)
		}
	}
}

// TestClosures checks the export against the model and itself: requiresAll
// is the closure and requiredByAll its inverse, both ordered by ID, and
// permissions are ordered by ID.
func TestClosures(t *testing.T) {
	for _, c := range embedded(t) {
		d := export.Build(c)
		if len(d.Permissions) != len(c.Permissions) {
			t.Fatalf("%s: %d permissions exported, %d in the catalog", c.Name, len(d.Permissions), len(c.Permissions))
		}
		id := map[string]int{}
		for i, p := range d.Permissions {
			id[p.Key] = p.ID
			if i > 0 && d.Permissions[i-1].ID >= p.ID {
				t.Errorf("%s: permissions not sorted by id at %s", c.Name, p.Key)
			}
		}
		requires := map[string]map[string]bool{}
		for _, p := range d.Permissions {
			requires[p.Key] = map[string]bool{}
			for _, k := range p.RequiresAll {
				requires[p.Key][k] = true
			}
			// The closure contains every direct requirement and is
			// transitive.
			for _, r := range p.Requires {
				if !requires[p.Key][r.Key] {
					t.Errorf("%s: %s requires %s directly but not in requiresAll", c.Name, p.Key, r.Key)
				}
			}
		}
		for _, p := range d.Permissions {
			for _, list := range [][]string{p.RequiresAll, p.RequiredByAll} {
				if !slices.IsSortedFunc(list, func(a, b string) int { return id[a] - id[b] }) {
					t.Errorf("%s: %s: list not sorted by id: %v", c.Name, p.Key, list)
				}
			}
			for q := range requires[p.Key] {
				for r := range requires[q] {
					if !requires[p.Key][r] {
						t.Errorf("%s: %s requires %s which requires %s, missing from requiresAll", c.Name, p.Key, q, r)
					}
				}
			}
			var inverse []string
			for _, q := range d.Permissions {
				if requires[q.Key][p.Key] {
					inverse = append(inverse, q.Key)
				}
			}
			if !slices.Equal(inverse, p.RequiredByAll) {
				t.Errorf("%s: %s: requiredByAll %v, want %v", c.Name, p.Key, p.RequiredByAll, inverse)
			}
			mp := c.Permission(p.Key)
			if mp == nil || mp.ID != p.ID || mp.Name != p.Name || mp.GoName != p.GoName {
				t.Errorf("%s: %s differs from the model", c.Name, p.Key)
			}
		}
	}
}

// TestRoundTrip decodes an export into a Document and encodes it again:
// the bytes must not change, so Document describes the whole document.
func TestRoundTrip(t *testing.T) {
	for _, c := range embedded(t) {
		data, err := export.Marshal(c, export.Options{})
		if err != nil {
			t.Fatal(err)
		}
		again, _ := export.Marshal(c, export.Options{})
		if !bytes.Equal(data, again) {
			t.Fatalf("%s: two exports differ", c.Name)
		}
		var d export.Document
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&d); err != nil {
			t.Fatal(err)
		}
		out, err := d.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, data) {
			t.Errorf("%s: re-encoded export differs", c.Name)
		}
		if d.Format != "permcat-catalog" || d.Version != 1 {
			t.Errorf("%s: format %q version %d", c.Name, d.Format, d.Version)
		}
	}
}

// TestMarshalIsBuild: Marshal, which writes a group, a permission and a
// role at a time, writes exactly the encoding of the whole Document that
// Build returns, for the embedded catalogs (every field set somewhere)
// and for catalogs with long lists of every kind.
func TestMarshalIsBuild(t *testing.T) {
	cs := embedded(t)
	for _, spec := range [][]byte{blowup.RequiresChain(50, true), blowup.RoleChain(50, true), groupChain(50),
		[]byte("permcat: 1\ncatalog: {name: tiny}\npermissions:\n  - {key: a, id: 1}\n")} {
		c, err := model.Load("spec.yaml", spec)
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	for _, c := range cs {
		got, err := export.Marshal(c, export.Options{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := export.Build(c).Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: Marshal differs from Build's encoding:\n%s\nwant:\n%s", c.Name, got, want)
		}
	}
}

// TestGroupsAndMigrations checks the group and migration lists against the
// model.
func TestGroupsAndMigrations(t *testing.T) {
	for _, c := range embedded(t) {
		d := export.Build(c)
		byKey := map[string]export.Group{}
		for _, g := range d.Groups {
			byKey[g.Key] = g
		}
		for _, g := range c.Groups {
			e := byKey[g.Key]
			if len(e.Permissions) != len(g.All) {
				t.Errorf("%s: group %s exports %d permissions, holds %d", c.Name, g.Key, len(e.Permissions), len(g.All))
			}
			if g.Parent != nil {
				// A parent's permissions include its children's.
				parent := map[string]bool{}
				for _, k := range byKey[g.Parent.Key].Permissions {
					parent[k] = true
				}
				for _, k := range e.Permissions {
					if !parent[k] {
						t.Errorf("%s: %s is in group %s but not in its parent %s", c.Name, k, g.Key, g.Parent.Key)
					}
				}
			}
		}
		from := map[string][]string{}
		for _, p := range d.Permissions {
			for _, r := range p.Replaces {
				from[r] = append(from[r], p.Key)
			}
		}
		got := map[string][]string{}
		for _, m := range d.Migrations {
			got[m.From] = m.To
		}
		if !maps.EqualFunc(got, from, slices.Equal) {
			t.Errorf("%s: migrations %v, want %v", c.Name, got, from)
		}
	}
}

// groupChain returns a spec of the deepest group nesting the loader
// allows (model.MaxGroupDepth levels below a top-level group), with n
// permissions spread over the levels: a group's permissions include its
// descendants', so the group lists hold about n·levels/2 keys, more than
// the spec by the depth.
func groupChain(n int) []byte {
	var b bytes.Buffer
	b.WriteString("permcat: 1\ncatalog: {name: groups}\ngroups:\n  - {key: g0}\n")
	for i := 1; i <= model.MaxGroupDepth; i++ {
		fmt.Fprintf(&b, "  - {key: g%d, parent: g%d}\n", i, i-1)
	}
	b.WriteString("permissions:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {key: p%d, id: %d, group: g%d}\n", i, i+1, i%(model.MaxGroupDepth+1))
	}
	return b.Bytes()
}

// TestExportIsBounded: the lists of permissions of a small spec can grow
// with the square of its size (closures, groups with their descendants,
// roles with what they include), so an export over the limit is refused
// as soon as it passes the limit, naming the limit, where it passed it
// and how to raise it, and an export under it is complete and within it.
// Before roles and groups were counted, the role and group chains were
// exported whole, past any limit.
func TestExportIsBounded(t *testing.T) {
	const limit = 1 << 20
	for _, tc := range []struct {
		name  string
		big   []byte // over the limit
		where string // where the error says the lists passed it
		small []byte // under it
		lists func(d *export.Document) int
		want  int
	}{
		{"requires chain", blowup.RequiresChain(3000, true), "at permission p", blowup.RequiresChain(200, true),
			func(d *export.Document) int { return len(d.Permissions[199].RequiresAll) }, 199},
		{"role chain", blowup.RoleChain(1000, true), "at role r", blowup.RoleChain(200, true),
			func(d *export.Document) int { return len(d.Roles[199].Permissions) }, 200},
		{"group chain", groupChain(20000), "at group g", groupChain(200),
			func(d *export.Document) int { return len(d.Groups[0].Permissions) }, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := model.Load("big.yaml", tc.big)
			if err != nil {
				t.Fatal(err)
			}
			_, err = export.Marshal(c, export.Options{MaxSize: limit})
			if !errors.Is(err, export.ErrTooLarge) || !strings.Contains(err.Error(), "pass 1 MiB "+tc.where) || !strings.Contains(err.Error(), "-max-size") {
				t.Fatalf("export over 1 MiB: %v", err)
			}
			small, err := model.Load("small.yaml", tc.small)
			if err != nil {
				t.Fatal(err)
			}
			data, err := export.Marshal(small, export.Options{MaxSize: limit})
			if err != nil {
				t.Fatal(err)
			}
			if len(data) > limit {
				t.Errorf("the export is %d bytes, over the %d it was allowed", len(data), limit)
			}
			var d export.Document
			if err := json.Unmarshal(data, &d); err != nil || tc.lists(&d) != tc.want {
				t.Fatalf("the bounded export is not complete: %v", err)
			}
		})
	}
}

// TestEntryOverheadBoundsTheJSON: the size count is an upper bound of the
// JSON of the lists it counts, so that an export under the limit never
// writes more.
func TestEntryOverheadBoundsTheJSON(t *testing.T) {
	for name, spec := range map[string][]byte{
		"requires chain": blowup.RequiresChain(200, true),
		"role chain":     blowup.RoleChain(200, true),
		"group chain":    groupChain(200),
	} {
		c, err := model.Load("spec.yaml", spec)
		if err != nil {
			t.Fatal(err)
		}
		data, err := export.Marshal(c, export.Options{})
		if err != nil {
			t.Fatal(err)
		}
		// Find the smallest limit that passes: it must not be below the
		// bytes the lists take.
		lo, hi := 1, len(data)*2
		for lo < hi {
			mid := (lo + hi) / 2
			if _, err := export.Marshal(c, export.Options{MaxSize: mid}); err == nil {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		lists := 0
		count := func(keys []string) {
			for _, k := range keys {
				lists += len(`        "` + k + `",` + "\n")
			}
		}
		d := export.Build(c)
		for _, p := range d.Permissions {
			count(p.RequiresAll)
			count(p.RequiredByAll)
		}
		for _, g := range d.Groups {
			count(g.Permissions)
		}
		for _, r := range d.Roles {
			count(r.Permissions)
		}
		if lo < lists {
			t.Errorf("%s: an export passes with a limit of %d bytes, below the %d its lists take", name, lo, lists)
		}
	}
}
