package setcode

import (
	"bytes"
	"database/sql/driver"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/bits"
	"strings"
)

// The forms of an encoded Set. Each has one encoder and one decoder, and no
// byte string is valid in two of them: the binary form starts with 0xFF,
// which starts no UTF-8 text; the JSON form starts with '[' after optional
// white space; the text form is empty or starts with a key, and keys start
// with a letter. [Set.Scan] tells them apart by that first byte, so a value
// stored in one form is never read in another: keys are never taken for
// bits.
const (
	formText = iota
	formJSON
	formBinary
)

// formOf tells which form b is in.
func formOf(b []byte) int {
	if len(b) > 0 && b[0] == binaryMagic[0] {
		return formBinary
	}
	if i := skipSpace(b, 0); i < len(b) && b[i] == '[' {
		return formJSON
	}
	return formText
}

// formName names a form in error messages.
func formName(form int) string {
	switch form {
	case formJSON:
		return "the JSON form of a Set"
	case formBinary:
		return "the binary form of a Set"
	}
	return "text"
}

// checkEncodable fails when s holds a bit that names no permission: an
// encoder must not drop it silently.
func (s Set) checkEncodable() error {
	if i := s.firstInvalid(); i >= 0 {
		return fmt.Errorf("setcode: cannot encode set: %w ID %d", ErrUnknown, i)
	}
	return nil
}

// addKey adds the permission with the given key, or the replacements of a
// retired key. A key retired without a replacement adds nothing: the
// permission it named no longer exists.
func (s *Set) addKey(key string) error {
	if p, ok := byKey(key); ok {
		s.add(p)
		return nil
	}
	if m, ok := Migrate(key); ok {
		*s = s.Union(m)
		return nil
	}
	if retiredKey(key) {
		return nil
	}
	return fmt.Errorf("setcode: %w %s in set", ErrUnknown, quote(key))
}

// addID adds the permission with the given ID. The ID of a retired
// permission adds nothing, since values stored before it was retired hold
// it; any other ID that names no permission is an error.
func (s *Set) addID(id int64) error {
	if id >= 0 && id < int64(len(s)*64) {
		switch p := Permission(id); {
		case retired.has(p):
			return nil
		case universe.has(p):
			s.add(p)
			return nil
		}
	}
	return fmt.Errorf("setcode: %w ID %d", ErrUnknown, id)
}

// AppendText implements encoding.TextAppender: the keys of s by ascending
// ID, separated by commas. It fails if s holds a bit that names no
// permission.
func (s Set) AppendText(b []byte) ([]byte, error) {
	if err := s.checkEncodable(); err != nil {
		return b, err
	}
	start := len(b)
	for p := range s.All() {
		if len(b) > start {
			b = append(b, ',')
		}
		b = append(b, permTable[p].key...)
	}
	return b, nil
}

// MarshalText implements encoding.TextMarshaler; see [Set.AppendText].
func (s Set) MarshalText() ([]byte, error) {
	return s.AppendText(nil)
}

// UnmarshalText implements encoding.TextUnmarshaler. It reads keys
// separated by commas, with optional spaces around each; a retired key adds
// its replacements (see [Migrate]), or nothing if nothing replaced it. An
// unknown or empty key is an error naming it, as is the JSON or binary form
// of a Set, and s is left unchanged on error.
func (s *Set) UnmarshalText(text []byte) error {
	if len(text) > maxInput {
		return fmt.Errorf("setcode: set text is %d bytes, more than the %d any set needs", len(text), maxInput)
	}
	if form := formOf(text); form != formText {
		return fmt.Errorf("setcode: set text %s is %s, not keys: decode it with Scan", quote(string(text)), formName(form))
	}
	var out Set
	if rest := strings.TrimSpace(string(text)); rest != "" {
		for more := true; more; {
			var item string
			item, rest, more = strings.Cut(rest, ",")
			if item = strings.TrimSpace(item); item == "" {
				return fmt.Errorf("setcode: empty permission key in set text %s", quote(string(text)))
			}
			if err := out.addKey(item); err != nil {
				return err
			}
		}
	}
	*s = out
	return nil
}

// MarshalJSON implements json.Marshaler: an array of the keys of s by
// ascending ID, built in one allocation. It fails if s holds a bit that
// names no permission.
func (s Set) MarshalJSON() ([]byte, error) {
	if err := s.checkEncodable(); err != nil {
		return nil, err
	}
	n := 2
	for p := range s.All() {
		n += len(permTable[p].key) + 3
	}
	b := s.appendQuotedKeys(append(make([]byte, 0, n), '['))
	return append(b, ']'), nil
}

