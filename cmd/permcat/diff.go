package main

import (
	"bytes"
	"flag"
	"fmt"
	"strings"

	"github.com/permcat/permcat/internal/compat"
	"github.com/permcat/permcat/internal/semdiff"
	"github.com/permcat/permcat/internal/writefile"
)

func init() { register(diffCmd) }

var diffCmd = &command{
	name:    "diff",
	summary: "summarize what a spec change means: permissions, roles, stored grants",
	usage:   "[-format text|markdown|json] [-o FILE] [-force] [-max-list N] OLD NEW\n       permcat diff [-format text|markdown|json] [-o FILE] [-force] [-max-list N] -against REV SPEC",
	help: `Diff summarizes what a change to a spec means, for a reviewer who would
otherwise read the diff of the generated code:

  - permissions added, removed (retired or not), renamed, renumbered and
    deprecated;
  - direct requirements and feature gates added or dropped;
  - for every role, the permissions it gains and loses after includes, each
    with the features that must be on for it to take effect (its own gate,
    its groups', and those of everything it requires), and the permissions
    it keeps whose features changed ("regated"): this answers for every
    combination of features an installation may have on;
  - stored values that change meaning: keys (a live, replaced or reserved
    key of the old version) and bits (an ID or reserved ID) that now decode
    to something else, and permissions whose stored grants start or stop
    taking effect because what they require, directly or not, or the
    features they need changed;
  - compat's findings (see "permcat help compat").

Permissions are matched by key, then by ID, as compat matches them. Diff
exits 0 whatever changed (gate with permcat compat), 1 when a spec is
invalid or git fails, 2 on a wrong command line.

-against REV reads OLD from git exactly as compat does: a symbolic link is
resolved inside the repository, and a SPEC that exists neither in the work
tree nor at REV is an error. A SPEC that does not exist at REV is compared
with an empty catalog: everything is added.

-format text (the default) is for a terminal; markdown is for a
pull-request comment (it starts with the line "<!-- permcat diff -->", to
find and update an earlier comment), and writes every value from a spec as
a code span, so that spec text cannot format, link or mention anything;
json is for tools: an object {"format": "permcat-diff", "version": 1, "old",
"new", "permissions": {"added", "removed", "renamed", "renumbered",
"deprecated"}, "requirements", "gates", "roles", "stored_keys",
"stored_bits", "grants", "findings"} whose field names are stable and whose
lists are never null (see the package documentation of internal/semdiff).
Text and markdown escape control characters in spec text (\x1b); json
writes them as \u escapes. The summary goes to standard output, or to FILE
with -o (written atomically), for a later step to post.

The lists that come once per role or per permission, and can each be as
long as the catalog (what a role gains, loses or has regated, what stored
grants of a permission now require more or less), name their first N
entries by ID, 20 unless -max-list says otherwise, and count the rest:
"and 2980 more" in text and markdown, "gained_omitted": 2980 (and
lost_omitted, regated_omitted, requires_added_omitted,
requires_dropped_omitted) in json, whose "max_list" gives N. The cap is the
same in every format, so that a spec of a few hundred kilobytes whose
catalog is quadratic (3,000 roles each including the one before) gives a
diff linear in the spec, never one per role and permission.

Examples:

	permcat diff old/perms.yaml perms.yaml
	permcat diff -against origin/main perms/perms.yaml
	permcat diff -format markdown -o comment.md -against origin/main perms/perms.yaml
	permcat diff -format json v1.yaml v2.yaml`,
	setup: func(fs *flag.FlagSet) func(*env, []string) error {
		format := fs.String("format", "text", "output `FORMAT`: text, markdown or json")
		against := fs.String("against", "", "compare SPEC with its version at git revision `REV` (read with git)")
		out := fs.String("o", "", "write the summary to `FILE` instead of standard output")
		force := fs.Bool("force", false, "with -o, replace FILE even if it does not hold a summary of the same format")
		maxList := fs.Int("max-list", semdiff.DefaultMaxList, "name at most `N` permissions in each list of what a role gains, loses or has regated, or a stored grant requires more or less; count the rest")
		return func(e *env, args []string) error {
			switch *format {
			case "text", "markdown", "json":
			default:
				return usageError("unknown -format %q; use text, markdown or json", *format)
			}
			if *maxList <= 0 {
				return usageError("-max-list %d: give a positive number of entries", *maxList)
			}
			pair, err := readPair("diff", *against, args)
			if err != nil {
				return err
			}
			newSpec, newErr := compat.Load(pair.newName, pair.newData)
			var oldSpec *compat.Spec
			var oldErr error
			switch {
			case !pair.oldMissing:
				oldSpec, oldErr = compat.Load(pair.oldName, pair.oldData)
			case newErr == nil:
				fmt.Fprintf(e.stderr, "permcat: %s does not exist at %s: a new spec, compared with an empty catalog\n", compat.Clean(pair.newName), compat.Clean(*against))
				oldSpec = semdiff.Nothing(pair.oldName, newSpec)
			}
			if oldErr != nil || newErr != nil {
				return invalidSpecs(oldErr, newErr)
			}
			d := semdiff.Compare(oldSpec, newSpec, semdiff.Options{MaxList: *maxList})
			var buf bytes.Buffer
			switch *format {
			case "markdown":
				err = d.WriteMarkdown(&buf)
			case "json":
				err = d.WriteJSON(&buf)
			default:
				err = d.WriteText(&buf)
			}
			if err != nil {
				return err
			}
			if *out == "" {
				_, err = e.stdout.Write(buf.Bytes())
				return err
			}
			// Like every file permcat writes, FILE is replaced only if it
			// holds what permcat wrote there before: a summary in the same
			// format, told by how it starts.
			header := diffHeaders[*format]
			if *format == "text" {
				// The text form starts with a line naming the specs
				// compared: a summary of the same comparison.
				header, _, _ = strings.Cut(buf.String(), "\n")
			}
			file := writefile.File{Path: *out, Content: buf.Bytes(), Header: header}
			if _, err := writefile.Write([]writefile.File{file}, writefile.Options{Force: *force}); err != nil {
				return &exitError{code: 1, msg: err.Error()}
			}
			return nil
		}
	},
}

// diffHeaders is how a summary starts in the markdown and JSON formats,
// whole lines: an existing -o FILE that starts otherwise is not replaced
// without -force.
var diffHeaders = map[string]string{
	"markdown": semdiff.Marker,
	"json":     "{\n  \"format\": \"permcat-diff\",",
}
