// Package revfile reads a file of a git work tree as it was committed at a
// revision, for the commands that compare a spec with an earlier version of
// itself (permcat compat -against, permcat diff -against).
//
// Such a comparison is a gate in CI, so it must not pass by mistake. A path
// that exists neither in the work tree nor at the revision is an error (a
// typo would otherwise turn the gate off), and so is one that is a symbolic
// link leaving the repository. A symbolic link inside the repository is
// resolved before git is asked, so that the revision's version of the file
// it points to is read, not the link.
package revfile

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ErrUsage marks the errors that are the caller's mistake on the command
// line: a path that is nowhere, or that leaves the repository.
var ErrUsage = errors.New("wrong path")

// File is one file in the work tree and at a revision.
type File struct {
	// Path is the file in the work tree, symbolic links resolved, relative
	// to the current directory when it lies below it; it is the path as
	// given when that is no link.
	Path string
	// Name is how output names the old version: REV:path, with path
	// relative to the repository root and slash-separated.
	Name string
	// InTree reports whether the file exists in the work tree.
	InTree bool
	// AtRev reports whether the file exists at the revision; Old is its
	// content there.
	AtRev bool
	Old   []byte
}

// Read resolves path in the work tree and reads it as committed at rev.
//
// It fails when git is missing, path is not in a git work tree, rev names
// no commit, path is a directory or, at rev, a symbolic link or a
// directory, and, with an error wrapping ErrUsage, when path exists
// neither in the work tree nor at rev or resolves outside the repository.
// A path that exists in only one of the two is no error: InTree and AtRev
// say which.
func Read(rev, path string) (*File, error) {
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("%w: revision %q cannot start with \"-\"", ErrUsage, rev)
	}
	if _, err := exec.LookPath("git"); err != nil {
		return nil, fmt.Errorf("reading the old version needs git, which is not installed or not on PATH: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f := &File{Path: path}
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		return nil, fmt.Errorf("%s is a directory; name a spec file", path)
	}

	top, err := git(workTree(abs), "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%s is not in a git work tree: %w", path, err)
	}
	root, err := filepath.EvalSymlinks(strings.TrimSuffix(string(top), "\n"))
	if err != nil {
		return nil, fmt.Errorf("repository of %s: %w", path, err)
	}

	real, err := resolve(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	rel, err := filepath.Rel(root, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("%w: %s resolves to %s, outside the repository at %s; name a file inside it", ErrUsage, path, real, root)
	}
	if real != abs {
		f.Path = real
		if wd, err := os.Getwd(); err == nil {
			if r, err := filepath.Rel(wd, real); err == nil && !strings.HasPrefix(r, "..") {
				f.Path = r
			}
		}
	}
	switch _, err := os.Stat(real); {
	case err == nil:
		f.InTree = true
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: %w", path, err)
	}

	// Resolve rev once, so that a revision holding ':' cannot change what
	// REV:path means, and so that rev is never read as an option.
	commit, err := git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("%q is not a commit of the repository holding %s; fetch it or name another revision", rev, path)
	}
	hash := strings.TrimSpace(string(commit))
	slash := filepath.ToSlash(rel)
	f.Name = rev + ":" + slash

	entry, err := git(root, "--literal-pathspecs", "ls-tree", "-z", "--full-tree", hash, "--", slash)
	if err != nil {
		return nil, fmt.Errorf("git ls-tree %s: %w", f.Name, err)
	}
	if len(entry) > 0 {
		// "<mode> SP <type> SP <object> TAB <path> NUL"
		meta, _, _ := strings.Cut(string(entry), "\t")
		fields := strings.Fields(meta)
		if len(fields) != 3 {
			return nil, fmt.Errorf("git ls-tree %s: unexpected output %q", f.Name, entry)
		}
		switch mode, typ, obj := fields[0], fields[1], fields[2]; {
		case mode == "120000":
			return nil, fmt.Errorf("%s is a symbolic link at %s, so its content there is a path, not a spec; compare the file it points to", slash, rev)
		case typ != "blob":
			return nil, fmt.Errorf("%s is a %s at %s, not a file", slash, typ, rev)
		default:
			f.Old, err = git(root, "cat-file", "blob", obj)
			if err != nil {
				return nil, fmt.Errorf("git cat-file %s: %w", f.Name, err)
			}
			f.AtRev = true
		}
	}
	if !f.InTree && !f.AtRev {
		return nil, fmt.Errorf("%w: %s exists neither in the work tree nor at %s; check the path (a wrong one would make the comparison check nothing)", ErrUsage, path, rev)
	}
	return f, nil
}

// workTree returns a directory from which git finds the repository that
// holds abs as written: the nearest ancestor, by name, that has a .git
// entry and is no symbolic link. A linked directory on the way is skipped,
// so that a link into another repository is judged against this one (and
// refused) instead of quietly comparing with that one. Without such an
// ancestor (GIT_DIR set, say), it is the nearest existing directory, and
// git decides.
func workTree(abs string) string {
	existing := ""
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		st, err := os.Lstat(dir)
		if err == nil && st.IsDir() {
			if existing == "" {
				existing = dir
			}
			if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
				return dir
			}
		}
		if err == nil && st.Mode()&fs.ModeSymlink != 0 && existing == "" {
			existing = dir
		}
		if filepath.Dir(dir) == dir {
			if existing == "" {
				return dir
			}
			return existing
		}
	}
}

// resolve evaluates the symbolic links of abs. For a path that does not
// exist, it resolves the nearest existing ancestor and keeps the rest; a
// link whose target is missing is reported.
func resolve(abs string) (string, error) {
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	if st, err := os.Lstat(abs); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(abs)
		return "", fmt.Errorf("a symbolic link to %s, which does not exist", target)
	}
	dir, rest := abs, ""
	for {
		parent, base := filepath.Dir(dir), filepath.Base(dir)
		rest = filepath.Join(base, rest)
		dir = parent
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(real, rest), nil
		}
		if parent == filepath.Dir(parent) {
			return abs, nil
		}
	}
}

// git runs git in dir and returns its standard output; the error carries
// its standard error.
func git(dir string, args ...string) ([]byte, error) {
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
