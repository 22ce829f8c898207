package main

import (
	"flag"
	"strings"

	"github.com/permcat/permcat/internal/build"
	"github.com/permcat/permcat/internal/docs"
)

func init() { register(docsCmd) }

var docsCmd = &command{
	name:    "docs",
	summary: "write the Markdown reference of specs",
	usage:   "[-o FILE|-] [-force] [-dir DIR] [SPEC...]",
	help: `Docs writes the Markdown reference of each SPEC, and only that: a table per
group (permission, description, what it requires, flags, attributes, ID,
key), a Mermaid diagram of each group's requirements, the legacy keys and
what replaced them, reserved IDs and keys, features, flags and roles.

generate writes the same file beside every Go package, and check compares
it with the spec like the Go code, so docs is for refreshing the reference
alone or writing it elsewhere: beside the SPEC as <catalog>_gen.md, to FILE
with -o (check does not look at FILE), or to standard output with -o -.

` + shippedHelp + `

Like generate, it writes only when the bytes change, only over regular
files, and never over a file that does not start with
"` + docs.Header + `"
or that another spec generated, unless -force is given.

Examples:

	permcat docs perms.yaml
	permcat docs -o docs/permissions.md perms.yaml
	permcat docs perms.yaml -o - | less`,
	setup: func(fs *flag.FlagSet) func(*env, []string) error {
		out := fs.String("o", "", "write the Markdown to `FILE` (one SPEC only); - for standard output")
		force := fs.Bool("force", false, "overwrite output files that lack the generated header or come from another spec")
		dir := fs.String("dir", "generated", "output root for the catalogs that ship with permcat, when no SPEC is given")
		return func(e *env, args []string) error {
			if err := checkOutputFlags(fs, *out, args, true); err != nil {
				return err
			}
			specs, err := readSpecs(e, "docs", args, "", *dir)
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
			if *out == "-" {
				_, err := e.stdout.Write(files[0].Content)
				return err
			}
			res, err := build.Write(files, *force)
			report(e, res.Removed, res.Written)
			return err
		}
	},
}
