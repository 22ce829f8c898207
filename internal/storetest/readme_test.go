package storetest

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestReadmeTable checks every row of README.md's storage table against the
// outcomes the matrix pinned: each column type named, written as the row
// says, reads back exactly through each reader it names.
func TestReadmeTable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "| database | column type | write | read |")
	if !ok {
		t.Fatal("README.md has no storage table")
	}
	_, table, _ = strings.Cut(table, "\n") // the rest of the header row
	outcomes := map[string][]string{}
	for _, db := range databases {
		data, err := os.ReadFile("testdata/" + db.name + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		outcomes[db.name] = strings.Split(string(data), "\n")
	}
	code := regexp.MustCompile("`([^`]*)`")
	names := func(cell string) []string {
		var out []string
		for _, m := range code.FindAllStringSubmatch(cell, -1) {
			out = append(out, m[1])
		}
		return out
	}
	rows := 0
	for line := range strings.Lines(table) {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) < 4 || strings.HasPrefix(strings.TrimSpace(cells[0]), "---") {
			continue
		}
		rows++
		db := map[string]string{"PostgreSQL": "postgres", "SQLite": "sqlite"}[strings.TrimSpace(cells[0])]
		if db == "" {
			t.Errorf("README row %q: unknown database", line)
			continue
		}
		for _, typ := range names(cells[1]) {
			for _, w := range names(cells[2]) {
				writer := formName(w)
				cat := "opendental"
				if writer == "Word" {
					cat = "small"
				}
				prefix := cat + " " + typ + ", written by " + writer + ": "
				var outcome string
				for _, l := range outcomes[db] {
					if strings.HasPrefix(l, prefix) {
						outcome = l
					}
				}
				if outcome == "" {
					t.Errorf("README row %q: the matrix has no cell %q", line, prefix)
					continue
				}
				_, roundTrip, _ := strings.Cut(outcome, "round trip: ")
				readers := strings.Fields(strings.Split(roundTrip, ";")[0])
				for _, r := range names(cells[3]) {
					if reader := formName(r); !slices.Contains(readers, reader) {
						t.Errorf("README says %s %s written with %s reads back through %s; the matrix says: %s", db, typ, w, r, outcome)
					}
				}
			}
		}
	}
	if rows < 9 {
		t.Errorf("read %d rows of the storage table, want at least 9", rows)
	}
}

// formName maps a README expression (s, &s, perms.Keys(&s)) to the form's
// name in the matrix.
func formName(expr string) string {
	if expr == "s" || expr == "&s" {
		return "Set"
	}
	name, _, _ := strings.Cut(strings.TrimPrefix(expr, "perms."), "(")
	return name
}
