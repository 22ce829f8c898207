// Package permcattest lets a downstream repository guard its generated
// permission package with a one-line drift test:
//
//	func TestPermsUpToDate(t *testing.T) {
//		permcattest.UpToDate(t, "perms.yaml", "perms_gen.go")
//	}
//
// The test fails, with a unified diff and the command to run, when the
// committed file, or the Markdown reference generated beside it
// (perms_gen.md), differs from what the spec produces now, and when the
// directory still holds a package generated from the spec under an older
// catalog name, which would no longer compile beside the new one. Import this
// package only from _test.go files: it pulls in the generator (jennifer,
// yaml.v3), which then stays out of the production binary, since the
// generated package itself imports only the standard library.
package permcattest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/permcat/permcat/internal/build"
)

// UpToDate fails t unless out, and the Markdown reference beside it, hold
// exactly what permcat generates from spec, and no other file of out's
// directory was generated from spec or from a spec that no longer exists.
// Both paths are relative to the test's working directory, which is the
// package directory under go test.
func UpToDate(t testing.TB, spec, out string) {
	t.Helper()
	data, err := os.ReadFile(spec)
	if err != nil {
		t.Fatalf("permcattest: %v", err)
	}
	r, err := build.Compile(build.Spec{Path: spec, Data: data, Out: out})
	if err != nil {
		t.Fatalf("permcattest: spec %s does not compile:\n%v", spec, err)
	}
	drifts, err := build.Check(r.Files)
	if err != nil {
		t.Fatalf("permcattest: %v", err)
	}
	for _, d := range drifts {
		t.Errorf("%s\nTo fix, run: go generate ./...  (or: permcat generate -o %s %s)", d, out, spec)
	}
	leftovers, err := build.Leftovers([]string{filepath.Dir(out)}, r.Files, false)
	if err != nil {
		t.Fatalf("permcattest: %v", err)
	}
	for _, d := range leftovers {
		if d.Kind == "obsolete" {
			t.Errorf("%s\nTo fix, run: go generate ./...  (it removes the file)", d)
		} else {
			t.Errorf("%s", d)
		}
	}
}
