package syntax

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestLoadKeepsPositions(t *testing.T) {
	src := `permcat: 1
catalog:
  name: demo
permissions:
  - key: a
    id: 7
    requires:
      - b
      - key: c
        reason: "Must also have C."
    attributes: {date_field: ProcDate}
`
	f, err := Load("demo.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p := f.Permissions[0]
	checks := []struct {
		what      string
		got       string
		line, col int
		gotLine   int
		gotCol    int
	}{
		{"key", p.Key.Value, 5, 10, p.Key.Pos.Line, p.Key.Pos.Col},
		{"id", fmt.Sprint(p.ID.Value), 6, 9, p.ID.Pos.Line, p.ID.Pos.Col},
		{"plain requirement", p.Requires[0].Key.Value, 8, 9, p.Requires[0].Key.Pos.Line, p.Requires[0].Key.Pos.Col},
		{"mapping requirement", p.Requires[1].Key.Value, 9, 14, p.Requires[1].Key.Pos.Line, p.Requires[1].Key.Pos.Col},
		{"attribute", p.Attributes[0].Value.Value, 11, 30, p.Attributes[0].Value.Pos.Line, p.Attributes[0].Value.Pos.Col},
	}
	for _, c := range checks {
		if c.gotLine != c.line || c.gotCol != c.col {
			t.Errorf("%s %q at %d:%d, want %d:%d", c.what, c.got, c.gotLine, c.gotCol, c.line, c.col)
		}
	}
	if p.Requires[1].Reason.Value != "Must also have C." {
		t.Errorf("reason = %q", p.Requires[1].Reason.Value)
	}
	if f.Permissions[0].Pos.File != "demo.yaml" {
		t.Errorf("file = %q", f.Permissions[0].Pos.File)
	}
}

// TestAliasExpansionIsBounded builds a document whose aliases expand
// quadratically inside fields the format knows (each of many roles names
// one huge permission list), the shape of attack the node budget exists
// for, and checks that loading fails fast with the budget error.
func TestAliasExpansionIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("permcat: 1\ncatalog: {name: demo}\npermissions:\n  - {key: a, id: 1}\nroles:\n  - key: r0\n    permissions: &big [")
	for i := range 20000 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("a")
	}
	b.WriteString("]\n")
	for i := 1; i < 20000; i++ {
		fmt.Fprintf(&b, "  - {key: r%d, permissions: *big}\n", i)
	}
	start := time.Now()
	_, err := Load("bomb.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "spec expands to more than") {
		t.Fatalf("want the node budget error, got %v", err)
	}
	// Not a timing assertion: a generous ceiling that only an unbounded
	// expansion (400 million nodes) could reach.
	if d := time.Since(start); d > time.Minute {
		t.Fatalf("loading took %v", d)
	}
}

func TestFileSizeLimit(t *testing.T) {
	big := make([]byte, MaxFileSize+1)
	_, err := Load("big.yaml", big)
	if err == nil || !strings.Contains(err.Error(), "more than the limit") {
		t.Fatalf("want the size error, got %v", err)
	}
}

// FuzzLoad feeds arbitrary bytes to the loader: it must return a file or
// an error, never panic, and every error line must carry the file name.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"../../spec/pbn.yaml", "../../spec/opendental.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("permcat: 1\ncatalog: {name: x}\npermissions: [{key: a, id: 1, requires: [{key: b, reason: r}]}]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("permcat: 1\n---\n"))
	f.Add([]byte("\t"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Load("fuzz.yaml", data)
		if err == nil {
			if file == nil {
				t.Fatal("nil file without an error")
			}
			return
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !strings.HasPrefix(line, "fuzz.yaml") && !strings.HasPrefix(line, "(") {
				t.Fatalf("error line without position: %q", line)
			}
		}
	})
}
