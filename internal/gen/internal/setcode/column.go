package setcode

import (
	"bytes"
	"database/sql/driver"
	"errors"
	"fmt"
	"math/bits"
	"strconv"
)

// Column is a Set in an SQL column of a given type: a driver.Valuer that
// writes the Set in the one form that column type holds, and an
// sql.Scanner that reads that form and no other. Make one around a *Set
// with [Keys], [JSON], [IDArray], [KeyArray] or [Bitmask], or with Word
// where the catalog's IDs all fit in 64 bits:
//
//	_, err := db.Exec("UPDATE users SET grants = $1 WHERE id = $2", Keys(&s), id)
//	err := db.QueryRow("SELECT grants FROM users WHERE id = $1", id).Scan(Keys(&s))
//
// A column holding another form is an error, never another Set. SQL NULL
// reads as the empty Set, and the Set is left unchanged on error. A Set
// itself is the Column of a bytea or BLOB column (see [Set.Value]).
type Column struct {
	set  *Set
	form columnForm
}

// columnForm is the form a Column writes and reads.
type columnForm uint8

const (
	columnKeys columnForm = iota + 1
	columnJSON
	columnIDArray
	columnKeyArray
	columnWord
	columnBitmask
)

// Keys returns s as a text column (PostgreSQL text or varchar, SQLite
// TEXT) holding its keys separated by commas, as [Set.MarshalText] writes
// them. Retired keys read back as their replacements.
func Keys(s *Set) Column { return Column{s, columnKeys} }

// JSON returns s as a json or jsonb column holding a JSON array of its keys,
// as [Set.MarshalJSON] writes it. A JSON null reads as the empty Set.
func JSON(s *Set) Column { return Column{s, columnJSON} }

// IDArray returns s as a PostgreSQL integer array column (smallint[],
// integer[] or bigint[]) holding its IDs, {1,5,9}. The ID of a retired
// permission reads as nothing; any other unknown ID is an error.
func IDArray(s *Set) Column { return Column{s, columnIDArray} }

// KeyArray returns s as a PostgreSQL text[] or varchar[] column holding its
// keys, {"a","b"}. Retired keys read back as their replacements.
func KeyArray(s *Set) Column { return Column{s, columnKeyArray} }

// Word returns s as an integer column (bigint, SQLite INTEGER) holding its
// bitmask: bit i holds the permission with ID i. It exists only for
// catalogs whose IDs are all below 64; a set holding ID 63 is stored as a
// negative number, which both databases keep exactly.
//
//permcat:oneword
func Word(s *Set) Column { return Column{s, columnWord} }

// Bitmask returns s as a bytea or BLOB column holding its bare bitmask:
// its words, little-endian, without a header, so that bit j of byte k
// holds the permission with ID 8k+j. It reads a column written in that form
// by another program or by an earlier version of this package, whose
// Set.Value wrote it, and refuses lengths that are not whole words.
//
// Bare bits carry no mark of what they are: Bitmask is the one reader that
// cannot tell a bitmask from text that happens to be a whole number of
// words long, which is why Scan never reads bits. Point it only at a column
// known to hold bitmasks, and move such columns to [Set.Value], which says
// what it holds.
func Bitmask(s *Set) Column { return Column{s, columnBitmask} }

// errNilColumn is returned by a Column made around a nil *Set.
var errNilColumn = errors.New("setcode: column of a nil *Set")

// Value implements driver.Valuer: the Set in the column's form. It fails if
// the Set holds a bit that names no permission.
func (c Column) Value() (driver.Value, error) {
	if c.set == nil {
		return nil, errNilColumn
	}
	s := *c.set
	if err := s.checkEncodable(); err != nil {
		return nil, err
	}
	switch c.form {
	case columnKeys:
		b, err := s.AppendText(nil)
		return string(b), err
	case columnJSON:
		b, err := s.MarshalJSON()
		return string(b), err
	case columnIDArray:
		b := []byte{'{'}
		for p := range s.All() {
			if len(b) > 1 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(p), 10)
		}
		return string(append(b, '}')), nil
	case columnKeyArray:
		// Quoted, so that a key such as NULL is never read as a null
		// element.
		b := s.appendQuotedKeys([]byte{'{'})
		return string(append(b, '}')), nil
	case columnWord:
		for i := 1; i < len(s); i++ {
			if s[i] != 0 {
				return nil, fmt.Errorf("setcode: cannot store set %v in an integer: its IDs do not fit in 64 bits", s)
			}
		}
		return int64(s[0]), nil
	case columnBitmask:
		return s.appendBits(make([]byte, 0, len(s)*8), len(s)*8), nil
	}
	return nil, fmt.Errorf("setcode: column of unknown form %d", c.form)
}

// Scan implements sql.Scanner: it reads the column's form and nothing
// else.
func (c Column) Scan(src any) error {
	if c.set == nil {
		return errNilColumn
	}
	var b []byte
	switch v := src.(type) {
	case nil:
		*c.set = Set{}
		return nil
	case []byte:
		b = v
	case string:
		b = []byte(v)
	case int64:
		if c.form != columnWord {
			return fmt.Errorf("setcode: cannot scan integer %d as %s", v, c.form)
		}
		var out Set
		for w := uint64(v); w != 0; w &= w - 1 {
			if err := out.addID(int64(bits.TrailingZeros64(w))); err != nil {
				return err
			}
		}
		*c.set = out
		return nil
	default:
		return fmt.Errorf("setcode: cannot scan %T as %s", src, c.form)
	}
	if len(b) > maxInput {
		return fmt.Errorf("setcode: %s is %d bytes, more than the %d any set needs", c.form, len(b), maxInput)
	}
	out, err := c.form.decode(b, src)
	if err != nil {
		return err
	}
	*c.set = out
	return nil
}

