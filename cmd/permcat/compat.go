package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/permcat/permcat/internal/compat"
	"github.com/permcat/permcat/internal/diag"
	"github.com/permcat/permcat/internal/revfile"
)

func init() { register(compatCmd) }

var compatCmd = &command{
	name:    "compat",
	summary: "report changes that would break stored grants or widen access",
	usage:   "[-format text|json|github] [-deny new-access] OLD NEW\n       permcat compat [-format text|json|github] [-deny new-access] -against REV SPEC",
	help:    compatHelp(),
	setup: func(fs *flag.FlagSet) func(*env, []string) error {
		format := fs.String("format", "text", "output `FORMAT`: text, json or github (workflow annotations)")
		against := fs.String("against", "", "compare SPEC with its version at git revision `REV` (read with git)")
		var deny denyFlag
		fs.Var(&deny, "deny", "also exit 1 on findings of `CLASS`: new-access or warning (comma-separated or repeated; breaking always fails)")
		return func(e *env, args []string) error {
			switch *format {
			case "text", "json", "github":
			default:
				return usageError("unknown -format %q; use text, json or github", *format)
			}
			pair, err := readPair("compat", *against, args)
			if err != nil {
				return err
			}
			if pair.oldMissing {
				fmt.Fprintf(e.stderr, "permcat: %s does not exist at %s: a new spec, so there is nothing to be compatible with\n", compat.Clean(pair.newName), compat.Clean(*against))
				if *format == "json" {
					fmt.Fprintln(e.stdout, "[]")
				}
				return nil
			}

			oldSpec, oldErr := compat.Load(pair.oldName, pair.oldData)
			newSpec, newErr := compat.Load(pair.newName, pair.newData)
			if oldErr != nil || newErr != nil {
				if *format == "github" {
					for _, err := range []error{oldErr, newErr} {
						compatAnnotateErrors(e, err, pair.onDisk)
					}
				}
				return invalidSpecs(oldErr, newErr)
			}

			findings := compat.Compare(oldSpec, newSpec)
			switch *format {
			case "json":
				err = compat.WriteJSON(e.stdout, findings)
			case "github":
				err = compat.WriteGitHub(e.stdout, findings, pair.onDisk, deny...)
			default:
				err = compat.WriteText(e.stdout, findings)
			}
			if err != nil {
				return err
			}
			n := compat.Count(findings)
			summary := compat.Clean(fmt.Sprintf("compat %s → %s: %s, %s, %s", pair.oldName, pair.newName,
				compatCount(n.Breaking, "breaking change"), compatCount(n.NewAccess, "new-access finding"), compatCount(n.Warnings, "warning")))
			if compat.Fails(findings, deny...) {
				if n.Breaking == 0 {
					summary += fmt.Sprintf(" (-deny %s)", deny.String())
				}
				return &exitError{code: 1, msg: summary}
			}
			fmt.Fprintf(e.stderr, "permcat: %s\n", summary)
			return nil
		}
	},
}

// denyFlag is the -deny flag: the finding classes that fail the check on
// top of breaking ones.
type denyFlag []compat.Severity

func (d *denyFlag) String() string {
	if d == nil {
		return ""
	}
	words := make([]string, len(*d))
	for i, s := range *d {
		words[i] = s.String()
	}
	return strings.Join(words, ",")
}

func (d *denyFlag) Set(v string) error {
	for _, word := range strings.Split(v, ",") {
		s, err := compat.ParseSeverity(strings.TrimSpace(word))
		if err != nil {
			return err
		}
		if !slices.Contains(*d, s) {
			*d = append(*d, s)
		}
	}
	return nil
}

// specPair is an old and a new version of a spec, read from two files or
// from the work tree and git.
type specPair struct {
	oldName, newName string
	oldData, newData []byte
	// oldMissing reports that SPEC does not exist at REV: a new spec, with
	// no old version (oldData is nil).
	oldMissing bool
	// onDisk reports whether a file named in output is in the checkout;
	// nil means both are.
	onDisk func(string) bool
}

// readPair reads the two versions a comparison command (compat, diff)
// works on: OLD and NEW, or with -against, SPEC as committed at REV and in
// the work tree. Both use it, so that both refuse the same paths.
func readPair(cmd, against string, args []string) (*specPair, error) {
	if against == "" {
		if len(args) != 2 {
			return nil, usageError("%s takes OLD and NEW, or -against REV and one SPEC; run \"permcat %s -h\" for examples", cmd, cmd)
		}
		p := &specPair{oldName: args[0], newName: args[1]}
		var err error
		if p.oldData, err = os.ReadFile(p.oldName); err != nil {
			return nil, fmt.Errorf("permcat: %w", err)
		}
		if p.newData, err = os.ReadFile(p.newName); err != nil {
			return nil, fmt.Errorf("permcat: %w", err)
		}
		return p, nil
	}
	if len(args) != 1 {
		return nil, usageError("with -against, give exactly one SPEC (its old version comes from git); run \"permcat %s -h\" for examples", cmd)
	}
	f, err := revfile.Read(against, args[0])
	switch {
	case errors.Is(err, revfile.ErrUsage):
		return nil, usageError("-against: %s", compat.Clean(err.Error()))
	case err != nil:
		return nil, &exitError{code: 1, msg: "-against: " + compat.Clean(err.Error())}
	case !f.InTree:
		return nil, &exitError{code: 1, msg: compat.Clean(fmt.Sprintf(
			"%s exists at %s but not in the work tree: deleting a spec drops the meaning of every grant stored under it; restore it, or compare its successor with \"permcat %s OLD NEW\"",
			f.Path, against, cmd))}
	}
	p := &specPair{oldName: f.Name, newName: f.Path, oldData: f.Old, oldMissing: !f.AtRev}
	if p.newData, err = os.ReadFile(f.Path); err != nil {
		return nil, fmt.Errorf("permcat: %w", err)
	}
	p.onDisk = func(file string) bool { return file != p.oldName }
	return p, nil
}

