package gen_test

import (
	"bytes"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/permcat/permcat/internal/gen"
	"github.com/permcat/permcat/internal/model"
)

// FuzzGenerate checks that every spec the loader accepts compiles to
// source that type-checks (Generate checks it before returning). The
// loader is the only gate between untrusted text and the generated
// program, so anything it lets through must be safe to emit.
func FuzzGenerate(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/golden/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, s := range ar.Files {
			if s.Name == "spec.yaml" {
				f.Add(s.Data)
			}
		}
	}
	pbn, err := os.ReadFile("../../spec/pbn.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(pbn)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := model.Load("fuzz.yaml", data)
		if err != nil {
			return
		}
		src, err := gen.Generate(c, gen.Options{})
		if err != nil {
			t.Fatalf("spec accepted but not generated: %v\n%s", err, data)
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "out.go", src, parser.ParseComments); err != nil {
			t.Fatalf("generated source does not parse: %v\nspec:\n%s", err, data)
		}
	})
}

// TestDeterministic generates both shipped catalogs repeatedly, with
// different GOMAXPROCS values and freshly loaded models (so map iteration
// order differs between runs), and requires identical bytes.
func TestDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, name := range []string{"pbn", "opendental"} {
		data, err := os.ReadFile("../../spec/" + name + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		var first []byte
		for i := range 20 {
			runtime.GOMAXPROCS(1 + i%4)
			c, err := model.Load("spec/"+name+".yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			out, err := gen.Generate(c, gen.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = out
			} else if !bytes.Equal(first, out) {
				t.Fatalf("%s: run %d produced different bytes", name, i)
			}
		}
	}
}
