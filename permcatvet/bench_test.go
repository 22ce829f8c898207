package permcatvet

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/permcat/permcat/internal/build"
	"github.com/permcat/permcat/internal/synth"
)

// BenchmarkAnalyze measures the analyzer alone (packages loaded and type
// checked once, outside the loop) on a synthetic catalog and a package
// that uses it: reading the catalog's constants and spec into its fact,
// then the checks.
func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{200, 20000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			gopath := b.TempDir()
			dir := filepath.Join(gopath, "src", "big")
			use := filepath.Join(gopath, "src", "use")
			for _, d := range []string{dir, use} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					b.Fatal(err)
				}
			}
			spec := synth.Spec(synth.Options{Permissions: n, Seed: 1})
			path := filepath.Join(dir, "big.yaml")
			if err := os.WriteFile(path, spec, 0o644); err != nil {
				b.Fatal(err)
			}
			r, err := build.Compile(build.Spec{Path: path, Data: spec, Out: filepath.Join(dir, "big_gen.go")})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := build.Write(r.Files, false); err != nil {
				b.Fatal(err)
			}
			pkgName := r.Catalog.Package
			src := strings.NewReplacer("PKG", pkgName, "KEY", strconv.Quote(r.Catalog.ByID[0].Key+"x"), "PERM", r.Catalog.ByID[0].GoName).Replace(
				"package use\n\nimport PKG \"big\"\n\nfunc f(v any, on PKG.Features) bool {\n\tvar s PKG.Set\n\t_ = s.Scan(v)\n\t_, _ = PKG.Parse(KEY)\n\treturn s.Has(PKG.PERM) || PKG.Effective(s, on).Has(PKG.PERM)\n}\n")
			if err := os.WriteFile(filepath.Join(use, "use.go"), []byte(src), 0o644); err != nil {
				b.Fatal(err)
			}
			cfg := &packages.Config{
				Mode: packages.LoadAllSyntax,
				Dir:  gopath,
				Env:  append(os.Environ(), "GOPATH="+gopath, "GO111MODULE=off", "GOWORK=off", "GOFLAGS="),
			}
			pkgs, err := packages.Load(cfg, "use")
			if err != nil || packages.PrintErrors(pkgs) > 0 {
				b.Fatalf("load: %v", err)
			}
			b.ResetTimer()
			for b.Loop() {
				g, err := checker.Analyze([]*analysis.Analyzer{Analyzer}, pkgs, nil)
				if err != nil {
					b.Fatal(err)
				}
				if n := len(g.Roots[0].Diagnostics); n != 2 {
					b.Fatalf("%d diagnostics, want 2 (the Has and the Parse)", n)
				}
			}
		})
	}
}
