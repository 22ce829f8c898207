package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/permcat/permcat/internal/blowup"
	"github.com/permcat/permcat/internal/export"
)

// TestExportGolden runs every testdata/export/*.txtar (see
// runCommandGoldens); the expected standard output is want.json.
func TestExportGolden(t *testing.T) {
	runCommandGoldens(t, "../../testdata/export", "want.json")
}

// TestExportEmbedded exports each embedded catalog and checks the document
// decodes into the documented shape, is deterministic, and that -o writes
// the same bytes, only when they change.
func TestExportEmbedded(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, name := range []string{"pbn", "opendental"} {
		var out1, out2, errb bytes.Buffer
		if code := run(&env{stdout: &out1, stderr: &errb}, []string{"export", name}); code != 0 {
			t.Fatalf("export %s: exit %d\n%s", name, code, errb.Bytes())
		}
		run(&env{stdout: &out2, stderr: &errb}, []string{"export", name})
		if !bytes.Equal(out1.Bytes(), out2.Bytes()) {
			t.Errorf("export %s is not deterministic", name)
		}
		var doc export.Document
		dec := json.NewDecoder(bytes.NewReader(out1.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&doc); err != nil {
			t.Fatalf("export %s: %v", name, err)
		}
		if doc.Format != export.Format || doc.Version != export.Version || doc.Catalog.Name != name {
			t.Errorf("export %s: format %q version %d catalog %q", name, doc.Format, doc.Version, doc.Catalog.Name)
		}
		if !bytes.HasSuffix(out1.Bytes(), []byte("}\n")) {
			t.Errorf("export %s does not end with a newline", name)
		}

		file := filepath.Join("out", name+".json")
		errb.Reset()
		var stdout bytes.Buffer
		if code := run(&env{stdout: &stdout, stderr: &errb}, []string{"export", "-o", file, name}); code != 0 {
			t.Fatalf("export -o: exit %d\n%s", code, errb.Bytes())
		}
		if stdout.Len() != 0 || !strings.Contains(errb.String(), "wrote "+file) {
			t.Errorf("export -o: stdout %q, stderr %q", stdout.Bytes(), errb.Bytes())
		}
		got, err := os.ReadFile(file)
		if err != nil || !bytes.Equal(got, out1.Bytes()) {
			t.Errorf("export -o %s wrote other bytes than standard output (%v)", file, err)
		}
		errb.Reset()
		if code := run(&env{stdout: &stdout, stderr: &errb}, []string{"export", "-o", file, name}); code != 0 || errb.Len() != 0 {
			t.Errorf("export -o onto identical file: exit %d, stderr %q; want silence", code, errb.Bytes())
		}
	}
}

// TestExportBlowup: the export of a quadratic catalog is refused once its
// lists of permissions pass -max-size, closures and roles alike, with an
// error naming the limit and the flag, and nothing written; under the
// limit, the export is written whole and within it.
func TestExportBlowup(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, tc := range []struct {
		name       string
		over, fits []byte
	}{
		{"requires chain", blowup.RequiresChain(3000, true), blowup.RequiresChain(200, true)},
		{"role chain", blowup.RoleChain(1000, true), blowup.RoleChain(300, true)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeFile(t, "over.yaml", string(tc.over))
			writeFile(t, "fits.yaml", string(tc.fits))
			code, stdout, stderr := permcat(t, "export", "-max-size", "1", "-o", "over.json", "over.yaml")
			if code != 1 || stdout != "" || !strings.Contains(stderr, "pass 1 MiB") || !strings.Contains(stderr, "-max-size") {
				t.Errorf("over the limit: exit %d, stdout %d bytes, stderr %q", code, len(stdout), stderr)
			}
			if _, err := os.Stat("over.json"); !os.IsNotExist(err) {
				t.Errorf("an export over the limit was written: %v", err)
			}
			code, stdout, stderr = permcat(t, "export", "-max-size", "1", "fits.yaml")
			if code != 0 || len(stdout) == 0 || len(stdout) > 1<<20 {
				t.Errorf("under the limit: exit %d, %d bytes, stderr %q", code, len(stdout), stderr)
			}
		})
	}
}
