package main

import (
	"flag"
	"os"
	"strings"

	"github.com/permcat/permcat/internal/explain"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/naming"
)

func init() { register(explainCmd) }

var explainCmd = &command{
	name:    "explain",
	summary: "show what a permission requires and what requires it",
	usage:   "CATALOG PERMISSION",
	help: `Explain prints one permission of a catalog: its display name, key, ID, Go
name, group (with its parent groups), the features that gate it, its flags
and attributes, the legacy keys it replaces, then the full tree of what it
requires (two spaces per level, each line "- Display Name (Key) — reason"
where the spec gives the source's reason), every permission that requires it
(directly or not; direct ones are marked [direct]) and the roles that hold it.
A permission required along several paths is printed in full once and then
as "(see above)". The tree is indented 16 levels at most: deeper
requirements are listed at that indentation with their level in brackets
("- [18] Key"), so that a long chain of requirements prints one short line
per permission. "Required by" and "Roles" name their first 100 entries and
count the rest.

` + catalogHelp + `

PERMISSION is a key, a display name or an ID, matched exactly first, then
ignoring case; quote display names that contain spaces. A retired key (one
that a permission replaces, or that reserved.keys holds) prints what
replaced it and explains each successor, the first five in full; a
reserved ID says so. A miss exits 1 with the nearest name; a name that
matches several permissions ignoring case exits 1 listing them, so that
you can give the exact key.

Examples:

	permcat explain opendental ProcExistingEdit
	permcat explain opendental 43
	permcat explain opendental "edit eo or ec procedures"
	permcat explain pbn set_goals
	permcat explain perms.yaml CommlogEdit`,
	setup: func(fs *flag.FlagSet) func(*env, []string) error {
		return func(e *env, args []string) error {
			if len(args) != 2 {
				return usageError("explain takes a CATALOG and a PERMISSION; run %q for examples", e.cmd("explain", "-h"))
			}
			cat, err := loadCatalog(args[0])
			if err != nil {
				return err
			}
			p, retired, err := explain.Lookup(cat, args[1])
			switch {
			case err != nil:
				return &exitError{code: 1, msg: err.Error()}
			case retired != nil:
				return explain.WriteRetired(e.stdout, cat, retired)
			}
			return explain.Write(e.stdout, cat, p)
		}
	},
}

// loadCatalog reads and resolves the catalog a CATALOG argument names: a
// catalog that ships with permcat by name, or a spec file by path.
func loadCatalog(arg string) (*model.Catalog, error) {
	var file string
	var data []byte
	if isSpecPath(arg) {
		var err error
		if data, err = readSpecFile(arg); err != nil {
			return nil, err
		}
		file = arg
	} else {
		var names []string
		var err error
		file, data, names, err = shippedCatalog(arg)
		if err != nil {
			return nil, err
		}
		if file == "" {
			return nil, usageError("no catalog %q: name one that ships with permcat (%s) or a spec file (.yaml, .yml)%s",
				arg, strings.Join(names, ", "), naming.DidYouMean(arg, names))
		}
	}
	cat, err := model.Load(file, data)
	if err != nil {
		return nil, &exitError{code: 1, msg: "invalid spec:\n" + err.Error()}
	}
	return cat, nil
}

// isSpecPath reports whether a CATALOG argument is a file path rather than
// the name of a catalog that ships with permcat.
func isSpecPath(arg string) bool {
	return strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml") ||
		strings.ContainsRune(arg, '/') || strings.ContainsRune(arg, os.PathSeparator)
}
