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

// TestToolFromLocalClone follows step 1 of the README for a module that
// builds permcat from a local clone (here, this checkout), both as the
// README writes it (go mod edit, go mod tidy) and with go get -tool after
// the replace directive, the module proxy off so that nothing is fetched.
// In each, the tool reports the replacement, generates and checks the
// example's spec, and the no-SPEC form refuses to write permcat's own
// catalogs into the module, naming the spec with the command as it was run.
func TestToolFromLocalClone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds permcat as a tool of a new module; skipped with -short")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	var readme [][]string
	for _, block := range codeBlocks(readmeSection(t, "Use it in your repo"), "sh") {
		if !strings.Contains(block, "-replace=github.com/permcat/permcat=") {
			continue
		}
		for line := range strings.Lines(block) {
			var args []string
			for _, a := range strings.Fields(line) {
				args = append(args, strings.ReplaceAll(a, "=../permcat", "="+root))
			}
			if len(args) > 0 {
				readme = append(readme, args)
			}
		}
	}
	if len(readme) == 0 {
		t.Fatal("README section \"Use it in your repo\" has no sh block with a replace directive")
	}
	spec, err := os.ReadFile(filepath.Join("downstream", "perms", "perms.yaml"))
	if err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		name  string
		steps [][]string
		env   []string
	}{
		{"README", readme, nil},
		{"go get -tool", [][]string{
			{"go", "mod", "edit", "-replace=github.com/permcat/permcat=" + root},
			{"go", "get", "-tool", "github.com/permcat/permcat/cmd/permcat"},
		}, []string{"GOPROXY=off"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			env := append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=")
			env = append(env, tt.env...)
			sh := func(wantCode int, args ...string) (stdout, stderr string) {
				t.Helper()
				cmd := exec.Command(args[0], args[1:]...)
				cmd.Dir = dir
				cmd.Env = env
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				err := cmd.Run()
				code := 0
				if ee, ok := err.(*exec.ExitError); ok {
					code = ee.ExitCode()
				} else if err != nil {
					t.Fatalf("%s: %v", strings.Join(args, " "), err)
				}
				if code != wantCode {
					t.Fatalf("%s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, wantCode, out.Bytes(), errb.Bytes())
				}
				return out.String(), errb.String()
			}
			sh(0, "go", "mod", "init", "example.com/fresh")
			for _, step := range tt.steps {
				sh(0, step...)
			}
			if out, _ := sh(0, "go", "tool", "permcat", "version"); !strings.HasPrefix(out, "permcat v0.0.0") || !strings.Contains(out, "(replaced by "+root+")") {
				t.Errorf("go tool permcat version: %q", out)
			}
			if err := os.MkdirAll(filepath.Join(dir, "perms"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "perms", "perms.yaml"), spec, 0o644); err != nil {
				t.Fatal(err)
			}

			for _, cmd := range []string{"generate", "check"} {
				_, errOut := sh(2, "go", "tool", "permcat", cmd)
				if !strings.Contains(errOut, "permcat: "+cmd+" needs a SPEC here") || !strings.Contains(errOut, "\tgo tool permcat "+cmd+" perms/perms.yaml\n") {
					t.Errorf("go tool permcat %s with no SPEC:\n%s", cmd, errOut)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "generated")); err == nil {
				t.Fatal("go tool permcat generate wrote permcat's own catalogs into the module")
			}

			_, errOut := sh(0, "go", "tool", "permcat", "generate", "perms/perms.yaml")
			if !strings.Contains(errOut, "wrote perms/perms_gen.go") || !strings.Contains(errOut, "wrote perms/perms_gen.md") {
				t.Errorf("generate: %s", errOut)
			}
			sh(0, "go", "build", "./...")
			sh(0, "go", "tool", "permcat", "check", "perms/perms.yaml")
			edited := bytes.Replace(spec, []byte("description: "), []byte("description: Edited. "), 1)
			if err := os.WriteFile(filepath.Join(dir, "perms", "perms.yaml"), edited, 0o644); err != nil {
				t.Fatal(err)
			}
			out, errOut := sh(1, "go", "tool", "permcat", "check", "perms/perms.yaml")
			if !strings.Contains(out, "perms/perms_gen.go is stale") || !strings.Contains(errOut, `run "go tool permcat generate perms/perms.yaml"`) {
				t.Errorf("check after an edit:\n%s%s", out, errOut)
			}
		})
	}
}
