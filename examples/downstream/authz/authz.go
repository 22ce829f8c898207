// Package authz is the clinic app's use of its generated permission package,
// example.com/clinicapp/perms: it loads the grants stored for a user (from a
// JSON profile or an SQL database) and for a user group (one row per
// permission, as Open Dental stores them), computes what the user may do,
// and serves the admin screen where an administrator ticks and unticks
// permissions.
package authz

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	_ "modernc.org/sqlite" // the "sqlite" driver Open uses

	"example.com/clinicapp/perms"
)

// ErrNoUser is returned for a user the store does not hold.
var ErrNoUser = errors.New("no such user")

// Profile is a user's profile document as the app exports and imports it.
// perms.Set marshals as a JSON array of keys (["patient_view"]), and
// unmarshalling rejects unknown keys instead of dropping them.
type Profile struct {
	ID     string    `json:"id"`
	Name   string    `json:"name"`
	Grants perms.Set `json:"grants"`
}

// LoadProfile decodes a profile document. Retired keys such as
// "edit_patient" are migrated to the permissions that replaced them
// (perms.Migrate) as they are read.
func LoadProfile(data []byte) (Profile, error) {
	var p Profile
	if err := json.Unmarshal(data, &p); err != nil {
		return Profile{}, fmt.Errorf("load profile: %w", err)
	}
	return p, nil
}

// UpgradeProfile rewrites a profile document written by an older version of
// the app, replacing retired permission keys with current ones, so that the
// old keys can eventually be forgotten.
func UpgradeProfile(old []byte) ([]byte, error) {
	p, err := LoadProfile(old)
	if err != nil {
		return nil, err
	}
	return json.Marshal(p)
}

// Resolve returns the permissions a key names: a current key or display name
// (perms.Parse), or a retired key, which names the permissions that replaced
// it (perms.Migrate). Old API clients and bookmarks keep working.
func Resolve(key string) (perms.Set, error) {
	if p, err := perms.Parse(key); err == nil {
		return perms.Of(p), nil
	}
	if s, ok := perms.Migrate(key); ok {
		return s, nil
	}
	return perms.Set{}, fmt.Errorf("%w %q", perms.ErrUnknown, key)
}

// Store keeps grants in an SQL database: each user's in the users table,
// as the binary form of a perms.Set, and each user group's the way Open
// Dental keeps them, one grouppermission row per granted permission.
type Store struct {
	db *sql.DB
}

// Schema creates the store's tables. It is plain SQL that SQLite and
// PostgreSQL both accept (in PostgreSQL, write bytea for BLOB).
const Schema = `
CREATE TABLE IF NOT EXISTS users (
	id     TEXT PRIMARY KEY,
	grants BLOB -- a perms.Set in its binary form (Set.Value); NULL grants nothing
);
CREATE TABLE IF NOT EXISTS legacy_masks (
	id   TEXT PRIMARY KEY,
	mask BIGINT -- an older release's integer bitmask: bit i is the permission with ID i
);
CREATE TABLE IF NOT EXISTS grouppermission (
	UserGroupNum BIGINT NOT NULL,
	PermType     SMALLINT NOT NULL, -- the permission's stable ID
	PRIMARY KEY (UserGroupNum, PermType)
);`

