package permcattest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/permcat/permcat/internal/build"
)

const spec = `permcat: 1
catalog:
  name: blog
permissions:
  - key: post_read
    id: 1
  - key: post_write
    id: 2
    requires: [post_read]
`

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	msgs   []string
	failed bool
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

// upToDate runs UpToDate on a recorder and returns it.
func upToDate(t *testing.T, spec, out string) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		UpToDate(r, spec, out)
	}()
	<-done
	return r
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// generate writes what the spec at path produces.
func generate(t *testing.T, path, out string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := build.Compile(build.Spec{Path: path, Data: data, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := build.Write(r.Files, false); err != nil {
		t.Fatal(err)
	}
}

func TestUpToDate(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T)
		want  []string // substrings of the failures; none: it passes
	}{
		{name: "up to date", setup: func(t *testing.T) { generate(t, "perms.yaml", "blog_gen.go") }},
		{
			name: "spec edited",
			setup: func(t *testing.T) {
				generate(t, "perms.yaml", "blog_gen.go")
				write(t, "perms.yaml", spec+"  - key: post_delete\n    id: 3\n")
			},
			want: []string{"blog_gen.go is stale:", "+\tPostDelete", "blog_gen.md is stale:", "go generate ./..."},
		},
		{name: "never generated", want: []string{"blog_gen.go is missing", "blog_gen.md is missing"}},
		{
			name: "catalog renamed",
			setup: func(t *testing.T) {
				write(t, "perms.yaml", strings.Replace(spec, "name: blog", "name: old", 1))
				generate(t, "perms.yaml", "old_gen.go")
				write(t, "perms.yaml", spec)
				generate(t, "perms.yaml", "blog_gen.go")
			},
			want: []string{"old_gen.go is obsolete: it was generated from perms.yaml", "old_gen.md is obsolete", "(it removes the file)"},
		},
		{
			name: "spec of a neighbour deleted",
			setup: func(t *testing.T) {
				generate(t, "perms.yaml", "blog_gen.go")
				write(t, "gone.yaml", strings.Replace(spec, "name: blog", "name: gone", 1))
				generate(t, "gone.yaml", "gone_gen.go")
				os.Remove("gone.yaml")
			},
			want: []string{"gone_gen.go is orphan: its spec gone.yaml no longer exists"},
		},
		{name: "spec missing", setup: func(t *testing.T) { os.Remove("perms.yaml") }, want: []string{"permcattest: open perms.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			write(t, "perms.yaml", spec)
			if tt.setup != nil {
				tt.setup(t)
			}
			r := upToDate(t, "perms.yaml", "blog_gen.go")
			all := strings.Join(r.msgs, "\n")
			if len(tt.want) == 0 {
				if r.failed {
					t.Fatalf("UpToDate failed:\n%s", all)
				}
				return
			}
			if !r.failed {
				t.Fatal("UpToDate passed")
			}
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("failures lack %q:\n%s", w, all)
				}
			}
		})
	}
}
