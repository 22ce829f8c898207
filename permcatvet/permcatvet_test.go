package permcatvet

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/permcat/permcat/internal/build"
	"github.com/permcat/permcat/internal/gen"
)

// testdataTree copies testdata into a temporary GOPATH and generates every
// spec in it (testdata/src/clinic/clinic.yaml, ...) with permcat's own
// generator, so that the catalogs the checks are tested against are
// exactly what permcat emits today.
func testdataTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel("testdata", path)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
		if strings.HasSuffix(path, ".yaml") {
			r, err := build.Compile(build.Spec{Path: dst, Data: data})
			if err != nil {
				return err
			}
			if _, err := build.Write(r.Files, false); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("preparing testdata: %v", err)
	}
	return dir
}

func TestHeaderMatchesGenerator(t *testing.T) {
	if generatedHeader != gen.Header {
		t.Errorf("generatedHeader = %q, gen.Header = %q", generatedHeader, gen.Header)
	}
}

func TestTicked(t *testing.T) {
	analysistest.Run(t, testdataTree(t), Analyzer, "ticked", "tickedlib")
}

func TestNames(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdataTree(t), Analyzer, "names", "nameslib")
}

func TestIDs(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdataTree(t), Analyzer, "ids")
}

func TestNoFeatures(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdataTree(t), Analyzer, "nofeat")
}

func TestDirectives(t *testing.T) {
	analysistest.Run(t, testdataTree(t), Analyzer, "directive")
}

func TestDeprecated(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdataTree(t), Analyzer, "deprecated")
}

func TestRawBits(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdataTree(t), Analyzer, "rawbits")
}
