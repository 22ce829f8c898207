package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/permcat/permcat/internal/compat"
	"github.com/permcat/permcat/internal/diag"
)

func init() { register(compatCmd) }

var compatCmd = &command{
	name:    "compat",
	summary: "report changes that would break stored grants",
	usage:   "[-format text|json|github] OLD NEW\n       permcat compat [-format text|json|github] -against REV SPEC",
	help:    compatHelp(),
	setup: func(fs *flag.FlagSet) func(*env, []string) error {
		format := fs.String("format", "text", "output `FORMAT`: text, json or github (workflow annotations)")
		against := fs.String("against", "", "compare SPEC with its version at git revision `REV` (read with git show)")
		return func(e *env, args []string) error {
			switch *format {
			case "text", "json", "github":
			default:
				return usageError("unknown -format %q; use text, json or github", *format)
			}
			var oldName, newName string
			var oldData, newData []byte
			var onDisk func(string) bool
			if *against != "" {
				if len(args) != 1 {
					return usageError("with -against, give exactly one SPEC (its old version comes from git); run \"permcat compat -h\" for examples")
				}
				if strings.HasPrefix(*against, "-") {
					return usageError("-against %q: a revision cannot start with \"-\"", *against)
				}
				newName = args[0]
				var found bool
				var err error
				oldName, oldData, found, err = compatGitShow(*against, newName)
				if err != nil {
					return &exitError{code: 1, msg: err.Error()}
				}
				if !found {
					fmt.Fprintf(e.stderr, "permcat: %s does not exist at %s, so there is nothing to be compatible with\n", newName, *against)
					if *format == "json" {
						fmt.Fprintln(e.stdout, "[]")
					}
					return nil
				}
				onDisk = func(file string) bool { return file != oldName }
			} else {
				if len(args) != 2 {
					return usageError("compat takes OLD and NEW, or -against REV and one SPEC; run \"permcat compat -h\" for examples")
				}
				oldName = args[0]
				var err error
				if oldData, err = os.ReadFile(oldName); err != nil {
					return fmt.Errorf("permcat: %w", err)
				}
			}
			newName = args[len(args)-1]
			newData, err := os.ReadFile(newName)
			if err != nil {
				return fmt.Errorf("permcat: %w", err)
			}

			oldSpec, oldErr := compat.Load(oldName, oldData)
			newSpec, newErr := compat.Load(newName, newData)
			if oldErr != nil || newErr != nil {
				var msgs []string
				for _, err := range []error{oldErr, newErr} {
					if err == nil {
						continue
					}
					msgs = append(msgs, err.Error())
					if *format == "github" {
						compatAnnotateErrors(e, err, onDisk)
					}
				}
				return &exitError{code: 1, msg: "invalid spec, nothing compared:\n" + strings.Join(msgs, "\n")}
			}

			findings := compat.Compare(oldSpec, newSpec)
			switch *format {
			case "json":
				err = compat.WriteJSON(e.stdout, findings)
			case "github":
				err = compat.WriteGitHub(e.stdout, findings, onDisk)
			default:
				err = compat.WriteText(e.stdout, findings)
			}
			if err != nil {
				return err
			}
			breaking, warnings := compat.Count(findings)
			summary := fmt.Sprintf("compat %s → %s: %s, %s", oldName, newName,
				compatCount(breaking, "breaking change"), compatCount(warnings, "warning"))
			if breaking > 0 {
				return &exitError{code: 1, msg: summary}
			}
			fmt.Fprintf(e.stderr, "permcat: %s\n", summary)
			return nil
		}
	},
}

func compatHelp() string {
	var rules strings.Builder
	for _, r := range compat.Rules {
		fmt.Fprintf(&rules, "\t%-25s %-8s %s\n", r.Name, r.Severity, r.Summary)
	}
	return `Compat compares two versions of a spec and reports the changes that would
corrupt grants stored under the old one (bitmasks indexed by permission ID,
lists of keys) as breaking, and the changes that alter what existing grants
mean as warnings. It exits 1 if any change is breaking, 0 otherwise.

A permission is matched by key, or failing that by ID (a rename, which must
list the old key in replaces). A permission may leave the catalog only if
its ID is in reserved.ids and its key is in reserved.keys or in the replaces
of its successor. A renamed catalog type or package is breaking too: stored
data is unaffected, but every importer of the generated package stops
compiling.

With -against, OLD is SPEC as committed at REV, read with
"git show REV:<path>" from SPEC's directory; it is named REV:<path> in the
output. A SPEC that does not exist at REV has nothing to be compatible with:
compat says so and exits 0.

Rules:

` + rules.String() + `
Output, one finding per line, sorted by position (in NEW where the change
is, in OLD for something deleted), with a summary on stderr:

	new.yaml:12:9: breaking[id-changed]: permission a changed id from 1 to 7; ...

-format json prints a JSON array (empty when nothing is found) of objects
{"rule", "severity" ("breaking" or "warning"), "file", "line", "column",
"message"}; the fields are stable. -format github prints GitHub Actions
workflow commands (::error / ::warning with file, line, col and title), so
that findings annotate the pull request; findings in the old version from
git carry their position in the message instead. Either spec being invalid
prints its errors and exits 1.

Examples:

	permcat compat old/perms.yaml perms.yaml
	permcat compat -format json v1.yaml v2.yaml
	permcat compat -against origin/main perms.yaml

In a GitHub workflow (fetch enough history for the base revision):

	permcat compat -format github -against origin/${{ github.base_ref }} perms.yaml`
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

// compatGitShow reads spec as committed at rev. It returns the name the old
// version goes by in the output (REV:path), and found false when spec does
// not exist at rev.
func compatGitShow(rev, spec string) (name string, data []byte, found bool, err error) {
	if _, err := exec.LookPath("git"); err != nil {
		return "", nil, false, fmt.Errorf("-against reads the old spec with git, which is not installed or not on PATH: %v", err)
	}
	dir := filepath.Dir(spec)
	prefix, err := compatGit(dir, "rev-parse", "--show-prefix")
	if err != nil {
		return "", nil, false, fmt.Errorf("-against: %s is not in a git work tree: %v", spec, err)
	}
	if _, err := compatGit(dir, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return "", nil, false, fmt.Errorf("-against: %q is not a commit of the repository holding %s; fetch it or name another revision", rev, spec)
	}
	name = rev + ":" + strings.TrimSpace(string(prefix)) + filepath.Base(spec)
	if _, err := compatGit(dir, "cat-file", "-e", name); err != nil {
		return name, nil, false, nil
	}
	data, err = compatGit(dir, "show", name)
	if err != nil {
		return name, nil, false, fmt.Errorf("-against: git show %s: %v", name, err)
	}
	return name, data, true, nil
}

// compatGit runs git in dir and returns its standard output; the error
// carries its standard error.
func compatGit(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("%w: %s", err, msg)
		}
		return nil, err
	}
	return stdout.Bytes(), nil
}
