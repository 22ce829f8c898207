package setcode

import (
	"database/sql/driver"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// codec is one way of storing a Set: an encoder and the decoder made for
// it.
type codec struct {
	name   string
	encode func(Set) (driver.Value, error)
	decode func(*Set, any) error
}

// codecs lists every form a Set is written in.
var codecs = []codec{
	{"Set.Value", func(s Set) (driver.Value, error) { return s.Value() }, func(s *Set, v any) error { return s.Scan(v) }},
	{"MarshalText", func(s Set) (driver.Value, error) { return s.MarshalText() }, func(s *Set, v any) error { return s.UnmarshalText(v.([]byte)) }},
	{"MarshalJSON", func(s Set) (driver.Value, error) { return s.MarshalJSON() }, func(s *Set, v any) error { return s.UnmarshalJSON(v.([]byte)) }},
	{"MarshalBinary", func(s Set) (driver.Value, error) { return s.MarshalBinary() }, func(s *Set, v any) error { return s.UnmarshalBinary(v.([]byte)) }},
	column("Keys", Keys),
	column("JSON", JSON),
	column("IDArray", IDArray),
	column("KeyArray", KeyArray),
	column("Word", Word),
	column("Bitmask", Bitmask),
}

func column(name string, adapt func(*Set) Column) codec {
	return codec{name,
		func(s Set) (driver.Value, error) { return adapt(&s).Value() },
		func(s *Set, v any) error { return adapt(s).Scan(v) },
	}
}

// readers are every decoder, each taking any driver value: the byte forms
// are handed the bytes of a string too, as a driver may return either.
var readers = []codec{
	codecs[0],
	{name: "UnmarshalText", decode: func(s *Set, v any) error { return s.UnmarshalText(asBytes(v)) }},
	{name: "UnmarshalJSON", decode: func(s *Set, v any) error { return s.UnmarshalJSON(asBytes(v)) }},
	{name: "UnmarshalBinary", decode: func(s *Set, v any) error { return s.UnmarshalBinary(asBytes(v)) }},
	codecs[4], codecs[5], codecs[6], codecs[7], codecs[8], codecs[9],
}

// asBytes returns the bytes of a string or []byte value, and a value no
// decoder accepts for anything else.
func asBytes(v any) []byte {
	switch v := v.(type) {
	case []byte:
		return v
	case string:
		return []byte(v)
	}
	return []byte("\x00not bytes")
}

// sampleSets returns the empty set, every single permission, the universe
// and random sets.
func sampleSets() []Set {
	out := []Set{{}, universe}
	var all []Permission
	for p := range universe.All() {
		out = append(out, Of(p))
		all = append(all, p)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		var s Set
		for _, p := range all {
			if r.IntN(2) == 0 {
				s.add(p)
			}
		}
		out = append(out, s)
	}
	return out
}

// TestRoundTrip: every form reads back exactly what it wrote, except that
// an integer cannot hold IDs of 64 and above, which Word refuses to write.
func TestRoundTrip(t *testing.T) {
	for _, c := range codecs {
		for _, s := range sampleSets() {
			v, err := c.encode(s)
			if c.name == "Word" && s[1] != 0 {
				if err == nil {
					t.Errorf("Word wrote %v, which does not fit in 64 bits, as %v", s, v)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s(%v): %v", c.name, s, err)
			}
			var back Set
			if err := c.decode(&back, v); err != nil || back != s {
				t.Errorf("%s: %v -> %#v -> %v, %v", c.name, s, v, back, err)
			}
		}
	}
}

// TestNoFormIsReadAsAnother: a value written in any form and read by any
// decoder gives the same Set or an error, never another Set. Byte forms are
// also read as strings, since drivers return either.
func TestNoFormIsReadAsAnother(t *testing.T) {
	for _, w := range codecs {
		for _, s := range sampleSets() {
			v, err := w.encode(s)
			if err != nil {
				continue
			}
			values := []any{v}
			switch v := v.(type) {
			case []byte:
				values = append(values, string(v))
			case string:
				values = append(values, []byte(v))
			}
			for _, v := range values {
				for _, r := range readers {
					sentinel := Of(ReportRun)
					got := sentinel
					err := r.decode(&got, v)
					if r.name == "Bitmask" && w.name != "Bitmask" {
						continue // bare bits cannot be told from text: see TestBitmaskTrustsItsColumn
					}
					if err == nil && got != s {
						t.Errorf("%s wrote %v as %#v; %s read it as %v", w.name, s, v, r.name, got)
					}
					if err != nil && got != sentinel {
						t.Errorf("%s failed on %#v (%v) but changed the set to %v", r.name, v, err, got)
					}
				}
			}
		}
	}
}

// TestKeysAreNeverBits: the text of a set, handed to Scan as bytes (as a
// driver returns a TEXT column written from []byte), reads as keys. A
// bitmask reading of "patient_view" would grant 30 permissions.
func TestKeysAreNeverBits(t *testing.T) {
	for _, text := range []string{"patient_view", "xray_view,report_run", "A", " patient_edit "} {
		var scanned, want Set
		errScan := scanned.Scan([]byte(text))
		errText := want.UnmarshalText([]byte(text))
		if scanned != want || (errScan == nil) != (errText == nil) {
			t.Errorf("Scan(%q) = %v, %v; UnmarshalText = %v, %v", text, scanned, errScan, want, errText)
		}
		var b Set
		if err := b.UnmarshalBinary([]byte(text)); err == nil {
			t.Errorf("UnmarshalBinary(%q) accepted text as %v", text, b)
		}
		if err := Bitmask(&b).Scan(text); err == nil {
			t.Errorf("Bitmask.Scan(string %q) accepted text as %v", text, b)
		}
	}
}

// TestBitmaskTrustsItsColumn pins the documented limit of Bitmask, the one
// reader that cannot tell: text a whole number of words long reads as bits.
// Scan, given the same bytes, reads them as the keys they are.
func TestBitmaskTrustsItsColumn(t *testing.T) {
	text := []byte("xray_vie")
	var bare, scanned Set
	if err := Bitmask(&bare).Scan(text); err == nil {
		t.Fatalf("Bitmask read %q as %v: the stand-in catalog has no bit 0, so this must fail", text, bare)
	}
	var s Set
	s[0] = 1<<1 | 1<<2 | 1<<3
	b, _ := Bitmask(&s).Value()
	if err := Bitmask(&bare).Scan(b); err != nil || bare != s {
		t.Fatalf("Bitmask round trip: %v, %v", bare, err)
	}
	if err := scanned.Scan(b); err == nil {
		t.Fatalf("Scan read bare bits %q as %v", b, scanned)
	}
}

// TestDecodeErrors pins what each malformed or foreign input says.
func TestDecodeErrors(t *testing.T) {
	good, _ := Of(PatientView, ReportRun).MarshalBinary()
	header := string(good[:len(good)-10])
	tests := []struct {
		name   string
		decode func(*Set) error
		want   string
	}{
		{"binary of another catalog", func(s *Set) error {
			return s.UnmarshalBinary([]byte("\xffPS\x01\x05other\x01\x02"))
		}, `binary set of catalog "other", not "setcode"`},
		{"binary of a later version", func(s *Set) error { return s.UnmarshalBinary([]byte("\xffPS\x02\x07setcode\x00")) }, "unsupported format version"},
		{"binary truncated", func(s *Set) error { return s.UnmarshalBinary(good[:len(good)-1]) }, "length does not match"},
		{"binary with trailing data", func(s *Set) error { return s.UnmarshalBinary(append(append([]byte{}, good...), 0)) }, "length does not match"},
		{"binary with a trailing zero byte", func(s *Set) error { return s.UnmarshalBinary([]byte(header + "\x02\x02\x00")) }, "trailing zero byte"},
		{"binary with a long varint", func(s *Set) error { return s.UnmarshalBinary([]byte("\xffPS\x01\x87\x00setcode\x00")) }, "malformed catalog name"},
		{"binary of an unknown bit", func(s *Set) error { return s.UnmarshalBinary([]byte(header + "\x01\x01")) }, "unknown permission ID 0"},
		{"binary read from text", func(s *Set) error { return s.UnmarshalBinary([]byte("patient_view")) }, "is not the binary form of a Set, which starts with \\xffPS"},
		{"binary read from JSON", func(s *Set) error { return s.UnmarshalBinary([]byte(`["patient_view"]`)) }, "is the JSON form of a Set, not the binary form"},
		{"text read from JSON", func(s *Set) error { return s.UnmarshalText([]byte(`["patient_view"]`)) }, "is the JSON form of a Set, not keys"},
		{"text read from binary", func(s *Set) error { return s.UnmarshalText(good) }, "is the binary form of a Set, not keys"},
		{"unknown key", func(s *Set) error { return s.UnmarshalText([]byte("patient_view,root")) }, `unknown permission "root" in set`},
		{"integer", func(s *Set) error { return s.Scan(int64(6)) }, "cannot scan integer 6 into a Set: its permissions do not fit"},
		{"float", func(s *Set) error { return s.Scan(3.5) }, "cannot scan float64 into a Set"},
		{"keys column holding JSON", func(s *Set) error { return Keys(s).Scan(`["patient_view"]`) }, "a column of keys holds the JSON form of a Set"},
		{"JSON column holding keys", func(s *Set) error { return JSON(s).Scan("patient_view") }, "a JSON column holds text, not a JSON array"},
		{"ID array holding NULL", func(s *Set) error { return IDArray(s).Scan("{1,NULL}") }, "an array of IDs holds NULL"},
		{"ID array holding a key", func(s *Set) error { return IDArray(s).Scan("{patient_view}") }, `holds "patient_view", which is not an ID`},
		{"ID array of an unknown ID", func(s *Set) error { return IDArray(s).Scan("{1,7}") }, "unknown permission ID 7"},
		{"ID array holding an ID twice", func(s *Set) error { return IDArray(s).Scan("{1,2,1}") }, "holds ID 1 twice"},
		{"ID array of a negative ID", func(s *Set) error { return IDArray(s).Scan("{-1}") }, "unknown permission ID -1"},
		{"ID array with dimensions", func(s *Set) error { return IDArray(s).Scan("[1:1]={1}") }, "not a one-dimensional array"},
		{"nested ID array", func(s *Set) error { return IDArray(s).Scan("{{1},{2}}") }, "nested"},
		{"ID array with a trailing comma", func(s *Set) error { return IDArray(s).Scan("{1,}") }, "a trailing comma"},
		{"key array holding NULL", func(s *Set) error { return KeyArray(s).Scan("{patient_view,NULL}") }, "an array of keys holds NULL"},
		{"key array unterminated", func(s *Set) error { return KeyArray(s).Scan(`{"patient_view}`) }, "unterminated"},
		{"word column holding text", func(s *Set) error { return Word(s).Scan("patient_view") }, "cannot scan string as an integer bitmask"},
		{"word of an unknown bit", func(s *Set) error { return Word(s).Scan(int64(1 << 7)) }, "unknown permission ID 7"},
		{"bitmask column holding text", func(s *Set) error { return Bitmask(s).Scan("patient_view") }, "cannot scan text as a bitmask"},
		{"bitmask of part of a word", func(s *Set) error { return Bitmask(s).Scan([]byte{2}) }, "is not whole 64-bit words"},
		{"bitmask column holding the binary form", func(s *Set) error { return Bitmask(s).Scan(good) }, "holds the binary form of a Set"},
		{"bitmask longer than a set", func(s *Set) error { return Bitmask(s).Scan(make([]byte, 17)) }, "is not whole 64-bit words, up to the 16 bytes a Set holds"},
		{"column of a nil set", func(*Set) error { return Keys(nil).Scan("patient_view") }, "column of a nil *Set"},
		{"oversized text", func(s *Set) error { return s.UnmarshalText([]byte(strings.Repeat("a,", maxInput))) }, "more than the 4096 any set needs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sentinel := Of(XRayView)
			s := sentinel
			err := tt.decode(&s)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one containing %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "setcode: ") {
				t.Errorf("error %q does not start with the package name", err)
			}
			if s != sentinel {
				t.Errorf("the failed decode changed the set to %v", s)
			}
		})
	}
}

