package gen_test

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/permcat/permcat/internal/gen"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/naming"
)

// hostileNames are names a spec might use that the generated package also
// uses: every identifier it declares, exported or not, every method of
// the permission type, every package it imports, Go's keywords and
// predeclared identifiers, and the local names of its functions.
func hostileNames() []string {
	names := slices.Concat(gen.UnexportedNames, model.GeneratedNames, model.PermissionMethods,
		types.Universe.Names(),
		[]string{"bytes", "driver", "binary", "json", "errors", "fmt", "iter", "bits", "slices", "strconv", "strings", "sync", "atomic",
			"p", "q", "s", "t", "b", "x", "e", "i", "w", "c", "id", "ok", "err", "granted", "enabled", "missing", "off", "mask", "sets", "yield",
			"Permission", "Perm", "Set_", "init", "main", "_"})
	for tok := token.BREAK; tok <= token.VAR; tok++ {
		if tok.IsKeyword() {
			names = append(names, tok.String())
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// hostileRoles place names in each part of a spec that becomes an
// identifier: spec returns a spec holding all of names in that role.
var hostileRoles = []struct {
	name    string
	combine bool // whether several names fit in one spec
	spec    func(pkg string, names []string) string
}{
	{"permission key", true, func(pkg string, ns []string) string {
		var b strings.Builder
		for i, n := range ns {
			fmt.Fprintf(&b, "  - {key: %q, id: %d}\n", n, i+10)
		}
		return header(pkg, "") + "permissions:\n" + b.String()
	}},
	{"go_name", true, func(pkg string, ns []string) string {
		var b strings.Builder
		for i, n := range ns {
			fmt.Fprintf(&b, "  - {key: k%d, id: %d, go_name: %q}\n", i, i+10, n)
		}
		return header(pkg, "") + "permissions:\n" + b.String()
	}},
	{"attribute", true, func(pkg string, ns []string) string {
		var decls, vals strings.Builder
		for _, n := range ns {
			fmt.Fprintf(&decls, "  - key: %q\n", n)
			fmt.Fprintf(&vals, "%q: v, ", n)
		}
		return header(pkg, "") + "attributes:\n" + decls.String() + "permissions:\n  - {key: k, id: 10, attributes: {" + vals.String() + "}}\n"
	}},
	{"flag", true, func(pkg string, ns []string) string {
		var decls, vals strings.Builder
		for _, n := range ns {
			fmt.Fprintf(&decls, "  - key: %q\n", n)
			fmt.Fprintf(&vals, "%q, ", n)
		}
		return header(pkg, "") + "flags:\n" + decls.String() + "permissions:\n  - {key: k, id: 10, flags: [" + vals.String() + "]}\n"
	}},
	{"feature", true, func(pkg string, ns []string) string {
		var decls, perms strings.Builder
		for i, n := range ns {
			fmt.Fprintf(&decls, "  - key: %q\n", n)
			fmt.Fprintf(&perms, "  - {key: k%d, id: %d, feature: %q}\n", i, i+10, n)
		}
		return header(pkg, "") + "features:\n" + decls.String() + "permissions:\n" + perms.String()
	}},
	{"group", true, func(pkg string, ns []string) string {
		var decls, perms strings.Builder
		for i, n := range ns {
			fmt.Fprintf(&decls, "  - key: %q\n", n)
			fmt.Fprintf(&perms, "  - {key: k%d, id: %d, group: %q}\n", i, i+10, n)
		}
		return header(pkg, "") + "groups:\n" + decls.String() + "permissions:\n" + perms.String()
	}},
	{"role", true, func(pkg string, ns []string) string {
		var decls strings.Builder
		for _, n := range ns {
			fmt.Fprintf(&decls, "  - key: %q\n    permissions: [k]\n", n)
		}
		return header(pkg, "") + "roles:\n" + decls.String() + "permissions:\n  - {key: k, id: 10}\n"
	}},
	{"catalog type", false, func(pkg string, ns []string) string {
		return header(pkg, ns[0]) + "permissions:\n  - {key: k, id: 10}\n"
	}},
}

func header(pkg, typ string) string {
	h := "permcat: 1\ncatalog:\n  name: " + pkg + "\n"
	if typ != "" {
		h += fmt.Sprintf("  type: %q\n", typ)
	}
	return h
}

// TestHostileNamesCompile puts every hostile name in every role. The
// loader may refuse a name with an error naming its position; every spec
// it accepts must generate, and the accepted names of each role, as many
// as fit together in a spec, are built and vetted in one module: no name a
// spec can use makes the output fail to compile.
func TestHostileNamesCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command; skipped in -short mode")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/hostile\n\ngo 1.23\n")
	generate := func(spec string) ([]byte, error) {
		c, err := model.Load("spec.yaml", []byte(spec))
		if err != nil {
			return nil, err
		}
		return gen.Generate(c, gen.Options{})
	}
	packages, refused := 0, 0
	write := func(pkg string, src []byte) {
		writeFile(t, filepath.Join(dir, pkg, pkg+".go"), string(src))
		packages++
	}
	for r, role := range hostileRoles {
		// One spec per name: the loader's verdict on each.
		var accepted []string
		for i, n := range hostileNames() {
			spec := role.spec(fmt.Sprintf("p%d_%d", r, i), []string{n})
			src, err := generate(spec)
			switch {
			case err == nil:
				accepted = append(accepted, n)
				if !role.combine {
					write(fmt.Sprintf("p%d_%d", r, i), src)
				}
			case !strings.Contains(err.Error(), "spec.yaml:") && !strings.Contains(err.Error(), "choose another name"):
				t.Errorf("%s %q: refused with an error that names no position: %v\n%s", role.name, n, err, spec)
			default:
				refused++
			}
		}
		if !role.combine {
			continue
		}
		// The accepted names together, in chunks of distinct Go names.
		for chunk := 0; len(accepted) > 0; chunk++ {
			var names []string
			seen := map[string]bool{}
			rest := accepted[:0:0]
			for _, n := range accepted {
				if k := strings.ToLower(naming.GoName(n)); seen[k] || len(names) == 50 {
					rest = append(rest, n)
				} else {
					seen[k] = true
					names = append(names, n)
				}
			}
			accepted = rest
			pkg := fmt.Sprintf("c%d_%d", r, chunk)
			spec := role.spec(pkg, names)
			src, err := generate(spec)
			if err != nil {
				t.Errorf("%s: names accepted one by one are refused together: %v\n%s", role.name, err, spec)
				continue
			}
			write(pkg, src)
		}
	}
	t.Logf("%d packages generated, %d specs refused with an error", packages, refused)
	if packages == 0 {
		t.Fatal("no hostile spec was accepted: the test checks nothing")
	}
	goCmd(t, dir, "vet", "./...")
}

// TestUnexportedNamesCannotComeFromASpec checks the premise of
// gen.UnexportedNames: every name in it is unexported, so no Go name the
// loader derives from a spec (all exported) can equal one.
func TestUnexportedNamesCannotComeFromASpec(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range gen.UnexportedNames {
		if !token.IsIdentifier(n) || unicode.IsUpper([]rune(n)[0]) || naming.IsExported(n) {
			t.Errorf("%q in gen.UnexportedNames is not an unexported identifier", n)
		}
		if seen[n] {
			t.Errorf("%q listed twice", n)
		}
		seen[n] = true
	}
}