// String names the form in error messages.
func (f columnForm) String() string {
	switch f {
	case columnKeys:
		return "a column of keys"
	case columnJSON:
		return "a JSON column"
	case columnIDArray:
		return "an array of IDs"
	case columnKeyArray:
		return "an array of keys"
	case columnWord:
		return "an integer bitmask"
	case columnBitmask:
		return "a bitmask"
	}
	return "a column of unknown form"
}

// decode reads b, which the driver returned as src, in form f.
func (f columnForm) decode(b []byte, src any) (Set, error) {
	var out Set
	switch f {
	case columnKeys:
		if form := formOf(b); form != formText {
			return Set{}, fmt.Errorf("setcode: %s holds %s: scan it into the Set itself", f, formName(form))
		}
		err := out.UnmarshalText(b)
		return out, err
	case columnJSON:
		if form := formOf(b); form != formJSON {
			if string(bytes.TrimSpace(b)) == "null" {
				return Set{}, nil
			}
			return Set{}, fmt.Errorf("setcode: %s holds %s, not a JSON array", f, formName(form))
		}
		err := out.UnmarshalJSON(b)
		return out, err
	case columnIDArray:
		// IDArray never writes an ID twice, and a repeated ID is how
		// bytes that a driver turned into an array (pgx makes a []byte
		// an array of its byte values) usually show: refuse it.
		var seen Set
		err := parseArray(b, func(elem []byte, quoted bool) error {
			if !quoted && string(bytes.ToUpper(elem)) == "NULL" {
				return fmt.Errorf("setcode: %s holds NULL", f)
			}
			id, err := strconv.ParseInt(string(elem), 10, 64)
			if quoted || err != nil {
				return fmt.Errorf("setcode: %s holds %s, which is not an ID", f, quote(string(elem)))
			}
			if id >= 0 && id < int64(len(seen)*64) {
				if seen.has(Permission(id)) {
					return fmt.Errorf("setcode: %s holds ID %d twice", f, id)
				}
				seen[id/64] |= 1 << (id % 64)
			}
			return out.addID(id)
		})
		return out, err
	case columnKeyArray:
		err := parseArray(b, func(elem []byte, quoted bool) error {
			if !quoted && string(bytes.ToUpper(elem)) == "NULL" {
				return fmt.Errorf("setcode: %s holds NULL", f)
			}
			return out.addKey(string(elem))
		})
		return out, err
	case columnWord:
		return Set{}, fmt.Errorf("setcode: cannot scan %T as %s", src, f)
	case columnBitmask:
		if _, ok := src.(string); ok {
			return Set{}, fmt.Errorf("setcode: cannot scan text as %s", f)
		}
		if bytes.HasPrefix(b, []byte(binaryMagic)) {
			return Set{}, fmt.Errorf("setcode: %s holds %s: scan it into the Set itself", f, formName(formBinary))
		}
		if len(b) > len(out)*8 || len(b)%8 != 0 {
			return Set{}, fmt.Errorf("setcode: %s of %d bytes is not whole 64-bit words, up to the %d bytes a Set holds", f, len(b), len(out)*8)
		}
		return setOfBits(b)
	}
	return Set{}, fmt.Errorf("setcode: cannot scan %s", f)
}

// parseArray calls each for every element of the text form of a
// one-dimensional PostgreSQL array, {a,"b c",NULL}, with quoted elements
// unquoted. It rejects nested arrays, dimension decorations and malformed
// quoting.
func parseArray(b []byte, each func(elem []byte, quoted bool) error) error {
	malformed := func(why string) error {
		return fmt.Errorf("setcode: array %s is malformed: %s", quote(string(b)), why)
	}
	rest := bytes.TrimSpace(b)
	if len(rest) < 2 || rest[0] != '{' || rest[len(rest)-1] != '}' {
		return malformed("not a one-dimensional array {...}")
	}
	rest = bytes.TrimSpace(rest[1 : len(rest)-1])
	for len(rest) > 0 {
		var elem []byte
		quoted := rest[0] == '"'
		if quoted {
			i := 1
			for ; i < len(rest) && rest[i] != '"'; i++ {
				if rest[i] == '\\' {
					i++
					if i == len(rest) {
						break
					}
				}
				elem = append(elem, rest[i])
			}
			if i >= len(rest) {
				return malformed("an unterminated quoted element")
			}
			rest = bytes.TrimSpace(rest[i+1:])
		} else {
			i := bytes.IndexByte(rest, ',')
			if i < 0 {
				i = len(rest)
			}
			elem, rest = bytes.TrimSpace(rest[:i]), rest[i:]
			if len(elem) == 0 || bytes.ContainsAny(elem, "{}\"\\") {
				return malformed("an empty, nested or badly quoted element")
			}
		}
		if err := each(elem, quoted); err != nil {
			return err
		}
		if len(rest) == 0 {
			break
		}
		if rest[0] != ',' {
			return malformed("elements must be separated by commas")
		}
		if rest = bytes.TrimSpace(rest[1:]); len(rest) == 0 {
			return malformed("a trailing comma")
		}
	}
	return nil
}

// OfIDs returns the Set holding the permissions with the given IDs: the
// numbers a database stores for them, one row per permission (as in Open
// Dental's grouppermission.PermType) or in an array. The ID of a retired
// permission adds nothing, since rows stored before it was retired hold it;
// any other ID that names no permission is an error naming it.
func OfIDs(ids ...int64) (Set, error) {
	var s Set
	for _, id := range ids {
		if err := s.addID(id); err != nil {
			return Set{}, err
		}
	}
	return s, nil
}
