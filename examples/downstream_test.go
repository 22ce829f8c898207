package examples

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// moduleFiles are module bookkeeping that -mod=mod may legitimately update in
// the copy; every other file must come out of go generate byte for byte.
var moduleFiles = []string{"go.mod", "go.sum"}

// TestDownstream runs the downstream user's path on a copy of
// examples/downstream: go generate ./... (which runs permcat from this
// checkout through the go:generate line) and go test ./... (which includes
// the permcattest drift test and the application's tests).
func TestDownstream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests a separate module; skipped with -short")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if mod, err := os.ReadFile(filepath.Join(root, "go.mod")); err != nil || !bytes.HasPrefix(mod, []byte("module github.com/permcat/permcat\n")) {
		t.Fatalf("%s is not the permcat module root (%v)", root, err)
	}
	src := filepath.Join(root, "examples", "downstream")
	dir := t.TempDir()
	committed := copyTree(t, src, dir)

	env := append(os.Environ(),
		"GOFLAGS=-mod=mod",  // the copy may need go.sum lines for this checkout's dependencies
		"GOWORK=off",        // never a workspace of the caller's
		"GOTOOLCHAIN=local", // the toolchain running this test, never a download
	)
	// sh runs a command in dir/sub and returns its combined output; it
	// fails the test unless the command's success is wantOK.
	sh := func(sub string, wantOK bool, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = filepath.Join(dir, sub)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if (err == nil) != wantOK {
			t.Fatalf("in a copy of examples/downstream/%s, %s %s: %v, want success: %v\n%s", sub, name, strings.Join(args, " "), err, wantOK, out)
		}
		return string(out)
	}
	run := func(args ...string) { t.Helper(); sh(".", true, "go", args...) }
	// The copy lives elsewhere, so ../.. would name nothing: point the
	// replace directive at this checkout.
	run("mod", "edit", "-replace=github.com/permcat/permcat="+root)

	run("generate", "./...")
	after := readTree(t, dir)
	for _, name := range sortedKeys(committed) {
		if slices.Contains(moduleFiles, name) {
			continue
		}
		got, ok := after[name]
		switch {
		case !ok:
			t.Errorf("go generate ./... deleted examples/downstream/%s", name)
		case !bytes.Equal(got, committed[name]):
			t.Errorf("go generate ./... changed examples/downstream/%s: the committed file is stale.\n"+
				"Run: cd examples/downstream && go generate ./...  and commit the result.", name)
		}
	}
	for _, name := range sortedKeys(after) {
		if _, ok := committed[name]; !ok {
			t.Errorf("go generate ./... wrote examples/downstream/%s, which is not committed.\n"+
				"Run: cd examples/downstream && go generate ./...  and commit the result.", name)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	if !bytes.Equal(after["go.sum"], committed["go.sum"]) {
		t.Logf("examples/downstream/go.sum lacked lines this checkout needs; run go mod tidy there and commit it")
	}

	run("test", "-count=1", "./...")

	// The CI steps of the README, run as written from the module root
	// against a repository whose origin/main is the commit under test:
	// check finds nothing stale and compat nothing breaking. Then compat
	// must fail a change that moves a stored bit.
	steps := ciSteps(t)
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("the README's CI steps need git, which is not on PATH: %v", err)
	}
	git := func(args ...string) {
		sh(".", true, "git", append([]string{"-c", "user.name=permcat", "-c", "user.email=permcat@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "downstream copy")
	git("update-ref", "refs/remotes/origin/main", "HEAD")
	var compat []string
	for _, step := range steps {
		sh(".", true, step[0], step[1:]...)
		if slices.Contains(step, "compat") {
			compat = step
		}
	}
	spec := filepath.Join(dir, "perms", "perms.yaml")
	data, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	moved := bytes.Replace(data, []byte("    id: 11\n"), []byte("    id: 13\n"), 1)
	if bytes.Equal(moved, data) {
		t.Fatal("perms.yaml has no permission with id 11 to move")
	}
	if err := os.WriteFile(spec, moved, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := sh(".", false, compat[0], compat[1:]...); !strings.Contains(out, "breaking") {
		t.Errorf("%s on a moved id exited 1 without reporting a breaking change:\n%s", strings.Join(compat, " "), out)
	}
}

// copyTree copies the regular files under src into dst and returns their
// contents by slash-separated relative path.
func copyTree(t *testing.T, src, dst string) map[string][]byte {
	t.Helper()
	files := readTree(t, src)
	for name, data := range files {
		p := filepath.Join(dst, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// readTree returns the contents of the regular files under dir by
// slash-separated relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sortedKeys(m map[string][]byte) []string {
	return slices.Sorted(maps.Keys(m))
}
