package setcode

import (
	"errors"
	"fmt"
	"iter"
	"strconv"
)

// ErrUnknown is wrapped by every error about a string or bit that names no
// permission of the catalog.
var ErrUnknown = errors.New("unknown permission")

// universe holds every permission of the catalog: the IDs whose entry in
// permTable has a key.
var universe = func() (s Set) {
	for id := range permTable {
		if permTable[id].key != "" {
			s[id>>6] |= 1 << (id & 63)
		}
	}
	return s
}()

// retired holds the reserved IDs: bits of permissions that no longer
// exist, which decoders drop instead of rejecting, since values stored
// before the retirement hold them.
var retired = func() (s Set) {
	for _, id := range retiredIDs {
		s[id>>6] |= 1 << (id & 63)
	}
	return s
}()

// IsValid reports whether p is a permission of the catalog.
func (p Permission) IsValid() bool {
	return universe.has(p)
}

// Key returns p's key, the stable name used in text and JSON, or "" if p
// is invalid.
func (p Permission) Key() string {
	if int(p) < len(permTable) {
		return permTable[p].key
	}
	return ""
}

// Name returns p's display name, or "" if p is invalid.
func (p Permission) Name() string {
	if int(p) < len(permTable) {
		return permTable[p].name
	}
	return ""
}

// Description returns p's description, or "" if p is invalid or has none.
func (p Permission) Description() string {
	if int(p) < len(permTable) {
		return permTable[p].description
	}
	return ""
}

// String returns p's key, or the type's name and p's number, as in
// Permission(7), if p is invalid.
func (p Permission) String() string {
	if k := p.Key(); k != "" {
		return k
	}
	return typeName + "(" + strconv.Itoa(int(p)) + ")"
}

// AppendText implements encoding.TextAppender: it appends p's key, and
// fails if p is invalid.
func (p Permission) AppendText(b []byte) ([]byte, error) {
	if !p.IsValid() {
		return b, fmt.Errorf("setcode: %w: %s", ErrUnknown, p)
	}
	return append(b, permTable[p].key...), nil
}

// MarshalText implements encoding.TextMarshaler: p encodes as its key, and
// an invalid p is an error.
func (p Permission) MarshalText() ([]byte, error) {
	return p.AppendText(nil)
}

// UnmarshalText implements encoding.TextUnmarshaler: it accepts what
// [Parse] accepts.
func (p *Permission) UnmarshalText(text []byte) error {
	q, err := Parse(string(text))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// All returns every permission of the catalog, by ascending ID.
func All() iter.Seq[Permission] {
	return universe.All()
}

// Universe returns the Set of every permission of the catalog.
func Universe() Set {
	return universe
}

// Parse returns the permission whose key or display name is s, compared
// exactly. A retired key is not accepted: [Migrate] maps it to the
// permissions that replaced it.
func Parse(s string) (Permission, error) {
	if p, ok := byKey(s); ok {
		return p, nil
	}
	if p, ok := byName(s); ok {
		return p, nil
	}
	if _, ok := Migrate(s); ok {
		return 0, fmt.Errorf("setcode: %w %s: the key is retired; Migrate maps it to its replacements", ErrUnknown, quote(s))
	}
	return 0, fmt.Errorf("setcode: %w %s", ErrUnknown, quote(s))
}

// quote quotes s for an error message, shortening it so that a hostile
// input cannot make the message huge.
func quote(s string) string {
	const limit = 64
	if len(s) > limit {
		return strconv.Quote(s[:limit]) + "..."
	}
	return strconv.Quote(s)
}
