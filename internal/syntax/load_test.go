package syntax

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/permcat/permcat/internal/diag"
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

// aliasedText builds a spec whose first permission anchors a size-byte
// description and whose next n permissions alias it, the shape that turned
// a spec of a few megabytes into minutes, gigabytes of memory and hundreds
// of megabytes of output.
func aliasedText(size, n int) []byte {
	var b strings.Builder
	b.WriteString("permcat: 1\ncatalog: {name: demo}\npermissions:\n  - key: p0\n    id: 0\n    description: &big ")
	b.WriteString(strings.Repeat("x", size))
	b.WriteString("\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  - {key: p%d, id: %d, description: *big}\n", i, i)
	}
	return []byte(b.String())
}

// TestAliasedTextIsBounded loads the amplification shapes and checks that
// each stops at the text budget, at the alias that crosses it, without a
// File. The budget trips after MaxText bytes, so none of these reads more
// than 32 MiB however many aliases follow.
func TestAliasedTextIsBounded(t *testing.T) {
	tests := []struct {
		size, aliases int
	}{
		{1 << 20, 200},
		{1 << 20, 300},
		{4 << 20, 1000},
		{MaxText / 2, 2}, // the second use reaches the limit
	}
	for _, tt := range tests {
		data := aliasedText(tt.size, tt.aliases)
		f, err := Load("bomb.yaml", data)
		if f != nil {
			t.Errorf("%d aliases of %d bytes: got a File", tt.aliases, tt.size)
		}
		// The other scalars (keys, ids) take a few bytes, so the use of
		// the text that reaches MaxText crosses it: the anchor is the
		// first use, on line 6.
		crossing := MaxText / tt.size
		wantPos := fmt.Sprintf("bomb.yaml:%d:", 6+crossing-1)
		want := "spec holds more than 32 MiB of text once its aliases are expanded"
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), wantPos) {
			t.Errorf("%d aliases of %d bytes: want %q at %s, got %v", tt.aliases, tt.size, want, wantPos, err)
		}
	}
}

// TestTextBudgetSparesOrdinarySpecs: aliases used as intended, and text up
// to the limit, load.
func TestTextBudgetSparesOrdinarySpecs(t *testing.T) {
	if _, err := Load("ok.yaml", aliasedText(1<<20, 30)); err != nil {
		t.Errorf("31 uses of 1 MiB: %v", err)
	}
	// Text written out, without aliases, loads up to the file size limit.
	if _, err := Load("long.yaml", aliasedText(MaxFileSize-200, 0)); err != nil {
		t.Errorf("%d bytes of text without aliases: %v", MaxFileSize-200, err)
	}
	var b strings.Builder
	b.WriteString("permcat: 1\ncatalog: {name: demo}\npermissions:\n")
	for i := range 500 {
		fmt.Fprintf(&b, "  - {key: p%d, id: %d}\n", i, i)
	}
	b.WriteString("roles:\n  - key: r0\n    permissions: &all [")
	for i := range 500 {
		fmt.Fprintf(&b, "p%d, ", i)
	}
	b.WriteString("]\n")
	for i := 1; i < 500; i++ {
		fmt.Fprintf(&b, "  - {key: r%d, permissions: *all}\n", i)
	}
	if _, err := Load("roles.yaml", []byte(b.String())); err != nil {
		t.Errorf("500 roles aliasing a list of 500 keys: %v", err)
	}
}

// BenchmarkAliasedText measures how long the loader takes to refuse the
// largest amplification shape (1,000 aliases of a 4 MiB string).
func BenchmarkAliasedText(b *testing.B) {
	data := aliasedText(4<<20, 1000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Load("bomb.yaml", data); err == nil {
			b.Fatal("loaded")
		}
	}
}

