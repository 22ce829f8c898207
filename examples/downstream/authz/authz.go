// Package authz is the clinic app's use of its generated permission package,
// example.com/clinicapp/perms: it loads the grants stored for a user (from a
// JSON profile or an SQL column), computes what the user may do, and serves
// the admin screen where an administrator ticks and unticks permissions.
package authz

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

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

// Users stands in for the users table's grants column. It keeps each user's
// grants as the driver.Value that database/sql would write (perms.Set is a
// driver.Valuer) and reads them back with Set.Scan (a sql.Scanner), exactly
// as row.Scan(&grants) does; a real store would be a *sql.DB.
type Users struct {
	mu   sync.Mutex
	rows map[string]driver.Value
}

// NewUsers returns an empty table.
func NewUsers() *Users {
	return &Users{rows: map[string]driver.Value{}}
}

// PutColumn stores a raw column value for id: the bytes of a bytea column,
// the text of an old comma-separated column, an int64 bitmask, or nil for
// NULL.
func (u *Users) PutColumn(id string, v driver.Value) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.rows[id] = v
}

// Grants returns the permissions granted to id, scanned from its column.
func (u *Users) Grants(id string) (perms.Set, error) {
	u.mu.Lock()
	v, ok := u.rows[id]
	u.mu.Unlock()
	if !ok {
		return perms.Set{}, fmt.Errorf("%w %q", ErrNoUser, id)
	}
	var s perms.Set
	if err := s.Scan(v); err != nil {
		return perms.Set{}, fmt.Errorf("grants of %q: %w", id, err)
	}
	return s, nil
}

// SetGrants stores the permissions granted to id.
func (u *Users) SetGrants(id string, s perms.Set) error {
	v, err := s.Value()
	if err != nil {
		return fmt.Errorf("grants of %q: %w", id, err)
	}
	u.PutColumn(id, v)
	return nil
}

// App is the clinic application's authorization state.
type App struct {
	Users *Users
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
