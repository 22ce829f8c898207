package gen

import (
	"go/importer"
	"go/token"
	"go/types"
	"os"
	"strings"
	"testing"

	"github.com/permcat/permcat/internal/model"
)

// TestGenerateRefusesCodeThatDoesNotCompile feeds Generate catalogs the
// loader would never produce, each making the output fail to type-check
// in a different way, and requires the internal-error refusal instead of
// source.
func TestGenerateRefusesCodeThatDoesNotCompile(t *testing.T) {
	data, err := os.ReadFile("../../spec/opendental.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		breakIt func(c *model.Catalog)
	}{
		{"attribute method named like a method", func(c *model.Catalog) { c.Attributes[0].GoName = "Key" }},
		{"two permissions with one Go name", func(c *model.Catalog) { c.Permissions[1].GoName = c.Permissions[0].GoName }},
		{"permission named like a declaration", func(c *model.Catalog) { c.Permissions[0].GoName = "Set" }},
		{"group named like a permission", func(c *model.Catalog) { c.Groups[0].GoName = c.Permissions[0].GoName }},
		{"two permissions with one ID", func(c *model.Catalog) { c.ByID[1].ID = c.ByID[0].ID }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := model.Load("spec/opendental.yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			tc.breakIt(c)
			src, err := Generate(c, Options{})
			if err == nil {
				t.Fatalf("Generate returned %d bytes of source", len(src))
			}
			if !strings.Contains(err.Error(), "internal error, please report it") || !strings.Contains(err.Error(), "does not type-check") {
				t.Errorf("error does not say it is an internal error of type-checking: %v", err)
			}
		})
	}
}

// TestStdlibStubsMatch checks every declaration of stdlibStubs against the
// real package, type-checked from GOROOT's source: same kind, same type,
// same methods. A stub that says more or less than the real package could
// let the type check pass Go the compiler rejects.
func TestStdlibStubsMatch(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks standard library packages from source; skipped in -short mode")
	}
	imp, err := stubImporter()
	if err != nil {
		t.Fatal(err)
	}
	real := importer.ForCompiler(token.NewFileSet(), "source", nil)
	for path := range stdlibStubs {
		stub, err := imp.Import(path)
		if err != nil {
			t.Fatal(err)
		}
		want, err := real.Import(path)
		if err != nil {
			t.Fatalf("import %s from source: %v", path, err)
		}
		if stub.Name() != want.Name() {
			t.Errorf("%s: stub package name %s, real %s", path, stub.Name(), want.Name())
		}
		for _, name := range stub.Scope().Names() {
			s, r := stub.Scope().Lookup(name), want.Scope().Lookup(name)
			if r == nil || !r.Exported() {
				t.Errorf("%s.%s: not in the real package", path, name)
				continue
			}
			qual := func(p *types.Package) string { return p.Path() }
			if got, want := types.ObjectString(s, qual), types.ObjectString(r, qual); got != want {
				// Struct types keep their unexported fields private to
				// the stub; compare their methods instead.
				if _, isStruct := r.Type().Underlying().(*types.Struct); !isStruct {
					t.Errorf("%s.%s:\n stub %s\n real %s", path, name, got, want)
					continue
				}
			}
			if tn, ok := s.(*types.TypeName); ok {
				ms, mr := types.NewMethodSet(types.NewPointer(tn.Type())), types.NewMethodSet(types.NewPointer(r.Type()))
				for i := range ms.Len() {
					m := ms.At(i).Obj()
					rm := mr.Lookup(m.Pkg(), m.Name())
					if rm == nil {
						t.Errorf("%s.%s.%s: not a method of the real type", path, name, m.Name())
						continue
					}
					if got, want := types.TypeString(m.Type(), qual), types.TypeString(rm.Obj().Type(), qual); got != want {
						t.Errorf("%s.%s.%s:\n stub %s\n real %s", path, name, m.Name(), got, want)
					}
				}
				if types.Comparable(tn.Type()) != types.Comparable(r.Type()) {
					t.Errorf("%s.%s: stub comparable %v, real %v", path, name, types.Comparable(tn.Type()), types.Comparable(r.Type()))
				}
			}
		}
	}
}
