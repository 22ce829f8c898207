package storetest

import (
	"database/sql"
	"database/sql/driver"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver

	"github.com/permcat/permcat/generated/opendental"
	"github.com/permcat/permcat/internal/storetest/small"
)

var update = flag.Bool("update", false, "rewrite testdata/<database>.txt from the outcomes")

// postgresEnv names the variable holding a pgx DSN of a PostgreSQL server
// the tests may create and drop tables in.
const postgresEnv = "PERMCAT_TEST_POSTGRES"

// A database under test and the column types its users store Sets in.
type database struct {
	name  string
	open  func(t *testing.T) *sql.DB
	types []string
}

var databases = []database{
	{"sqlite", openSQLite, []string{"BLOB", "TEXT", "INTEGER"}},
	{"postgres", openPostgres, []string{
		"bytea", "text", "varchar", "jsonb", "json",
		"smallint[]", "integer[]", "text[]", "bigint", "integer",
	}},
}

func openSQLite(t *testing.T) *sql.DB {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "matrix.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openPostgres connects to the server named by PERMCAT_TEST_POSTGRES, in a
// schema of its own that is dropped afterwards.
func openPostgres(t *testing.T) *sql.DB {
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		t.Skipf("PostgreSQL cells not run: set %s to a pgx DSN, e.g. %s='host=/tmp/pgsock user=postgres dbname=postgres' (.ci/run starts a server and sets it)", postgresEnv, postgresEnv)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	// One connection, so that search_path holds for every statement.
	db.SetMaxOpenConns(1)
	schema := fmt.Sprintf("permcat_matrix_%d", rand.Uint64())
	for _, q := range []string{"CREATE SCHEMA " + schema, "SET search_path TO " + schema} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t.Cleanup(func() {
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
		db.Close()
	})
	return db
}

// bareBits names the form that holds bare bits: it alone cannot tell a
// bitmask from text a whole number of words long, so a column written in
// another form may read as other Sets through it (and only through it).
const bareBits = "Bitmask"

// A form is one way of putting a Set in a column: what writes it and what
// reads it back.
type form[S any] struct {
	name  string
	value func(*S) driver.Valuer
	scan  func(*S) sql.Scanner
}

// A catalog under test: its Sets and forms.
type catalog[S comparable] struct {
	name     string
	sets     []S
	forms    []form[S]
	sentinel S // what a reader's destination holds before each read
}

func opendentalCatalog() catalog[opendental.Set] {
	type S = opendental.Set
	sets := []S{{}, opendental.Universe()}
	var all []opendental.Permission
	for p := range opendental.All() {
		sets = append(sets, opendental.Of(p))
		all = append(all, p)
	}
	r := rand.New(rand.NewPCG(11, 175))
	for range 40 {
		var s S
		for _, p := range all {
			if r.IntN(3) == 0 {
				s = s.With(p)
			}
		}
		sets = append(sets, s)
	}
	return catalog[S]{
		name: "opendental",
		sets: sets,
		forms: []form[S]{
			{"Set", func(s *S) driver.Valuer { return *s }, func(s *S) sql.Scanner { return s }},
			{"Keys", func(s *S) driver.Valuer { return opendental.Keys(s) }, func(s *S) sql.Scanner { return opendental.Keys(s) }},
			{"JSON", func(s *S) driver.Valuer { return opendental.JSON(s) }, func(s *S) sql.Scanner { return opendental.JSON(s) }},
			{"IDArray", func(s *S) driver.Valuer { return opendental.IDArray(s) }, func(s *S) sql.Scanner { return opendental.IDArray(s) }},
			{"KeyArray", func(s *S) driver.Valuer { return opendental.KeyArray(s) }, func(s *S) sql.Scanner { return opendental.KeyArray(s) }},
			{"Bitmask", func(s *S) driver.Valuer { return opendental.Bitmask(s) }, func(s *S) sql.Scanner { return opendental.Bitmask(s) }},
		},
		sentinel: opendental.Of(opendental.Reports),
	}
}

func smallCatalog() catalog[small.Set] {
	type S = small.Set
	sets := []S{{}, small.Universe()}
	var all []small.Permission
	for p := range small.All() {
		sets = append(sets, small.Of(p))
		all = append(all, p)
	}
	r := rand.New(rand.NewPCG(5, 63))
	for range 20 {
		var s S
		for _, p := range all {
			if r.IntN(2) == 0 {
				s = s.With(p)
			}
		}
		sets = append(sets, s)
	}
	return catalog[S]{
		name: "small",
		sets: sets,
		forms: []form[S]{
			{"Set", func(s *S) driver.Valuer { return *s }, func(s *S) sql.Scanner { return s }},
			{"Keys", func(s *S) driver.Valuer { return small.Keys(s) }, func(s *S) sql.Scanner { return small.Keys(s) }},
			{"JSON", func(s *S) driver.Valuer { return small.JSON(s) }, func(s *S) sql.Scanner { return small.JSON(s) }},
			{"IDArray", func(s *S) driver.Valuer { return small.IDArray(s) }, func(s *S) sql.Scanner { return small.IDArray(s) }},
			{"KeyArray", func(s *S) driver.Valuer { return small.KeyArray(s) }, func(s *S) sql.Scanner { return small.KeyArray(s) }},
			{"Word", func(s *S) driver.Valuer { return small.Word(s) }, func(s *S) sql.Scanner { return small.Word(s) }},
			{"Bitmask", func(s *S) driver.Valuer { return small.Bitmask(s) }, func(s *S) sql.Scanner { return small.Bitmask(s) }},
		},
		sentinel: small.Of(small.View),
	}
}

// TestMatrix writes every Set of each catalog in every form to every column
// type of each database, reads each column back with every reader, and
// fails on any read that returns a Set other than the one written. The
// outcome of each cell is compared with testdata/<database>.txt.
func TestMatrix(t *testing.T) {
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) {
			db := d.open(t)
			var lines []string
			lines = append(lines, runCatalog(t, db, d.types, opendentalCatalog())...)
			lines = append(lines, runCatalog(t, db, d.types, smallCatalog())...)
			compareOutcomes(t, filepath.Join("testdata", d.name+".txt"), lines)
		})
	}
}

