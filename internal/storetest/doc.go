// Package storetest proves, on real databases, what the generated Set
// promises about storage: a value written in any form to any column type
// and read back by any decoder is the Set that was written, or an error —
// never another Set. Its tests run every (database, column type, writer,
// reader) cell over every single permission of the opendental catalog, the
// empty Set, the universe and random Sets, and over the one-word catalog in
// small, which alone has integer columns.
//
// SQLite (modernc.org/sqlite, pure Go) always runs. PostgreSQL runs when
// PERMCAT_TEST_POSTGRES holds a DSN for pgx, for example
//
//	PERMCAT_TEST_POSTGRES='host=/tmp/pgsock user=postgres dbname=postgres' go test ./internal/storetest
//
// and .ci/run always sets it, with a server it starts for the run.
//
// The outcome of every cell is pinned in testdata/<database>.txt (rewrite
// with -update), and the column types README.md promises are read from its
// storage table and checked against those outcomes.
package storetest