// appendQuotedKeys appends the keys of s by ascending ID, each in double
// quotes, separated by commas: the elements of a JSON array and of a
// PostgreSQL text array alike. Keys hold only letters, digits and
// _ . : / - (the spec loader enforces it), so neither form needs escapes.
func (s Set) appendQuotedKeys(b []byte) []byte {
	start := len(b)
	for p := range s.All() {
		if len(b) > start {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, permTable[p].key...)
		b = append(b, '"')
	}
	return b
}

// skipSpace returns the index of the first byte of data at or after i that
// is not JSON white space.
func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// UnmarshalJSON implements json.Unmarshaler. It reads an array of
// permission keys; a retired key adds its replacements (see [Migrate]).
// Anything else (an unknown key, a number, an object, a nested array,
// trailing data) is an error naming the bad value, and s is left unchanged
// on error. JSON null leaves s unchanged, as encoding/json does for other
// types.
func (s *Set) UnmarshalJSON(data []byte) error {
	if len(data) > maxInput {
		return fmt.Errorf("setcode: JSON set is %d bytes, more than the %d any set needs", len(data), maxInput)
	}
	i := skipSpace(data, 0)
	if bytes.HasPrefix(data[i:], []byte("null")) && skipSpace(data, i+4) == len(data) {
		return nil
	}
	if i == len(data) || data[i] != '[' {
		return fmt.Errorf("setcode: a JSON set is an array of permission keys, not %s", quote(string(data)))
	}
	var out Set
	if i = skipSpace(data, i+1); i < len(data) && data[i] == ']' {
		i++
	} else {
		for {
			i = skipSpace(data, i)
			if i == len(data) || data[i] != '"' {
				return fmt.Errorf("setcode: JSON set: element at byte %d is not a string: %s", i, quote(string(data[i:])))
			}
			j, escaped := i+1, false
			for j < len(data) && data[j] != '"' {
				if data[j] == '\\' {
					escaped = true
					j++
				}
				j++
			}
			if j >= len(data) {
				return fmt.Errorf("setcode: JSON set: unterminated string at byte %d", i)
			}
			key := string(data[i+1 : j])
			if escaped {
				// A separate variable: taking key's address would move it
				// to the heap on every element, escaped or not.
				var unquoted string
				if err := json.Unmarshal(data[i:j+1], &unquoted); err != nil {
					return fmt.Errorf("setcode: JSON set: bad string at byte %d: %w", i, err)
				}
				key = unquoted
			}
			if err := out.addKey(key); err != nil {
				return err
			}
			if i = skipSpace(data, j+1); i < len(data) && data[i] == ',' {
				i++
				continue
			}
			if i < len(data) && data[i] == ']' {
				i++
				break
			}
			return fmt.Errorf("setcode: JSON set: expected , or ] at byte %d", i)
		}
	}
	if i = skipSpace(data, i); i != len(data) {
		return fmt.Errorf("setcode: JSON set: unexpected data after the array at byte %d", i)
	}
	*s = out
	return nil
}

// binaryMagic starts the binary form of a Set: 0xFF, which starts no UTF-8
// text, no JSON and no key, then "PS" (permission set) and the format
// version, 1.
const binaryMagic = "\xffPS\x01"

// AppendBinary implements encoding.BinaryAppender. The binary form says
// what it holds, so that it is never read as anything else and nothing
// else is read as it:
//
//	FF 50 53 01          "\xffPS" and the format version, 1
//	uvarint n, n bytes   the catalog's name, catalog.name in its spec
//	uvarint m, m bytes   the bits: bit j of byte k holds the permission
//	                     with ID 8k+j; trailing zero bytes are left out
//
// It fails if s holds a bit that names no permission.
func (s Set) AppendBinary(b []byte) ([]byte, error) {
	if err := s.checkEncodable(); err != nil {
		return b, err
	}
	b = append(b, binaryMagic...)
	b = binary.AppendUvarint(b, uint64(len(catalogName)))
	b = append(b, catalogName...)
	n := s.bitBytes()
	b = binary.AppendUvarint(b, uint64(n))
	return s.appendBits(b, n), nil
}

// MarshalBinary implements encoding.BinaryMarshaler; see
// [Set.AppendBinary].
func (s Set) MarshalBinary() ([]byte, error) {
	return s.AppendBinary(make([]byte, 0, len(binaryMagic)+1+len(catalogName)+2+len(s)*8))
}

// bitBytes returns how many bytes the bits of s take, trailing zero bytes
// left out.
func (s Set) bitBytes() int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] != 0 {
			return i*8 + (bits.Len64(s[i])+7)/8
		}
	}
	return 0
}

