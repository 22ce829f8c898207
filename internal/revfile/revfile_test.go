package revfile

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repo makes a git repository in a temporary directory, commits files
// (path to content; a content starting with "->" commits a symbolic link
// to the rest) and returns its root.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("these tests need git on PATH: %v", err)
	}
	root := t.TempDir()
	// Keep the user's and the system's git configuration out of the test.
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	run(t, root, "git", "init", "-q")
	for name, content := range files {
		write(t, filepath.Join(root, name), content)
	}
	run(t, root, "git", "add", "-A")
	run(t, root, "git", "-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "v1")
	return root
}

func run(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// write writes a file, or with "->" a symbolic link, making directories.
func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if target, ok := strings.CutPrefix(content, "->"); ok {
		if err := os.Symlink(target, path); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRead(t *testing.T) {
	root := repo(t, map[string]string{
		"spec/perms.yaml":     "v1 perms",
		"spec/gone.yaml":      "v1 gone",
		"spec/was-link.yaml":  "->perms.yaml",
		"other/readme.txt":    "x",
		"spec/nested/a.yaml":  "v1 nested",
		"spec/sub/keep.txt":   "k",
		"spec/dir-at-rev/x.y": "d",
	})
	outside := t.TempDir()
	write(t, filepath.Join(outside, "perms.yaml"), "outside")
	// other is another repository, which a linked directory leads into.
	other := repo(t, map[string]string{"perms.yaml": "other repo"})
	write(t, filepath.Join(root, "otherlink"), "->"+other)
	write(t, filepath.Join(root, "outlink"), "->"+outside)
	write(t, filepath.Join(root, "spec", "perms.yaml"), "v2 perms")
	write(t, filepath.Join(root, "spec", "new.yaml"), "brand new")
	write(t, filepath.Join(root, "link.yaml"), "->spec/perms.yaml")
	write(t, filepath.Join(root, "speclink"), "->spec")
	write(t, filepath.Join(root, "escape.yaml"), "->"+filepath.Join(outside, "perms.yaml"))
	write(t, filepath.Join(root, "dangling.yaml"), "->spec/missing.yaml")
	if err := os.Remove(filepath.Join(root, "spec", "gone.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "spec", "was-link.yaml")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "spec", "was-link.yaml"), "now a file")
	if err := os.RemoveAll(filepath.Join(root, "spec", "dir-at-rev")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "spec", "dir-at-rev"), "now a file")
	t.Chdir(root)

	tests := []struct {
		name, rev, path string
		want            File   // compared when wantErr is ""
		wantErr         string // substring of the error
		usage           bool   // the error wraps ErrUsage
	}{
		{name: "changed file", rev: "HEAD", path: "spec/perms.yaml",
			want: File{Path: "spec/perms.yaml", Name: "HEAD:spec/perms.yaml", InTree: true, AtRev: true, Old: []byte("v1 perms")}},
		{name: "absolute path", rev: "HEAD", path: filepath.Join(root, "spec", "perms.yaml"),
			want: File{Path: filepath.Join(root, "spec", "perms.yaml"), Name: "HEAD:spec/perms.yaml", InTree: true, AtRev: true, Old: []byte("v1 perms")}},
		{name: "new file", rev: "HEAD", path: "spec/new.yaml",
			want: File{Path: "spec/new.yaml", Name: "HEAD:spec/new.yaml", InTree: true}},
		{name: "deleted file", rev: "HEAD", path: "spec/gone.yaml",
			want: File{Path: "spec/gone.yaml", Name: "HEAD:spec/gone.yaml", AtRev: true, Old: []byte("v1 gone")}},
		{name: "symbolic link to a file", rev: "HEAD", path: "link.yaml",
			want: File{Path: "spec/perms.yaml", Name: "HEAD:spec/perms.yaml", InTree: true, AtRev: true, Old: []byte("v1 perms")}},
		{name: "through a linked directory", rev: "HEAD", path: "speclink/perms.yaml",
			want: File{Path: "spec/perms.yaml", Name: "HEAD:spec/perms.yaml", InTree: true, AtRev: true, Old: []byte("v1 perms")}},
		{name: "typo", rev: "HEAD", path: "spec/prems.yaml", wantErr: "spec/prems.yaml exists neither in the work tree nor at HEAD", usage: true},
		{name: "typo in a directory", rev: "HEAD", path: "sepc/perms.yaml", wantErr: "exists neither", usage: true},
		{name: "link leaving the repository", rev: "HEAD", path: "escape.yaml", wantErr: "outside the repository", usage: true},
		{name: "linked directory into another repository", rev: "HEAD", path: "otherlink/perms.yaml", wantErr: "outside the repository", usage: true},
		{name: "linked directory out of the repository", rev: "HEAD", path: "outlink/perms.yaml", wantErr: "outside the repository", usage: true},
		{name: "dangling link", rev: "HEAD", path: "dangling.yaml", wantErr: "a symbolic link to spec/missing.yaml, which does not exist"},
		{name: "link at the revision", rev: "HEAD", path: "spec/was-link.yaml", wantErr: "is a symbolic link at HEAD"},
		{name: "directory at the revision", rev: "HEAD", path: "spec/dir-at-rev", wantErr: "is a tree at HEAD"},
		{name: "directory", rev: "HEAD", path: "spec", wantErr: "is a directory"},
		{name: "repository root", rev: "HEAD", path: ".", wantErr: ". is a directory"},
		{name: "bad revision", rev: "no-such-branch", path: "spec/perms.yaml", wantErr: `"no-such-branch" is not a commit`},
		{name: "revision with a path", rev: "HEAD:spec", path: "spec/perms.yaml", wantErr: "is not a commit"},
		{name: "option as revision", rev: "--all", path: "spec/perms.yaml", wantErr: "cannot start with", usage: true},
		{name: "outside any repository", rev: "HEAD", path: filepath.Join(outside, "perms.yaml"), wantErr: "not in a git work tree"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(tt.rev, tt.path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Read(%q, %q) = %+v, %v; want an error containing %q", tt.rev, tt.path, got, err, tt.wantErr)
				}
				if errors.Is(err, ErrUsage) != tt.usage {
					t.Errorf("errors.Is(%v, ErrUsage) = %v, want %v", err, !tt.usage, tt.usage)
				}
				return
			}
			if err != nil {
				t.Fatalf("Read(%q, %q): %v", tt.rev, tt.path, err)
			}
			if got.Path != tt.want.Path || got.Name != tt.want.Name || got.InTree != tt.want.InTree || got.AtRev != tt.want.AtRev || string(got.Old) != string(tt.want.Old) {
				t.Errorf("Read(%q, %q) = %+v\nwant %+v", tt.rev, tt.path, *got, tt.want)
			}
		})
	}
}

// TestReadFromSubdirectory checks that a path relative to a directory below
// the root is read at the right place in the tree.
func TestReadFromSubdirectory(t *testing.T) {
	root := repo(t, map[string]string{"a/b/perms.yaml": "v1"})
	t.Chdir(filepath.Join(root, "a"))
	got, err := Read("HEAD", "b/perms.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "HEAD:a/b/perms.yaml" || string(got.Old) != "v1" || got.Path != "b/perms.yaml" {
		t.Errorf("got %+v", *got)
	}
}
