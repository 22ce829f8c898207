// Package build decides which files a spec produces and with what bytes,
// and compares them with what is on disk. The generate and check commands
// and the permcattest helper all go through it, so the three can never
// disagree about what "up to date" means.
package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/permcat/permcat/internal/docs"
	"github.com/permcat/permcat/internal/gen"
	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/textdiff"
	"github.com/permcat/permcat/internal/writefile"
)

// Spec is a spec to compile.
type Spec struct {
	// Path names the spec in errors and, relative to the output, in the
	// generated "source:" line. For an embedded default spec it is the
	// path the file has in this repository (spec/pbn.yaml).
	Path string
	Data []byte
	// Out is the Go file to write. Empty means the default: with Dir set,
	// Dir/<catalog>/<catalog>.go; otherwise <catalog>_gen.go beside the
	// spec. The Markdown reference goes beside it, named by DocsPath.
	Out string
	// Dir is the output root for the layout of the default catalogs.
	Dir string
}

// File is one file a spec produces.
type File struct {
	Path    string
	Content []byte
	Spec    string // the spec it comes from
}

// Result is what compiling one spec yields.
type Result struct {
	Catalog *model.Catalog
	Files   []File
}

// Compile loads, checks and generates one spec: the Go package, then its
// Markdown reference beside it.
func Compile(s Spec) (*Result, error) {
	c, err := model.Load(s.Path, s.Data)
	if err != nil {
		return nil, err
	}
	out := s.Out
	switch {
	case out != "":
	case s.Dir != "":
		out = filepath.Join(s.Dir, c.Name, c.Name+".go")
	default:
		out = filepath.Join(filepath.Dir(s.Path), c.Name+"_gen.go")
	}
	if strings.HasSuffix(out, ".md") {
		return nil, fmt.Errorf("%s: the Go output %s ends in .md, the name of the Markdown reference written beside it; name the Go file .go", s.Path, out)
	}
	// The two outputs only read the catalog, so they are built side by
	// side: on a large catalog each takes about a second.
	md := DocsPath(out)
	mdDone := make(chan []byte, 1)
	go func() { mdDone <- docs.Markdown(c, SourcePath(s.Path, md)) }()
	src, err := gen.Generate(c, gen.Options{Source: SourcePath(s.Path, out)})
	mdSrc := <-mdDone
	if err != nil {
		return nil, err
	}
	return &Result{Catalog: c, Files: []File{
		{Path: out, Content: src, Spec: s.Path},
		{Path: md, Content: mdSrc, Spec: s.Path},
	}}, nil
}

// DocsPath is the Markdown reference written beside the Go file out: its
// path with .go replaced by .md (pbn.go → pbn.md, perms_gen.go →
// perms_gen.md).
func DocsPath(out string) string {
	return strings.TrimSuffix(out, ".go") + ".md"
}

// Header returns the line a generated file at path starts with: the
// Markdown header for .md files, the Go header otherwise.
func Header(path string) string {
	if strings.HasSuffix(path, ".md") {
		return docs.Header
	}
	return gen.Header
}

// SourcePath returns the spec's path relative to the output's directory,
// with forward slashes: the same string whichever directory permcat runs
// in, so the "source:" line never causes a diff by itself.
func SourcePath(spec, out string) string {
	if rel, err := filepath.Rel(filepath.Dir(absolute(out)), absolute(spec)); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(spec)
}

func absolute(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// Write writes files, reporting each path it changed.
func Write(files []File, force bool) (changed []string, err error) {
	for _, f := range files {
		did, err := writefile.Write(f.Path, f.Content, writefile.Options{Header: Header(f.Path), Force: force})
		if err != nil {
			return changed, err
		}
		if did {
			changed = append(changed, f.Path)
		}
	}
	return changed, nil
}

// Drift is a difference between what specs produce and what is on disk.
type Drift struct {
	Path string
	// Kind is "stale" (content differs), "missing" (not on disk) or
	// "orphan" (a generated file whose spec is gone).
	Kind string
	// Diff is the unified diff from the file on disk to the expected
	// content, for stale files; the explanation otherwise.
	Diff string
}

func (d Drift) String() string {
	switch d.Kind {
	case "stale":
		return fmt.Sprintf("%s is stale:\n%s", d.Path, d.Diff)
	default:
		return fmt.Sprintf("%s is %s: %s", d.Path, d.Kind, d.Diff)
	}
}

// Check compares files with the disk and reports every difference. It
// writes nothing.
func Check(files []File) ([]Drift, error) {
	var drifts []Drift
	for _, f := range files {
		old, err := os.ReadFile(f.Path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			drifts = append(drifts, Drift{Path: f.Path, Kind: "missing", Diff: "it does not exist; generate it"})
			continue
		case err != nil:
			return nil, fmt.Errorf("check %s: %w", f.Path, err)
		}
		if !bytes.Equal(old, f.Content) {
			p := filepath.ToSlash(f.Path)
			drifts = append(drifts, Drift{Path: f.Path, Kind: "stale", Diff: textdiff.Unified(p+" (on disk)", p+" (from "+filepath.ToSlash(f.Spec)+")", old, f.Content)})
		}
	}
	return drifts, nil
}

// Orphans finds generated files (Go and Markdown, recognised by their
// header and source line) under dirs whose spec no longer exists and that
// files does not account for: a drift check that ignored them would
// pass while a deleted catalog's package lingers. recursive walks the
// whole tree under each dir; otherwise only the directory itself is read.
func Orphans(dirs []string, files []File, recursive bool) ([]Drift, error) {
	planned := map[string]bool{}
	for _, f := range files {
		planned[absolute(f.Path)] = true
	}
	var drifts []Drift
	seen := map[string]bool{}
	visit := func(path string) error {
		if seen[absolute(path)] || planned[absolute(path)] || !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".md") {
			return nil
		}
		seen[absolute(path)] = true
		lines, err := writefile.FirstLines(path, 2)
		if err != nil {
			return fmt.Errorf("check %s: %w", path, err)
		}
		if len(lines) < 2 || lines[0] != Header(path) {
			return nil
		}
		var source string
		var ok bool
		if strings.HasSuffix(path, ".md") {
			source, ok = docs.ParseSourceLine(lines[1])
		} else {
			source, ok = strings.CutPrefix(lines[1], "// source: ")
		}
		if !ok {
			return nil
		}
		spec := filepath.Join(filepath.Dir(path), filepath.FromSlash(source))
		if _, err := os.Stat(spec); errors.Is(err, fs.ErrNotExist) {
			drifts = append(drifts, Drift{Path: path, Kind: "orphan", Diff: fmt.Sprintf("its spec %s no longer exists; delete the file or restore the spec", spec)})
		}
		return nil
	}
	for _, dir := range dirs {
		if recursive {
			err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					if errors.Is(err, fs.ErrNotExist) {
						return nil
					}
					return err
				}
				if d.IsDir() {
					return nil
				}
				return visit(path)
			})
			if err != nil {
				return nil, fmt.Errorf("check %s: %w", dir, err)
			}
			continue
		}
		entries, err := os.ReadDir(dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("check %s: %w", dir, err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				if err := visit(filepath.Join(dir, e.Name())); err != nil {
					return nil, err
				}
			}
		}
	}
	slices.SortFunc(drifts, func(a, b Drift) int { return strings.Compare(a.Path, b.Path) })
	return drifts, nil
}