// appendBits appends the first n bytes of the words of s, little-endian.
func (s Set) appendBits(b []byte, n int) []byte {
	for k := range n {
		b = append(b, byte(s[k/8]>>(8*(k%8))))
	}
	return b
}

// setOfBits returns the Set whose bits are data, little-endian: bit j of
// byte k holds the permission with ID 8k+j.
func setOfBits(data []byte) (Set, error) {
	var out Set
	for k, c := range data {
		for ; c != 0; c &= c - 1 {
			if err := out.addID(int64(k*8 + bits.TrailingZeros8(c))); err != nil {
				return Set{}, err
			}
		}
	}
	return out, nil
}

// uvarint reads a minimally encoded unsigned varint from the start of b.
func uvarint(b []byte) (v uint64, rest []byte, ok bool) {
	v, n := binary.Uvarint(b)
	if n <= 0 || n != (bits.Len64(v|1)+6)/7 {
		return 0, b, false
	}
	return v, b[n:], true
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler, reading what
// [Set.AppendBinary] writes and nothing else: the marker, the format
// version, this catalog's name and the exact length must all match. The
// bit of a retired (reserved) ID is dropped, since it was stored before its
// permission was retired; any other bit that names no permission is an
// error naming its ID. s is left unchanged on error.
func (s *Set) UnmarshalBinary(data []byte) error {
	if len(data) > maxInput {
		return fmt.Errorf("setcode: binary set is %d bytes, more than the %d any set needs", len(data), maxInput)
	}
	if !bytes.HasPrefix(data, []byte(binaryMagic[:3])) {
		if formOf(data) == formJSON {
			return fmt.Errorf("setcode: %s is the JSON form of a Set, not the binary form: decode it with Scan or UnmarshalJSON", quote(string(data)))
		}
		return fmt.Errorf("setcode: %s is not the binary form of a Set, which starts with \\xffPS: decode keys with Scan or UnmarshalText, and a bare bitmask only on purpose, with Bitmask", quote(string(data)))
	}
	if len(data) < len(binaryMagic) || data[3] != binaryMagic[3] {
		return fmt.Errorf("setcode: binary set %s: unsupported format version; this package reads version %d", quote(string(data)), binaryMagic[3])
	}
	rest := data[len(binaryMagic):]
	n, rest, ok := uvarint(rest)
	if !ok || n > uint64(len(rest)) {
		return fmt.Errorf("setcode: binary set %s: malformed catalog name", quote(string(data)))
	}
	if name := string(rest[:n]); name != catalogName {
		return fmt.Errorf("setcode: binary set of catalog %s, not %s: it holds another catalog's permissions", quote(name), quote(catalogName))
	}
	m, rest, ok := uvarint(rest[n:])
	if !ok || m != uint64(len(rest)) {
		return fmt.Errorf("setcode: binary set %s: its length does not match its bits", quote(string(data)))
	}
	if m > 0 && rest[m-1] == 0 {
		return fmt.Errorf("setcode: binary set %s: malformed bits (a trailing zero byte)", quote(string(data)))
	}
	out, err := setOfBits(rest)
	if err != nil {
		return err
	}
	*s = out
	return nil
}

// Value implements driver.Valuer: a Set is stored in its binary form (see
// [Set.AppendBinary]), for a bytea or BLOB column. [Keys], [JSON],
// [IDArray] and [KeyArray] store it in columns of other types.
func (s Set) Value() (driver.Value, error) {
	return s.MarshalBinary()
}

// Scan implements sql.Scanner. It reads what [Set.Value], [Keys] and
// [JSON] write: the binary form, keys separated by commas, or a JSON array
// of keys, told apart by their first byte (a driver may return any of them
// as []byte or string). SQL NULL is the empty set. An integer is an error,
// never bits: an integer column holds a raw bitmask, which is read only on
// purpose. Anything else is an error too, and s is left unchanged on error.
func (s *Set) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s = Set{}
		return nil
	case []byte:
		return s.scanForm(v)
	case string:
		return s.scanForm([]byte(v))
	case int64:
		if len(s) == 1 {
			return fmt.Errorf("setcode: cannot scan integer %d into a Set: an integer column holds a raw bitmask, read only on purpose with Word(&s)", v)
		}
		return fmt.Errorf("setcode: cannot scan integer %d into a Set: its permissions do not fit in an integer; store a Set as bytes (Value), keys (Keys) or JSON (JSON)", v)
	}
	return fmt.Errorf("setcode: cannot scan %T into a Set", src)
}

// scanForm decodes b in the form it is in.
func (s *Set) scanForm(b []byte) error {
	switch formOf(b) {
	case formBinary:
		return s.UnmarshalBinary(b)
	case formJSON:
		return s.UnmarshalJSON(b)
	}
	return s.UnmarshalText(b)
}
