package build

import (
	"errors"
	"fmt"
	"go/build"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// CheckPackages fails when a Go output would declare another package than
// the Go files beside it: the spec generates fine and the directory stops
// compiling ("found packages blog and authz"). The error lists which file
// declares which package and says how to fix it (catalog.package).
//
// The files compared are the outputs themselves, with the package they
// will declare, and every other .go file of their directories except those
// in skip (obsolete outputs about to be removed or reported) and those no
// build compiles. A file counts when go build would compile it on the
// current platform or on any first-class port (Linux, macOS, Windows on
// amd64 and arm64), cgo on: that is when a second package name breaks the
// build. A file excluded everywhere, like a generator program that says
// "package main" under the conventional "//go:build ignore", never does, and
// neither does a file that only a custom -tags value would compile. Test
// files may declare P or P_test, where P is the directory's package.
func CheckPackages(files []File, skip []Drift) error {
	ignore := map[string]bool{}
	for _, d := range skip {
		ignore[absolute(d.Path)] = true
	}
	byDir := map[string][]File{}
	for _, f := range files {
		if f.Package == "" {
			continue
		}
		ignore[absolute(f.Path)] = true
		dir := filepath.Dir(f.Path)
		byDir[dir] = append(byDir[dir], f)
	}
	var errs []string
	for _, dir := range slices.Sorted(maps.Keys(byDir)) {
		if msg := checkDir(dir, byDir[dir], ignore); msg != "" {
			errs = append(errs, msg)
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

// declaration is one Go file's package clause.
type declaration struct {
	path, pkg string
	spec      string // for an output, the spec that sets its package
	test      bool   // a _test.go file
}

func checkDir(dir string, outputs []File, ignore map[string]bool) string {
	var decls []declaration
	for _, f := range outputs {
		decls = append(decls, declaration{path: f.Path, pkg: f.Package, spec: f.Spec})
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "" // a directory that does not exist yet holds nothing to disagree with
	}
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(dir, name)
		if !e.Type().IsRegular() || !strings.HasSuffix(name, ".go") || ignore[absolute(path)] || !inSomeBuild(dir, name) {
			continue
		}
		pkg, ok := packageClause(path)
		if !ok {
			continue
		}
		decls = append(decls, declaration{path: path, pkg: pkg, test: strings.HasSuffix(name, "_test.go")})
	}

	// The package the directory's other files agree on, if they do.
	others := map[string]bool{}
	for _, d := range decls {
		switch {
		case d.spec != "":
		case d.test:
			others[strings.TrimSuffix(d.pkg, "_test")] = true
		default:
			others[d.pkg] = true
		}
	}
	pkgs := map[string]bool{}
	for _, d := range decls {
		if !d.test {
			pkgs[d.pkg] = true
		}
	}
	bad := len(pkgs) > 1
	for _, d := range decls {
		if d.test && !pkgs[d.pkg] && !pkgs[strings.TrimSuffix(d.pkg, "_test")] {
			bad = true
		}
	}
	if !bad {
		return ""
	}

	// Outputs first, then the files beside them by name.
	slices.SortStableFunc(decls, func(a, b declaration) int {
		if (a.spec != "") != (b.spec != "") {
			if a.spec != "" {
				return -1
			}
			return 1
		}
		return strings.Compare(a.path, b.path)
	})
	var b strings.Builder
	fmt.Fprintf(&b, "%s: the Go files of one directory must declare one package, but:\n", dir)
	for _, d := range decls {
		if d.spec != "" {
			fmt.Fprintf(&b, "\t%s (generated from %s, catalog.package): package %s\n", d.path, d.spec, d.pkg)
		} else {
			fmt.Fprintf(&b, "\t%s: package %s\n", d.path, d.pkg)
		}
	}
	if len(others) == 1 {
		var want string
		for p := range others {
			want = p
		}
		var specs []string
		for _, d := range decls {
			if d.spec != "" && d.pkg != want && !slices.Contains(specs, d.spec) {
				specs = append(specs, d.spec)
			}
		}
		if len(specs) > 0 {
			fmt.Fprintf(&b, "Set \"package: %s\" under catalog: in %s, or generate into another directory with -o.", want, strings.Join(specs, " and "))
			return b.String()
		}
	}
	b.WriteString("Make them agree: set catalog.package in the spec to the package of the files beside its output, or generate into another directory with -o.")
	return b.String()
}

// packageClause returns the package name a Go file declares. A file that
// does not parse is not ours to judge, and "documentation" is the name the
// go command ignores.
func packageClause(path string) (string, bool) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.PackageClauseOnly)
	if err != nil || f.Name == nil || f.Name.Name == "documentation" {
		return "", false
	}
	return f.Name.Name, true
}

// ports are the platforms a file must be excluded from, besides the current
// one, for its package clause not to matter: Go's first-class ports on the
// 64-bit architectures.
var ports = [][2]string{
	{"linux", "amd64"}, {"linux", "arm64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"windows", "amd64"}, {"windows", "arm64"},
}

// inSomeBuild reports whether go build compiles the file dir/name on the
// current platform or on one of ports, cgo on, no custom tags.
func inSomeBuild(dir, name string) bool {
	ctxt := build.Default
	if ok, err := ctxt.MatchFile(dir, name); err != nil || ok {
		return true // unreadable constraints: count the file rather than hide it
	}
	for _, p := range ports {
		ctxt.GOOS, ctxt.GOARCH, ctxt.CgoEnabled = p[0], p[1], true
		if ok, err := ctxt.MatchFile(dir, name); err != nil || ok {
			return true
		}
	}
	return false
}
