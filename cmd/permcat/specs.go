package main

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/permcat/permcat/internal/build"
	"github.com/permcat/permcat/internal/writefile"
	"github.com/permcat/permcat/spec"
)

// shippedHelp says, for the help of the commands that take no SPEC, where
// the catalogs that ship with permcat come from.
const shippedHelp = `With no SPEC, it works on the catalogs that ship with permcat, and only at
the root of permcat's own repository (where go.mod says module
github.com/permcat/permcat): it reads every spec/*.yaml from disk, so edits
count even to a permcat built before them, and its outputs are
DIR/<name>/<name>.go and .md (DIR is generated unless -dir says otherwise).
Anywhere else it fails and names the specs it finds below the current
directory.`

// catalogHelp says where explain and export read a CATALOG name from.
const catalogHelp = `CATALOG is the name of a catalog that ships with permcat (pbn, opendental) or
the path of a spec file (anything ending in .yaml or .yml, or containing a
path separator). A name is read from spec/<name>.yaml on disk at the root
of permcat's own repository, and from the copy built into this permcat
binary anywhere else.`

// shippedSpecs returns the catalogs that ship with permcat, read from spec/
// on disk, with their outputs under dir. Outside permcat's repository it
// fails, saying what to pass instead: there, generating them would write
// permcat's own packages into someone else's module.
func shippedSpecs(e *env, command, dir string) ([]build.Spec, error) {
	if !inPermcatRepository() {
		return nil, noSpecError(e, command)
	}
	names, err := filepath.Glob(filepath.Join("spec", "*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, &exitError{code: 1, msg: "no spec/*.yaml at the root of permcat's repository; restore spec/ (git checkout spec) or name a SPEC"}
	}
	// The order of spec.Defaults first, then any other by name.
	rank := func(p string) int {
		if i := slices.Index(spec.Defaults, filepath.Base(p)); i >= 0 {
			return i
		}
		return len(spec.Defaults)
	}
	slices.SortStableFunc(names, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	var specs []build.Spec
	for _, name := range names {
		data, err := writefile.ReadFile(name)
		if err != nil {
			return nil, err
		}
		specs = append(specs, build.Spec{Path: filepath.ToSlash(name), Data: data, Dir: dir})
	}
	return specs, nil
}

// noSpecError is the error for a command run with no SPEC outside
// permcat's repository.
func noSpecError(e *env, command string) error {
	found, more := findSpecs(".", 5)
	example := "perms.yaml"
	if len(found) > 0 {
		example = found[0]
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s needs a SPEC here: without one it works on the catalogs that ship with permcat, which only permcat's own repository holds. Name your spec:\n\n\t%s\n", command, e.cmd(command, example))
	switch {
	case len(found) == 0:
		b.WriteString("\nNo spec (a .yaml or .yml file with a top-level \"permcat:\" line) was found in the current directory or below it.")
	default:
		fmt.Fprintf(&b, "\nSpecs found below the current directory: %s", strings.Join(found, ", "))
		if more {
			b.WriteString(", ...")
		}
	}
	return usageError("%s", b.String())
}

// findSpecs returns up to max permcat specs in root and the directories
// below it, by path, and whether there were more. The search is bounded:
// four levels deep, 5,000 directory entries, no hidden directories,
// vendor, node_modules or testdata.
func findSpecs(root string, max int) (found []string, more bool) {
	const maxDepth, maxEntries = 4, 5000
	entries := 0
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		entries++
		if entries > maxEntries {
			return filepath.SkipAll
		}
		if d.IsDir() {
			name := d.Name()
			if p != root && (strings.HasPrefix(name, ".") || name == "vendor" || name == "node_modules" || name == "testdata") {
				return filepath.SkipDir
			}
			if strings.Count(filepath.ToSlash(filepath.Clean(p)), "/") >= maxDepth && p != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || (path.Ext(p) != ".yaml" && path.Ext(p) != ".yml") || !isSpec(p) {
			return nil
		}
		if len(found) == max {
			more = true
			return filepath.SkipAll
		}
		found = append(found, filepath.ToSlash(p))
		return nil
	})
	return found, more
}

var permcatLine = regexp.MustCompile(`^permcat:\s*[0-9]+\s*(#.*)?$`)

// isSpec reports whether the YAML file at p is a permcat spec: it has a
// top-level "permcat: N" line among its first hundred lines.
func isSpec(p string) bool {
	lines, _ := writefile.FirstLines(p, 100)
	for _, line := range lines {
		if permcatLine.MatchString(strings.TrimRight(line, "\r")) {
			return true
		}
	}
	return false
}

// shippedCatalog returns the spec of the catalog that ships with permcat
// under name: spec/<name>.yaml from disk at the root of permcat's
// repository, the copy built into the binary elsewhere. file is "" when
// there is no such catalog; names then lists the ones there are.
func shippedCatalog(name string) (file string, data []byte, names []string, err error) {
	if inPermcatRepository() {
		onDisk, _ := filepath.Glob(filepath.Join("spec", "*.yaml"))
		for _, p := range onDisk {
			names = append(names, strings.TrimSuffix(filepath.Base(p), ".yaml"))
		}
		if !slices.Contains(names, name) {
			return "", nil, names, nil
		}
		p := path.Join("spec", name+".yaml")
		data, err := writefile.ReadFile(filepath.FromSlash(p))
		return p, data, names, err
	}
	for _, d := range spec.Defaults {
		names = append(names, strings.TrimSuffix(d, path.Ext(d)))
	}
	if !slices.Contains(names, name) {
		return "", nil, names, nil
	}
	data, err = spec.FS.ReadFile(name + ".yaml")
	if err != nil {
		return "", nil, names, fmt.Errorf("read the built-in spec %s.yaml: %w", name, err)
	}
	return path.Join("spec", name+".yaml"), data, names, nil
}

// readSpecFile reads a SPEC named on the command line.
func readSpecFile(p string) ([]byte, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, &exitError{code: 1, msg: err.Error()}
	}
	return data, nil
}
