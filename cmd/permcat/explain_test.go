package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/permcat/permcat/internal/blowup"
)

// The -update flag may be declared by another test file of this package;
// declare it only if nobody has, and read it by name.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the expected output of golden archives")
	}
}

func updatingGoldens() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestExplainGolden runs every testdata/explain/*.txtar.
func TestExplainGolden(t *testing.T) {
	runCommandGoldens(t, "../../testdata/explain", "want.txt")
}

// runCommandGoldens runs the command line of each archive in dir and
// compares its output with the archive's. An archive holds:
//
//   - in its comment, what the case shows, and "exit: N" when the command
//     must exit with N instead of 0;
//   - "args": the command line after "permcat", one argument per line;
//   - any other file but the expected ones ("spec.yaml", …), written to an
//     empty working directory before the run;
//   - want (want.txt or want.json): the exact standard output;
//   - "stderr.txt": the exact standard error, absent when it is empty.
//
// With -update, the expected outputs and the exit line are rewritten.
func runCommandGoldens(t *testing.T, dir, want string) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden archives in %s: %v", dir, err)
	}
	for _, file := range files {
		file, err := filepath.Abs(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var args []string
			var wantOut, wantErr []byte
			hasArgs := false
			work := t.TempDir()
			for _, f := range ar.Files {
				switch f.Name {
				case "args":
					hasArgs = true
					args = strings.Split(strings.TrimSuffix(string(f.Data), "\n"), "\n")
				case want:
					wantOut = f.Data
				case "stderr.txt":
					wantErr = f.Data
				default:
					p := filepath.Join(work, filepath.FromSlash(f.Name))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			if !hasArgs {
				t.Fatal("archive has no args section")
			}
			wantCode := 0
			var comment []string
			for _, line := range strings.SplitAfter(string(ar.Comment), "\n") {
				if n, ok := strings.CutPrefix(line, "exit: "); ok {
					if wantCode, err = strconv.Atoi(strings.TrimSpace(n)); err != nil {
						t.Fatalf("bad exit line %q", line)
					}
					continue
				}
				if line != "" {
					comment = append(comment, line)
				}
			}

			t.Chdir(work)
			var stdout, stderr bytes.Buffer
			code := run(&env{stdout: &stdout, stderr: &stderr}, args)

			if updatingGoldens() {
				if code != 0 {
					comment = append(comment, fmt.Sprintf("exit: %d\n", code))
				}
				ar.Comment = []byte(strings.Join(comment, ""))
				ar.Files = slices.DeleteFunc(ar.Files, func(f txtar.File) bool { return f.Name == want || f.Name == "stderr.txt" })
				ar.Files = append(ar.Files, txtar.File{Name: want, Data: stdout.Bytes()})
				if stderr.Len() > 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "stderr.txt", Data: stderr.Bytes()})
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if code != wantCode {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, wantCode, stderr.Bytes())
			}
			hint := fmt.Sprintf("(run go test ./cmd/permcat -run %s -update to accept)", t.Name())
			if !bytes.Equal(stdout.Bytes(), wantOut) {
				t.Errorf("stdout differs %s\ngot:\n%s\nwant:\n%s", hint, stdout.Bytes(), wantOut)
			}
			if !bytes.Equal(stderr.Bytes(), wantErr) {
				t.Errorf("stderr differs %s\ngot:\n%s\nwant:\n%s", hint, stderr.Bytes(), wantErr)
			}
		})
	}
}

// TestExplainEveryPermission explains every permission of the embedded
// catalogs by key and by display name: it must always succeed, find the
// same permission either way, and print its key.
func TestExplainEveryPermission(t *testing.T) {
	for _, name := range []string{"pbn", "opendental"} {
		cat, err := loadCatalog(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range cat.Permissions {
			var byKey, byName bytes.Buffer
			if code := run(&env{stdout: &byKey, stderr: &byKey}, []string{"explain", name, p.Key}); code != 0 {
				t.Fatalf("explain %s %s: exit %d\n%s", name, p.Key, code, byKey.Bytes())
			}
			code := run(&env{stdout: &byName, stderr: &byName}, []string{"explain", name, strings.ToUpper(p.Name)})
			if code != 0 && !strings.Contains(byName.String(), "give the exact key") {
				t.Fatalf("explain %s %q: exit %d\n%s", name, p.Name, code, byName.Bytes())
			}
			if code == 0 && !bytes.Equal(byKey.Bytes(), byName.Bytes()) {
				t.Errorf("explain %s: %q and %q give different output", name, p.Key, strings.ToUpper(p.Name))
			}
			if !strings.Contains(byKey.String(), "\nKey:        "+p.Key+"\n") {
				t.Errorf("explain %s %s does not print the key", name, p.Key)
			}
		}
	}
}

func TestExplainMissingSpecFile(t *testing.T) {
	t.Chdir(t.TempDir())
	var out, errb bytes.Buffer
	if code := run(&env{stdout: &out, stderr: &errb}, []string{"explain", "nope.yaml", "X"}); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if out.Len() != 0 || !strings.Contains(errb.String(), "nope.yaml") {
		t.Errorf("stdout %q, stderr %q; want the file named on stderr only", out.Bytes(), errb.Bytes())
	}
}

func TestCatalogArgument(t *testing.T) {
	for arg, want := range map[string]bool{
		"pbn": false, "opendental": false, "perms.yaml": true, "perms.yml": true,
		"dir/perms": true, "./pbn": true, "pbn.json": false,
	} {
		if got := isSpecPath(arg); got != want {
			t.Errorf("isSpecPath(%q) = %v, want %v", arg, got, want)
		}
	}
}

// TestExplainBlowup: explaining the permissions of a quadratic catalog
// with the longest tree and lists (the end and the start of a requires
// chain, the first permission of a role chain) writes an output that
// grows at most linearly with the spec.
func TestExplainBlowup(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		spec func(n int) []byte
		key  func(n int) string
	}{
		{"requires tree", 1000, func(n int) []byte { return blowup.RequiresChain(n, true) }, func(n int) string { return fmt.Sprintf("p%d", n-1) }},
		{"required by", 1000, func(n int) []byte { return blowup.RequiresChain(n, true) }, func(int) string { return "p0" }},
		{"roles", 300, func(n int) []byte { return blowup.RoleChain(n, true) }, func(int) string { return "p0" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkLinear(t, tc.n, func(t *testing.T, n int) int {
				path := filepath.Join(t.TempDir(), "spec.yaml")
				writeFile(t, path, string(tc.spec(n)))
				code, stdout, stderr := permcat(t, "explain", path, tc.key(n))
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				return len(stdout)
			})
		})
	}
}