// TestRetiredValues: stored values from before a retirement keep their
// meaning: a retired ID or a key retired without replacement reads as
// nothing, a renamed or split key as its replacements.
func TestRetiredValues(t *testing.T) {
	tests := []struct {
		name   string
		decode func(*Set) error
		want   Set
	}{
		{"retired ID in an array", func(s *Set) error { return IDArray(s).Scan("{1,4,65}") }, Of(PatientView)},
		{"retired ID in a word", func(s *Set) error { return Word(s).Scan(int64(1<<1 | 1<<4)) }, Of(PatientView)},
		{"retired ID in a bitmask", func(s *Set) error { return Bitmask(s).Scan([]byte{1<<1 | 1<<4, 0, 0, 0, 0, 0, 0, 0}) }, Of(PatientView)},
		{"retired ID in OfIDs", func(s *Set) (err error) { *s, err = OfIDs(1, 65); return err }, Of(PatientView)},
		{"renamed key", func(s *Set) error { return s.UnmarshalText([]byte("edit_patient")) }, Of(PatientEdit)},
		{"split key in a key array", func(s *Set) error { return KeyArray(s).Scan(`{"manage_billing"}`) }, Of(PaymentCreate, PortalManage)},
		{"key retired without replacement", func(s *Set) error { return s.UnmarshalJSON([]byte(`["old_report","xray_view"]`)) }, Of(XRayView)},
		{"SQL NULL", func(s *Set) error { return s.Scan(nil) }, Set{}},
		{"JSON null in a JSON column", func(s *Set) error { return JSON(s).Scan([]byte("null")) }, Set{}},
		{"empty text", func(s *Set) error { return Keys(s).Scan("") }, Set{}},
		{"empty array", func(s *Set) error { return KeyArray(s).Scan("{}") }, Set{}},
		{"array spacing and quoting as PostgreSQL prints it", func(s *Set) error { return KeyArray(s).Scan(`{ patient_view , "xray_view" }`) }, Of(PatientView, XRayView)},
		{"escaped quote in a key array", func(s *Set) error { return KeyArray(s).Scan(`{"xray\_view"}`) }, Of(XRayView)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Of(AuditRead)
			if err := tt.decode(&s); err != nil || s != tt.want {
				t.Fatalf("got %v, %v; want %v", s, err, tt.want)
			}
		})
	}
}