// TestPartialFile checks what Load returns with errors of shape: the File
// it could read, with the entries and lists whose keys are missing marked,
// so that the model can go on without reporting their consequences.
func TestPartialFile(t *testing.T) {
	src := `permcat: 1
catalog: {name: demo}
flags: {audited: yes}
groups:
  - {key: g}
  - {title: No key}
permissions:
  - {key: a, id: 1, gruop: g}
  - {key: b, id: 2, group: g}
roles:
  - {key: r, permissions: [a, [b]]}
`
	f, err := Load("p.yaml", []byte(src))
	if err == nil || f == nil {
		t.Fatalf("got %v, %v; want a partial File and an error", f, err)
	}
	if got := strings.Count(err.Error(), "\n") + 1; got != 4 {
		t.Errorf("%d errors, want 4:\n%v", got, err)
	}
	want := Lists{Flags: true, Groups: true}
	if f.Unread != want {
		t.Errorf("Unread = %+v, want %+v", f.Unread, want)
	}
	if len(f.Permissions) != 2 || !f.Permissions[0].Incomplete || f.Permissions[1].Incomplete {
		t.Errorf("permissions %+v: want a incomplete, b complete", f.Permissions)
	}
	if len(f.Roles) != 1 || !f.Roles[0].Incomplete || len(f.Roles[0].Permissions) != 1 {
		t.Errorf("roles %+v: want r incomplete, holding a", f.Roles)
	}
	if len(f.Groups) != 2 || f.Groups[0].Key.Value != "g" || f.Groups[1].Key.Set() {
		t.Errorf("groups %+v", f.Groups)
	}
}

// TestDuplicateFieldsSmallAndLarge: a field given twice is reported at its
// second use, naming the line of the first, whether the mapping is small
// enough to be searched or large enough for a map; so is an unknown field
// given twice, which is reported unknown once.
func TestDuplicateFieldsSmallAndLarge(t *testing.T) {
	for _, extra := range []int{0, smallMapping, 5 * smallMapping} {
		var b strings.Builder
		b.WriteString("permcat: 1\ncatalog: {name: demo}\npermissions:\n  - key: a\n    id: 1\n")
		for i := range extra {
			fmt.Fprintf(&b, "    x%d: 1\n", i)
		}
		b.WriteString("    zz: 1\n    id: 2\n    zz: 2\n")
		_, err := Load("dup.yaml", []byte(b.String()))
		var es diag.Errors
		if !errors.As(err, &es) {
			t.Fatalf("%d extra fields: got %v, want errors", extra, err)
		}
		var lines []string
		for _, e := range es {
			lines = append(lines, e.Error())
		}
		got := strings.Join(lines, "\n")
		idLine, zzLine := 6+extra+1, 6+extra
		for _, want := range []string{
			fmt.Sprintf("dup.yaml:%d:5: permission a has field \"id\" twice (first at line 5)", idLine),
			fmt.Sprintf("dup.yaml:%d:5: permission a has field \"zz\" twice (first at line %d)", idLine+1, zzLine),
			fmt.Sprintf("dup.yaml:%d:5: permission a has unknown field \"zz\"", zzLine),
		} {
			if !strings.Contains(got, want) {
				t.Errorf("%d extra fields: error lacks %q:\n%s", extra, want, got)
			}
		}
		if n := strings.Count(got, `unknown field "zz"`); n != 1 {
			t.Errorf("%d extra fields: zz reported unknown %d times", extra, n)
		}
	}
}

// TestAliasedKeyedLists: a keyed list read once lets go of its entries as
// it decodes them, but one an alias names again, or whose entries aliases
// name, decodes the same at every use.
func TestAliasedKeyedLists(t *testing.T) {
	src := `permcat: 1
catalog: {name: demo}
flags: &shared
  - {key: a, description: first}
  - &second {key: b, description: second}
features: *shared
attributes: [*second]
permissions: [{key: p, id: 1}]
`
	f, err := Load("alias.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Flags) != 2 || len(f.Features) != 2 || f.Features[1].Key.Value != "b" || f.Features[1].Description.Value != "second" {
		t.Errorf("flags %+v, features %+v: want both lists a, b", f.Flags, f.Features)
	}
	if len(f.Attributes) != 1 || f.Attributes[0].Key.Value != "b" {
		t.Errorf("attributes %+v: want b", f.Attributes)
	}
}
