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
	// Package is the Go package a .go output declares; empty for the
	// Markdown reference.
	Package string
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
		{Path: out, Content: src, Spec: s.Path, Package: c.Package},
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

// header is the line f starts with: the Go header for a Go package, the
// Markdown header for a reference, wherever -o puts it.
func (f File) header() string {
	if f.Package != "" {
		return gen.Header
	}
	return docs.Header
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

// Write writes files, all or none, replacing only regular files that
// permcat generated (any regular file with force), and reports what it did.
// An existing output whose source line names another spec than the one now
// producing it is refused unless force is set: that is another catalog's
// package, not an older version of this one.
func Write(files []File, force bool) (writefile.Result, error) {
	if err := CheckOutputs(files); err != nil {
		return writefile.Result{}, err
	}
	var wf []writefile.File
	for _, f := range files {
		if !force {
			from, ok, err := GeneratedFrom(f.Path)
			if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, writefile.ErrNotRegular) {
				return writefile.Result{}, fmt.Errorf("refusing to write %s: %w", f.Path, err)
			}
			if ok && !samePath(from, f.Spec) {
				return writefile.Result{}, fmt.Errorf("refusing to overwrite %s: it was generated from %s, not from %s; give this spec another output, or pass -force to replace it",
					f.Path, from, f.Spec)
			}
		}
		wf = append(wf, writefile.File{Path: f.Path, Content: f.Content, Header: f.header()})
	}
	return writefile.Write(wf, writefile.Options{Force: force})
}

// CheckOutputs fails when two of files would be written to the same path:
// two specs of one run that produce one output would overwrite each other.
func CheckOutputs(files []File) error {
	by := map[string]File{}
	var errs []string
	for _, f := range files {
		key := absolute(f.Path)
		if prev, ok := by[key]; ok {
			if prev.Spec == f.Spec {
				errs = append(errs, fmt.Sprintf("%s is written twice from %s", f.Path, f.Spec))
			} else {
				errs = append(errs, fmt.Sprintf("%s and %s both produce %s; give one of them another catalog.name, directory or -o", prev.Spec, f.Spec, f.Path))
			}
			continue
		}
		by[key] = f
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

// GeneratedFrom returns the spec a generated file at path names in its
// source line, as a path usable from the current directory. ok is false
// when the file is not one permcat generated (no header or source line).
// Like writefile, it reads only regular files.
func GeneratedFrom(path string) (spec string, ok bool, err error) {
	lines, err := writefile.FirstLines(path, 2)
	if err != nil {
		return "", false, err
	}
	if len(lines) < 2 || lines[0] != Header(path) {
		return "", false, nil
	}
	var source string
	if strings.HasSuffix(path, ".md") {
		source, ok = docs.ParseSourceLine(lines[1])
	} else {
		source, ok = strings.CutPrefix(lines[1], "// source: ")
	}
	if !ok || source == "" {
		return "", false, nil
	}
	return filepath.Join(filepath.Dir(path), filepath.FromSlash(source)), true, nil
}

// samePath reports whether a and b name the same file: the same file on
// disk when both exist, the same absolute path otherwise.
func samePath(a, b string) bool {
	ai, aerr := os.Stat(a)
	bi, berr := os.Stat(b)
	if aerr == nil && berr == nil {
		return os.SameFile(ai, bi)
	}
	return absolute(a) == absolute(b)
}

// Drift is a difference between what specs produce and what is on disk.
type Drift struct {
	Path string
	// Kind is "stale" (content differs), "missing" (not on disk),
	// "orphan" (a generated file whose spec is gone) or "obsolete" (a
	// generated file that its spec no longer produces).
	Kind string
	// Diff is the unified diff from the file on disk to the expected
	// content, for stale files; the explanation otherwise.
	Diff string
	// Spec is the spec an obsolete file was generated from.
	Spec string
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
		old, err := writefile.ReadFile(f.Path)
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

// Leftovers finds the generated files (Go and Markdown, recognised by
// their header and source line) under dirs that files does not account
// for, and that a drift check which ignored them would let through:
//
//   - "orphan": its spec no longer exists, so its package lingers;
//   - "obsolete": its spec is one of the specs of files, but no longer
//     produces it (the catalog was renamed, or moved with -o), so two
//     copies of one package sit side by side.
//
// Generated files of other specs are left alone. recursive walks the whole
// tree under each dir; otherwise only the directory itself is read.
func Leftovers(dirs []string, files []File, recursive bool) ([]Drift, error) {
	planned := map[string]bool{}
	var specs []string
	produces := map[string][]string{} // spec → its outputs
	for _, f := range files {
		planned[absolute(f.Path)] = true
		if !slices.Contains(specs, f.Spec) {
			specs = append(specs, f.Spec)
		}
		produces[f.Spec] = append(produces[f.Spec], f.Path)
	}
	var drifts []Drift
	seen := map[string]bool{}
	visit := func(path string) error {
		if seen[absolute(path)] || planned[absolute(path)] || !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".md") {
			return nil
		}
		seen[absolute(path)] = true
		spec, ok, err := GeneratedFrom(path)
		if errors.Is(err, writefile.ErrNotRegular) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("check %s: %w", path, err)
		}
		if !ok {
			return nil
		}
		if _, err := os.Stat(spec); errors.Is(err, fs.ErrNotExist) {
			drifts = append(drifts, Drift{Path: path, Kind: "orphan", Diff: fmt.Sprintf("its spec %s no longer exists; delete the file or restore the spec", spec)})
			return nil
		}
		for _, s := range specs {
			if samePath(spec, s) {
				drifts = append(drifts, Drift{Path: path, Kind: "obsolete", Spec: s, Diff: fmt.Sprintf("it was generated from %s, which now produces %s instead; delete it (generate does)", s, strings.Join(produces[s], " and "))})
				break
			}
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
				if !d.Type().IsRegular() {
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
			if e.Type().IsRegular() {
				if err := visit(filepath.Join(dir, e.Name())); err != nil {
					return nil, err
				}
			}
		}
	}
	slices.SortFunc(drifts, func(a, b Drift) int { return strings.Compare(a.Path, b.Path) })
	return drifts, nil
}

// Remove deletes an obsolete file that Leftovers found, after checking
// again that it is still a file permcat generated from the same spec: it
// never removes anything else.
func Remove(d Drift) error {
	if d.Kind != "obsolete" {
		return fmt.Errorf("remove %s: it is %s, not obsolete", d.Path, d.Kind)
	}
	spec, ok, err := GeneratedFrom(d.Path)
	if err != nil {
		return fmt.Errorf("remove %s: %w", d.Path, err)
	}
	if !ok || !samePath(spec, d.Spec) {
		return fmt.Errorf("remove %s: it is no longer generated from %s; left alone", d.Path, d.Spec)
	}
	if err := os.Remove(d.Path); err != nil {
		return fmt.Errorf("remove %s: %w", d.Path, err)
	}
	return nil
}