// TestEncodersRefuseInvalidBits: no encoder drops a bit that names no
// permission.
func TestEncodersRefuseInvalidBits(t *testing.T) {
	bad := Set{1<<1 | 1<<7}
	for _, c := range codecs {
		if v, err := c.encode(bad); err == nil || !errors.Is(err, ErrUnknown) {
			t.Errorf("%s(%v) = %#v, %v; want ErrUnknown", c.name, bad, v, err)
		}
	}
}

// FuzzDecoders: whatever a decoder accepts, re-encoding it in the same form
// and decoding again gives the same Set; an input accepted as text or JSON
// is never accepted as binary, nor the reverse; and a failed decode leaves
// the destination unchanged.
func FuzzDecoders(f *testing.F) {
	for _, s := range sampleSets()[:12] {
		for _, c := range codecs {
			if v, err := c.encode(s); err == nil {
				if b := asBytes(v); string(b) != "\x00not bytes" {
					f.Add(b)
				}
			}
		}
	}
	for _, seed := range []string{"", "null", "patient_view", " [ ] ", "{NULL}", "\xffPS\x01\x07setcode\x01\x02", "A"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		accepted := map[string]Set{}
		for _, r := range readers {
			for _, v := range []any{data, string(data)} {
				sentinel := Of(ReportRun)
				s := sentinel
				if err := r.decode(&s, v); err != nil {
					if s != sentinel {
						t.Fatalf("%s(%q) failed (%v) but changed the set", r.name, data, err)
					}
					continue
				}
				if s.firstInvalid() >= 0 {
					t.Fatalf("%s(%q) = %v holds an invalid bit", r.name, data, s)
				}
				if prev, ok := accepted[r.name]; ok && prev != s {
					t.Fatalf("%s reads %q as %v from bytes and %v from a string", r.name, data, prev, s)
				}
				accepted[r.name] = s
			}
		}
		_, isBinary := accepted["UnmarshalBinary"]
		_, isText := accepted["UnmarshalText"]
		_, isJSON := accepted["UnmarshalJSON"]
		if isBinary && (isText || isJSON) {
			t.Fatalf("%q is accepted as binary and as text or JSON", data)
		}
		if isText && isJSON {
			t.Fatalf("%q is accepted as text and as JSON", data)
		}
		if s, ok := accepted["Set.Value"]; ok {
			for _, name := range []string{"UnmarshalBinary", "UnmarshalText", "UnmarshalJSON"} {
				if other, ok := accepted[name]; ok && other != s {
					t.Fatalf("Scan reads %q as %v, %s as %v", data, s, name, other)
				}
			}
		}
		for _, c := range codecs {
			name := c.name
			switch name {
			case "MarshalText":
				name = "UnmarshalText"
			case "MarshalJSON":
				name = "UnmarshalJSON"
			case "MarshalBinary":
				name = "UnmarshalBinary"
			}
			s, ok := accepted[name]
			if !ok {
				continue
			}
			v, err := c.encode(s)
			if err != nil {
				t.Fatalf("%s cannot re-encode %v, which it read from %q: %v", c.name, s, data, err)
			}
			var back Set
			if err := c.decode(&back, v); err != nil || back != s {
				t.Fatalf("%s: %q -> %v -> %#v -> %v, %v", c.name, data, s, v, back, err)
			}
		}
	})
}
