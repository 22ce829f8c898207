package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/permcat/permcat/internal/build"
)

const spec = `permcat: 1
catalog:
  name: perms
features:
  - key: beta
    description: Early access.
permissions:
  - key: read
    id: 1
  - key: write
    id: 2
    requires: [read]
    feature: beta
`

// app makes one mistake of each kind on lines 9, 10 and 11.
const app = `package app

import "example.com/vetme/perms"

func Allowed(v any, on perms.Features) bool {
	var granted perms.Set
	_ = granted.Scan(v)
	_ = perms.Can(granted, perms.Write, on)
	_, _ = perms.Parse("wirte")
	_ = perms.Of(perms.Permission(1))
	return granted.Has(perms.Write)
}
`

const driftTest = `package perms_test

import (
	"testing"

	"github.com/permcat/permcat/permcattest"
)

func TestUpToDate(t *testing.T) {
	permcattest.UpToDate(t, "perms.yaml", "perms_gen.go")
}
`

// TestVetTool builds permcatvet and runs it the two ways the README
// gives, on a small module that requires permcat through a replace
// directive to this checkout: under go vet -vettool, and alone, where it
// also applies its fixes.
func TestVetTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary and runs the go command; skipped with -short")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "permcatvet")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	mod := filepath.Join(tmp, "vetme")
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod": "module example.com/vetme\n\ngo 1.26.0\n\nrequire github.com/permcat/permcat v0.0.0\n\n" +
			"replace github.com/permcat/permcat => " + root + "\n",
		"go.sum":              string(sum),
		"perms/perms.yaml":    spec,
		"perms/perms_test.go": driftTest,
		"app/app.go":          app,
	}
	for name, data := range files {
		path := filepath.Join(mod, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The module's indirect requirements are permcat's own, whatever they
	// are today: tidy them from the module cache, never the network.
	tidy := exec.Command("go", "mod", "tidy")
	tidy.Dir = mod
	tidy.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off", "GOTOOLCHAIN=local")
	if out, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	specPath := filepath.Join(mod, "perms", "perms.yaml")
	r, err := build.Compile(build.Spec{Path: specPath, Data: []byte(spec)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := build.Write(r.Files, false); err != nil {
		t.Fatal(err)
	}

	// run runs a command in the module and checks its exit code, unless
	// wantCode is negative.
	run := func(wantCode int, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly", "GOPROXY=off", "GOTOOLCHAIN=local")
		out, err := cmd.CombinedOutput()
		code := 0
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit):
			code = exit.ExitCode()
		case err != nil:
			t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		}
		if wantCode >= 0 && code != wantCode {
			t.Fatalf("%s %s: exit code %d, want %d\n%s", name, strings.Join(args, " "), code, wantCode, out)
		}
		return string(out)
	}
	want := []string{
		`app/app.go:9:21: perms.Parse takes a permission key or display name: "wirte" names no permission of perms; did you mean "write"\?`,
		`app/app.go:10:15: perms.Permission\(1\) is the raw ID of perms.Read; write the named constant`,
		`app/app.go:11:17: granted.Has asks whether the box is ticked, not whether its holder may use it: the Set is filled by \(\*perms.Set\).Scan at app.go:7:6`,
	}
	check := func(out string) {
		t.Helper()
		for _, w := range want {
			if !regexp.MustCompile(w).MatchString(out) {
				t.Errorf("output lacks %s:\n%s", w, out)
			}
		}
		if n := strings.Count(out, "app.go:"); n != len(want)+1 { // +1: the position inside the Has message
			t.Errorf("%d positions in app.go reported, want %d:\n%s", n, len(want)+1, out)
		}
	}

	// go vet exits 1 when the tool reports; the drift test package is
	// vetted too and is clean.
	check(run(1, "go", "vet", "-vettool="+bin, "./..."))
	// Alone, it exits 3 when it reports, and -fix applies the fixes.
	check(run(3, bin, "./..."))
	run(-1, bin, "-fix", "./...")
	fixed, err := os.ReadFile(filepath.Join(mod, "app", "app.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`perms.Parse("write")`, `perms.Of(perms.Read)`, `granted.Has(perms.Write)`} {
		if !strings.Contains(string(fixed), w) {
			t.Errorf("after -fix, app.go lacks %s:\n%s", w, fixed)
		}
	}
	// The Has needs the features the installation has on, which only the
	// author knows: no fix, still reported.
	out := run(1, "go", "vet", "-vettool="+bin, "./...")
	if !strings.Contains(out, "granted.Has asks whether the box is ticked") || strings.Count(out, "app.go:") != 2 {
		t.Errorf("after -fix, go vet reports:\n%s\nwant only the Has", out)
	}
}