// invalidSpecs reports the errors of one or both specs, cleaned of control
// characters (spec text reaches some messages).
func invalidSpecs(errs ...error) error {
	var lines []string
	for _, err := range errs {
		if err == nil {
			continue
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			lines = append(lines, compat.Clean(line))
		}
	}
	return &exitError{code: 1, msg: "invalid spec, nothing compared:\n" + strings.Join(lines, "\n")}
}

func compatHelp() string {
	var rules strings.Builder
	for _, r := range compat.Rules {
		fmt.Fprintf(&rules, "\t%-24s %-10s %s\n", r.Name, r.Severity, r.Summary)
	}
	return `Compat compares two versions of a spec and reports the changes that would
corrupt grants stored under the old one (bitmasks indexed by permission ID,
lists of keys) as breaking, the changes that widen what existing grants and
roles allow as new-access, and the changes that narrow or move what existing
grants mean as warnings. It exits 1 if any change is breaking, or of a class
named by -deny; 0 otherwise.

-deny new-access is the "no new access" gate: a pull request that drops a
requirement or a feature gate, makes a role grant more, makes a stored key
migrate to more permissions, takes a flag off a permission or changes what a
flag or attribute says fails until someone approves it. Display names (unless
one moves to another permission), descriptions, titles and the order of
entries are not access; nor is a new permission that no role and no
migration grants.

A permission is matched by key, or failing that by ID (a rename, which must
list the old key in replaces). A permission may leave the catalog only if
its ID is in reserved.ids and its key is in reserved.keys or in the replaces
of its successor. A renamed catalog type or package is breaking too: stored
data is unaffected, but every importer of the generated package stops
compiling.

With -against, OLD is SPEC as committed at REV, read with git from the
repository holding SPEC, and named REV:<path from the repository root> in
the output. A symbolic link is resolved first (one leading out of the
repository is an error). A SPEC that does not exist at REV is new: compat
says so and exits 0. A SPEC that exists neither in the work tree nor at REV
is an error (exit 2), so that a mistyped path cannot turn the check off.

Rules:

` + rules.String() + `
Output, one finding per line, sorted by position (in NEW where the change
is, in OLD for something deleted), with a summary on stderr:

	new.yaml:12:9: breaking[id-changed]: permission a changed id from 1 to 7; ...
	new.yaml:30:5: new-access[role-gained]: role clerk now grants refund, which it lists; ...

There is one finding per cause, never one per role and permission: a role
that gains several permissions is one finding, and so is a requirement
added or dropped with everything it brings along; where that can be as
long as the catalog, the message names the first five permissions and
counts the rest, so that the output stays linear in the specs.

Spec text is printed with control characters escaped (\x1b), never raw.
-format json prints a JSON array (empty when nothing is found) of objects
{"rule", "severity" ("breaking", "new-access" or "warning"), "file", "line",
"column", "message"}; the fields are stable. -format github prints GitHub
Actions workflow commands (::error for what fails the check, ::warning for
the rest, with file, line, col and title), so that findings annotate the
pull request; findings in the old version from git carry their position in
the message instead. Either spec being invalid prints its errors and exits 1.

Examples:

	permcat compat old/perms.yaml perms.yaml
	permcat compat -format json v1.yaml v2.yaml
	permcat compat -against origin/main perms.yaml
	permcat compat -deny new-access -against origin/main perms.yaml

In a GitHub workflow (fetch enough history for the base revision):

	permcat compat -format github -deny new-access -against origin/${{ github.base_ref }} perms.yaml`
}

func compatCount(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// compatAnnotateErrors prints the positioned errors of an invalid spec as
// GitHub error annotations.
func compatAnnotateErrors(e *env, err error, onDisk func(string) bool) {
	var errs diag.Errors
	if !errors.As(err, &errs) {
		return
	}
	for _, d := range errs {
		if onDisk != nil && !onDisk(d.Pos.File) {
			compat.GitHubError(e.stdout, "", 0, 0, "permcat compat invalid spec", d.Error())
			continue
		}
		compat.GitHubError(e.stdout, d.Pos.File, d.Pos.Line, d.Pos.Col, "permcat compat invalid spec", d.Msg)
	}
}
