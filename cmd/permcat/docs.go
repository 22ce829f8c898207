package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/permcat/permcat/internal/build"
	"github.com/permcat/permcat/internal/docs"
)

func init() { register(docsCmd) }

var docsCmd = &command{
	name:    "docs",
	summary: "write the Markdown reference of specs",
	usage:   "[-o FILE] [-force] [-dir DIR] [SPEC...]",
	help: `Docs writes the Markdown reference of each SPEC, and only that: a table per
group (permission, description, what it requires, flags, attributes, ID,
key), a Mermaid diagram of each group's requirements, the legacy keys and
what replaced them, reserved IDs and keys, features, flags and roles.

generate writes the same file beside every Go package, and check compares
it with the spec like the Go code, so docs is for refreshing the reference
alone or writing it elsewhere. With no SPEC it writes the catalogs that ship
with permcat to DIR/<name>/<name>.md; with a SPEC, beside it as
<catalog>_gen.md, or to FILE with -o (check does not look at FILE).

Like generate, it writes only when the bytes change and never overwrites a
file that does not start with "` + docs.Header + `"
unless -force is given.

Examples:

	permcat docs
	permcat docs perms.yaml
	permcat docs -o docs/permissions.md perms.yaml`,
	setup: func(fs *flag.FlagSet) func(*env, []string) error {
		out := fs.String("o", "", "write the Markdown to `FILE` (one SPEC only)")
		force := fs.Bool("force", false, "overwrite output files that lack the generated header")
		dir := fs.String("dir", "generated", "output root for the default catalogs, when no SPEC is given")
		return func(e *env, args []string) error {
			if *out != "" && len(args) != 1 {
				return usageError("-o names one output file, so give exactly one SPEC")
			}
			specs, err := readSpecs(e, args, "", *dir)
			if err != nil {
				return err
			}
			var files []build.File
			var errs []string
			for _, s := range specs {
				r, err := build.Compile(s)
				if err != nil {
					errs = append(errs, err.Error())
					continue
				}
				for _, f := range r.Files {
					if !strings.HasSuffix(f.Path, ".md") {
						continue
					}
					if *out != "" {
						f.Path = *out
						f.Content = docs.Markdown(r.Catalog, build.SourcePath(s.Path, *out))
					}
					files = append(files, f)
				}
			}
			if len(errs) > 0 {
				return &exitError{code: 1, msg: "invalid spec, nothing written:\n" + strings.Join(errs, "\n")}
			}
			res, err := build.Write(files, *force)
			for _, p := range res.Removed {
				fmt.Fprintf(e.stderr, "permcat: removed %s, left by an interrupted run\n", p)
			}
			for _, p := range res.Written {
				fmt.Fprintf(e.stderr, "permcat: wrote %s\n", p)
			}
			return err
		}
	},
}
