package model

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected errors of testdata/errors/*.txtar")

// TestErrorGolden loads every spec under testdata/errors and compares the
// error with the archive's "errors" file, exactly. Each archive is one
// class of mistake; its comment says which.
func TestErrorGolden(t *testing.T) {
	files, err := filepath.Glob("../../testdata/errors/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no error cases found: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			spec := section(t, ar, "spec.yaml")
			c, err := Load("spec.yaml", spec)
			if err == nil {
				t.Fatalf("Load accepted the spec (%d permissions); want an error", len(c.Permissions))
			}
			got := err.Error() + "\n"
			if *update {
				setSection(ar, "errors", got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := string(section(t, ar, "errors")); got != want {
				t.Errorf("errors differ (run go test ./internal/model -run TestErrorGolden -update to accept)\ngot:\n%s\nwant:\n%s", got, want)
			}
			// Every error names a position an editor can jump to.
			for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
				if !strings.HasPrefix(line, "spec.yaml:") && !strings.HasPrefix(line, "(") {
					t.Errorf("error line lacks a file position: %q", line)
				}
			}
		})
	}
}

func section(t *testing.T, ar *txtar.Archive, name string) []byte {
	t.Helper()
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	if *update && name == "errors" {
		return nil
	}
	t.Fatalf("archive has no %q section", name)
	return nil
}

func setSection(ar *txtar.Archive, name, data string) {
	for i, f := range ar.Files {
		if f.Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}