// tally counts what became of the rows of one cell.
type tally struct {
	equal, writeErr, readErr int
	// misread counts rows read as another Set. Only Bitmask, which reads
	// bare bits and says so, may do that, on a column not written by it.
	misread  int
	firstErr string
}

func (c tally) String() string {
	switch {
	case c.misread == 0 && c.writeErr == 0 && c.readErr == 0:
		return "round trip"
	case c.misread == 0 && c.equal == 0 && c.readErr == 0:
		return "write fails"
	case c.misread == 0 && c.equal == 0 && c.writeErr == 0:
		return "read fails"
	}
	var parts []string
	for _, n := range []struct {
		n    int
		what string
	}{{c.misread, "read as other Sets (bare bits)"}, {c.equal, "equal"}, {c.writeErr, "write errors"}, {c.readErr, "read errors"}} {
		if n.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n.n, n.what))
		}
	}
	return "mixed (" + strings.Join(parts, ", ") + ")"
}

// runCatalog runs every cell of one catalog and returns one line per
// (column type, writer): which readers read it back exactly, and what the
// others did.
func runCatalog[S comparable](t *testing.T, db *sql.DB, types []string, cat catalog[S]) []string {
	var lines []string
	for _, typ := range types {
		for _, w := range cat.forms {
			// A table per cell: pgx caches each statement's plan by its
			// text, and a plan must not change its result type.
			table := fmt.Sprintf("cell_%s_%s_%s", cat.name, strings.NewReplacer("[]", "_array").Replace(typ), w.name)
			written := writeColumn(t, db, table, typ, w, cat.sets)
			outcomes := map[string][]string{}
			for _, r := range cat.forms {
				c := readColumn(t, db, table, cat, w, r, typ, written)
				if c.firstErr != "" {
					t.Logf("%s %s written by %s, read by %s: %s; first error: %s", cat.name, typ, w.name, r.name, c, c.firstErr)
				}
				outcomes[c.String()] = append(outcomes[c.String()], r.name)
			}
			var parts []string
			for _, o := range slices.Sorted(func(yield func(string) bool) {
				for o := range outcomes {
					if !yield(o) {
						return
					}
				}
			}) {
				parts = append(parts, o+": "+strings.Join(outcomes[o], " "))
			}
			lines = append(lines, fmt.Sprintf("%s %s, written by %s: %s", cat.name, typ, w.name, strings.Join(parts, "; ")))
			if _, err := db.Exec("DROP TABLE " + table); err != nil {
				t.Fatal(err)
			}
		}
	}
	return lines
}

// writeColumn creates the table of one cell and writes every Set into it,
// each in a statement of its own. It returns which rows were written; the
// first write error is kept for the log.
func writeColumn[S any](t *testing.T, db *sql.DB, table, typ string, w form[S], sets []S) map[int]bool {
	t.Helper()
	if _, err := db.Exec(fmt.Sprintf("CREATE TABLE %s (id INTEGER PRIMARY KEY, v %s)", table, typ)); err != nil {
		t.Fatalf("create a %s column: %v", typ, err)
	}
	written := map[int]bool{}
	for i := range sets {
		s := sets[i]
		if _, err := db.Exec("INSERT INTO "+table+" (id, v) VALUES ($1, $2)", i, w.value(&s)); err == nil {
			written[i] = true
		}
	}
	return written
}

// readColumn reads the cell's column with reader r and checks every row:
// the Set written, or an error that left the destination unchanged.
func readColumn[S comparable](t *testing.T, db *sql.DB, table string, cat catalog[S], w, r form[S], typ string, written map[int]bool) tally {
	t.Helper()
	c := tally{writeErr: len(cat.sets) - len(written)}
	rows, err := db.Query("SELECT id, v FROM " + table + " ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		got := cat.sentinel
		err := rows.Scan(&id, r.scan(&got))
		switch {
		case err != nil:
			c.readErr++
			if c.firstErr == "" {
				c.firstErr = err.Error()
			}
			if got != cat.sentinel {
				t.Errorf("%s %s written by %s: reader %s failed on row %d (%v) but changed its Set", cat.name, typ, w.name, r.name, id, err)
			}
		case got != cat.sets[id]:
			c.misread++
			if r.name != bareBits || w.name == bareBits {
				t.Errorf("%s %s written by %s: reader %s read %v as %v", cat.name, typ, w.name, r.name, cat.sets[id], got)
			}
		default:
			c.equal++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return c
}

// compareOutcomes compares the outcome lines with the golden file, or
// rewrites it with -update.
func compareOutcomes(t *testing.T, path string, lines []string) {
	t.Helper()
	got := strings.Join(lines, "\n") + "\n"
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/storetest -update)", err)
	}
	if string(want) != got {
		wantLines := strings.Split(string(want), "\n")
		for i, l := range strings.Split(got, "\n") {
			if i >= len(wantLines) || wantLines[i] != l {
				t.Errorf("%s line %d:\n got: %s\nwant: %s", path, i+1, l, at(wantLines, i))
			}
		}
		t.Errorf("outcomes differ from %s (run go test ./internal/storetest -update to accept)", path)
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(nothing)"
}