// Open opens the SQLite database at path (":memory:" for one in memory)
// and creates the store's tables in it.
func Open(path string) (*Store, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if path == ":memory:" {
		// Every connection to :memory: is a database of its own.
		db.SetMaxOpenConns(1)
	}
	s, err := NewStore(db)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// NewStore returns a store on db, creating its tables if need be.
func NewStore(db *sql.DB) (*Store, error) {
	if _, err := db.Exec(Schema); err != nil {
		return nil, fmt.Errorf("create store tables: %w", err)
	}
	return &Store{db: db}, nil
}

// DB returns the store's database.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Grants returns the permissions granted to user id. perms.Set is an
// sql.Scanner: it reads the binary form Set.Value writes, and also the
// comma-separated keys an older release wrote into the same column, with
// retired keys migrated. Anything else (an integer, an unknown key or bit)
// is an error, never another Set.
func (s *Store) Grants(id string) (perms.Set, error) {
	var granted perms.Set
	err := s.db.QueryRow("SELECT grants FROM users WHERE id = $1", id).Scan(&granted)
	if errors.Is(err, sql.ErrNoRows) {
		return perms.Set{}, fmt.Errorf("%w %q", ErrNoUser, id)
	}
	if err != nil {
		return perms.Set{}, fmt.Errorf("grants of %q: %w", id, err)
	}
	return granted, nil
}

// SetGrants stores the permissions granted to user id, adding the user if
// need be. perms.Set is a driver.Valuer: it is written in its binary form.
func (s *Store) SetGrants(id string, granted perms.Set) error {
	_, err := s.db.Exec(`INSERT INTO users (id, grants) VALUES ($1, $2)
		ON CONFLICT (id) DO UPDATE SET grants = excluded.grants`, id, granted)
	if err != nil {
		return fmt.Errorf("grants of %q: %w", id, err)
	}
	return nil
}

// ImportLegacyMasks moves every user of the legacy_masks table into users.
// An integer bitmask is read only through perms.Word, which says on purpose
// that the column holds one; a bit that names no permission fails the
// import, and nothing is moved.
func (s *Store) ImportLegacyMasks() (n int, err error) {
	tx, err := s.db.Begin()
	if err != nil {
		return 0, fmt.Errorf("import legacy masks: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.Query("SELECT id, mask FROM legacy_masks ORDER BY id")
	if err != nil {
		return 0, fmt.Errorf("import legacy masks: %w", err)
	}
	type user struct {
		id      string
		granted perms.Set
	}
	var users []user
	for rows.Next() {
		var u user
		if err := rows.Scan(&u.id, perms.Word(&u.granted)); err != nil {
			rows.Close()
			return 0, fmt.Errorf("import legacy masks: %w", err)
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("import legacy masks: %w", err)
	}
	for _, u := range users {
		if _, err := tx.Exec(`INSERT INTO users (id, grants) VALUES ($1, $2)
			ON CONFLICT (id) DO UPDATE SET grants = excluded.grants`, u.id, u.granted); err != nil {
			return 0, fmt.Errorf("import legacy mask of %q: %w", u.id, err)
		}
	}
	if _, err := tx.Exec("DELETE FROM legacy_masks"); err != nil {
		return 0, fmt.Errorf("import legacy masks: %w", err)
	}
	return len(users), tx.Commit()
}

// GroupGrants returns the permissions granted to a user group: one
// grouppermission row per permission, whose PermType is the permission's
// stable ID, as Open Dental stores them. perms.OfIDs drops the ID of a
// retired permission and fails on any other unknown one.
func (s *Store) GroupGrants(group int64) (perms.Set, error) {
	rows, err := s.db.Query("SELECT PermType FROM grouppermission WHERE UserGroupNum = $1", group)
	if err != nil {
		return perms.Set{}, fmt.Errorf("grants of group %d: %w", group, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return perms.Set{}, fmt.Errorf("grants of group %d: %w", group, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return perms.Set{}, fmt.Errorf("grants of group %d: %w", group, err)
	}
	granted, err := perms.OfIDs(ids...)
	if err != nil {
		return perms.Set{}, fmt.Errorf("grants of group %d: %w", group, err)
	}
	return granted, nil
}

// SetGroupGrants replaces a user group's rows with one per permission of
// granted, in one transaction.
func (s *Store) SetGroupGrants(group int64, granted perms.Set) error {
	tx, err := s.db.Begin()
	if err != nil {
		return fmt.Errorf("grants of group %d: %w", group, err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec("DELETE FROM grouppermission WHERE UserGroupNum = $1", group); err != nil {
		return fmt.Errorf("grants of group %d: %w", group, err)
	}
	for p := range granted.All() {
		if _, err := tx.Exec("INSERT INTO grouppermission (UserGroupNum, PermType) VALUES ($1, $2)", group, int64(p)); err != nil {
			return fmt.Errorf("grants of group %d: %w", group, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("grants of group %d: %w", group, err)
	}
	return nil
}

// App is the clinic application's authorization state.
type App struct {
	Users *Store
	// Features are the switches this clinic has turned on; a permission
	// gated by a feature that is off is never effective.
	Features perms.Features
}

// Allowed returns what id may do: the granted permissions that take effect,
// those held together with everything they require, under the clinic's
// features.
func (a *App) Allowed(id string) (perms.Set, error) {
	granted, err := a.Users.Grants(id)
	if err != nil {
		return perms.Set{}, err
	}
	return perms.Effective(granted, a.Features), nil
}

// Can reports whether id may use p. Unknown users and unreadable grants may
// do nothing.
func (a *App) Can(id string, p perms.Permission) bool {
	granted, err := a.Users.Grants(id)
	return err == nil && perms.Can(granted, p, a.Features)
}
