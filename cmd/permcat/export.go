package main

import (
	"flag"

	"github.com/permcat/permcat/internal/export"
	"github.com/permcat/permcat/internal/writefile"
)

func init() { register(exportCmd) }

// exportHeader is how every export starts: the lines that mark a file as
// one permcat wrote, so that -o replaces an earlier export and nothing
// else (JSON has no comments to carry a "Code generated" line).
const exportHeader = "{\n  \"format\": \"" + export.Format + "\","

var exportCmd = &command{
	name:    "export",
	summary: "write a resolved catalog as JSON for other languages",
	usage:   "[-o FILE|-] [-force] [-max-size MIB] CATALOG",
	help: `Export writes the resolved catalog as JSON: IDs, keys, display names,
groups, flags, attributes, features, direct requirements with their reasons,
the transitive requires and required-by closures, roles and legacy
migrations. A front end or a program in another language can then grey out
a blocked checkbox, or uncheck dependents, exactly as the generated Go
package decides. The output is deterministic: the same spec gives the same
bytes.

` + catalogHelp + `

The JSON goes to standard output (also with -o -), or to FILE with -o:
written atomically, only when its bytes change, only over a regular file,
and never over a file that does not start like an export unless -force.

Shape (format "permcat-catalog", version 1; every field always present,
"" / [] / {} when empty; keys refer to permissions everywhere but "id"):

	{"format": "permcat-catalog", "version": 1,
	 "catalog": {name, title, source, package, type},
	 "flags": [{key, description}], "attributes": [...], "features": [...],
	 "groups": [{key, title, description, parent, feature,
	             permissions: [keys, with descendants', by id]}],
	 "permissions": [{id, key, goName, name, description, group,
	                  flags: [keys], attributes: {key: value},
	                  features: [every gating feature],
	                  requires: [{key, reason}]   (direct, spec order),
	                  requiresAll: [keys by id]   (transitive),
	                  requiredByAll: [keys by id] (transitive dependents),
	                  replaces: [retired keys], deprecated}],   (by id)
	 "roles": [{key, title, description, includes, permissions (all, by id)}],
	 "migrations": [{from: retired key, to: [keys]}],
	 "reserved": {ids, keys}}

A permission takes effect when it and all of its requiresAll are granted and
every feature of it and of its requirements is on. Granting a permission
grants its requiresAll; revoking it revokes its requiredByAll.

The lists of permissions (requiresAll, requiredByAll, and the permissions
of each group and role, which hold those of sub-groups and included roles)
can grow with the square of the spec: a chain of 20,000 permissions, each
requiring the one before, lists 200 million keys. An export whose lists
pass -max-size mebibytes (256 unless set) is refused, naming where they
passed it, before anything is written.

Within version 1, fields may be added (ignore those you do not know) but none
is removed, renamed, retyped or given another meaning; "version" changes only
on such an incompatible change. The full description is the documentation of
package github.com/permcat/permcat/internal/export.

Examples:

	permcat export opendental > opendental.json
	permcat export perms.yaml -o web/src/perms.json`,
	setup: func(fs *flag.FlagSet) func(*env, []string) error {
		out := fs.String("o", "", "write the JSON to `FILE` instead of standard output (- is standard output)")
		force := fs.Bool("force", false, "overwrite a FILE that does not hold an export")
		maxSize := fs.Int("max-size", export.DefaultMaxSize>>20, "refuse an export whose lists of permissions pass `MIB` mebibytes (closures, and groups and roles with what they include, can grow with the square of the spec)")
		return func(e *env, args []string) error {
			if len(args) != 1 {
				return usageError("export takes one CATALOG; run %q for examples", e.cmd("export", "-h"))
			}
			cat, err := loadCatalog(args[0])
			if err != nil {
				return err
			}
			if *maxSize <= 0 {
				return usageError("-max-size %d: give a positive number of mebibytes", *maxSize)
			}
			data, err := export.Marshal(cat, export.Options{MaxSize: *maxSize << 20})
			if err != nil {
				return err
			}
			if *out == "" || *out == "-" {
				_, err = e.stdout.Write(data)
				return err
			}
			res, err := writefile.Write([]writefile.File{{Path: *out, Content: data, Header: exportHeader}}, writefile.Options{Force: *force})
			report(e, res.Removed, res.Written)
			if err != nil {
				return &exitError{code: 1, msg: err.Error()}
			}
			return nil
		}
	},
}
