package opendental_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/permcat/permcat/generated/opendental"
)

// FuzzSetUnmarshalJSON: any input either decodes to a Set holding only
// valid permissions that encodes back to an equivalent Set, or fails
// leaving the destination untouched. Never a panic.
func FuzzSetUnmarshalJSON(f *testing.F) {
	for _, seed := range []string{
		`["CommlogEdit","ProcExistingEdit"]`, `[]`, `null`, ` [ "Setup" ] `, `["Commlog\u0045dit"]`,
		`[1]`, `{}`, `["x"]`, `[`, `["CommlogEdit",]`, `"CommlogEdit"`, `[["CommlogEdit"]]`, `["\ud800"]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sentinel := opendental.Of(opendental.Setup)
		s := sentinel
		err := s.UnmarshalJSON(data)
		if err != nil {
			if s != sentinel {
				t.Fatalf("failed decode changed the set: %v", err)
			}
			return
		}
		if s != sentinel && s.Minus(opendental.Universe()) != (opendental.Set{}) {
			t.Fatalf("decoded bits outside the catalog: %v", s)
		}
		// Whatever encoding/json accepts as an array of strings, we agree with.
		var keys []string
		if strings.TrimSpace(string(data)) != "null" && json.Unmarshal(data, &keys) != nil {
			t.Fatalf("accepted %q, which is not a JSON array of strings", data)
		}
		out, err := s.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back opendental.Set
		if err := back.UnmarshalJSON(out); err != nil || back != s {
			t.Fatalf("round trip: %s -> %v, %v", out, back, err)
		}
	})
}

// FuzzSetUnmarshalText is FuzzSetUnmarshalJSON for the text form.
func FuzzSetUnmarshalText(f *testing.F) {
	for _, seed := range []string{"CommlogEdit,Setup", "", " ", "CommlogEdit,", ",", "nope", "Setup , Reports"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sentinel := opendental.Of(opendental.Reports)
		s := sentinel
		if err := s.UnmarshalText(data); err != nil {
			if s != sentinel {
				t.Fatalf("failed decode changed the set: %v", err)
			}
			return
		}
		out, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back opendental.Set
		if err := back.UnmarshalText(out); err != nil || back != s {
			t.Fatalf("round trip: %q -> %v, %v", out, back, err)
		}
	})
}

// TestDecodersRejectBadInput pins the errors for each kind of bad input:
// every one names the bad value, and nothing is silently dropped.
func TestDecodersRejectBadInput(t *testing.T) {
	tests := []struct {
		name, input, want string
		decode            func(*opendental.Set, []byte) error
	}{
		{"json unknown key", `["CommlogEdit","Nope"]`, `unknown permission "Nope" in set`, (*opendental.Set).UnmarshalJSON},
		{"json number", `[1]`, "element at byte 1 is not a string", (*opendental.Set).UnmarshalJSON},
		{"json object", `{"a":1}`, "a JSON set is an array of permission keys, not", (*opendental.Set).UnmarshalJSON},
		{"json trailing", `[] []`, "unexpected data after the array", (*opendental.Set).UnmarshalJSON},
		{"json unterminated", `["Setup`, "unterminated string", (*opendental.Set).UnmarshalJSON},
		{"json oversized", "[" + strings.Repeat(`"Setup",`, 20000) + `"Setup"]`, "more than the", (*opendental.Set).UnmarshalJSON},
		{"text unknown key", "Setup,Nope", `unknown permission "Nope" in set`, (*opendental.Set).UnmarshalText},
		{"text empty item", "Setup,,Reports", "empty permission key", (*opendental.Set).UnmarshalText},
		{"text display name", "Commlog Edit", `unknown permission "Commlog Edit"`, (*opendental.Set).UnmarshalText},
		{"binary unknown bit", "\xffPS\x01\x0aopendental\x02\x00\x04", "unknown permission ID 10", (*opendental.Set).UnmarshalBinary},
		{"binary beyond range", "\xffPS\x01\x0aopendental\x29" + strings.Repeat("\x00", 40) + "\x01", "unknown permission ID 320", (*opendental.Set).UnmarshalBinary},
		{"binary of another catalog", "\xffPS\x01\x03pbn\x01\x02", `binary set of catalog "pbn", not "opendental"`, (*opendental.Set).UnmarshalBinary},
		{"binary read from keys", "TPModule", "is not the binary form of a Set", (*opendental.Set).UnmarshalBinary},
		{"bare bitmask unknown bit", "\x00\x04\x00\x00\x00\x00\x00\x00", "unknown permission ID 10", scanBitmask},
		{"bare bitmask beyond range", strings.Repeat("\x00", 40), "is not whole 64-bit words, up to the 32 bytes", scanBitmask},
		{"bare bitmask of part of a word", "\x00\x04", "is not whole 64-bit words", scanBitmask},
		{"bare bitmask retired bit with an unknown one", "\x00\x04\x00\x00\x00\x00\x04\x00", "unknown permission ID 10", scanBitmask},
		{"scan unknown key", "TPModule,Nope", `unknown permission "Nope" in set`, scanBytes},
		{"scan JSON unknown key", `["TPModule","Nope"]`, `unknown permission "Nope" in set`, scanBytes},
		{"scan binary unknown bit", "\xffPS\x01\x0aopendental\x02\x00\x04", "unknown permission ID 10", scanBytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s opendental.Set
			err := tt.decode(&s, []byte(tt.input))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
			if !s.IsEmpty() {
				t.Fatalf("failed decode left %v", s)
			}
		})
	}
	// A retired (reserved) id, 50, decodes as nothing: it was stored before
	// its permission was removed from Open Dental.
	var s opendental.Set
	if err := opendental.Bitmask(&s).Scan([]byte("\x00\x00\x00\x00\x00\x00\x04\x00")); err != nil || !s.IsEmpty() {
		t.Fatalf("retired bit 50: %v, %v", s, err)
	}
	if s, err := opendental.OfIDs(50, int64(opendental.CommlogEdit)); err != nil || s != opendental.Of(opendental.CommlogEdit) {
		t.Fatalf("OfIDs with retired ID 50 = %v, %v", s, err)
	}
	if err := s.Scan(3.5); err == nil || !strings.Contains(err.Error(), "cannot scan float64") {
		t.Fatalf("Scan(float64) = %v", err)
	}
	if err := s.Scan(int64(1 << opendental.TPModule)); err == nil || !strings.Contains(err.Error(), "cannot scan integer") {
		t.Fatalf("Scan(int64) = %v", err)
	}
}

func scanBitmask(s *opendental.Set, b []byte) error { return opendental.Bitmask(s).Scan(b) }
func scanBytes(s *opendental.Set, b []byte) error   { return s.Scan(b) }

// TestScanReadsKeysAsKeys: the text of a Set handed to Scan as bytes, as a
// driver returns a TEXT column written from []byte, reads as the keys it
// holds. Read as a bitmask, "TPModule" would be 30 permissions, among
// them SecurityAdmin.
func TestScanReadsKeysAsKeys(t *testing.T) {
	for p := range opendental.All() {
		text, err := opendental.Of(p).MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var s opendental.Set
		if err := s.Scan(text); err != nil || s != opendental.Of(p) {
			t.Fatalf("Scan(%q) = %v, %v", text, s, err)
		}
	}
	for _, text := range []string{"A", "RxCreate", "RxEdit", "RxMerge"} {
		var s opendental.Set
		if err := s.Scan([]byte(text)); err == nil && s.Has(opendental.SecurityAdmin) {
			t.Fatalf("Scan(%q) granted SecurityAdmin: %v", text, s)
		}
	}
}

// FuzzSetScan: whatever Scan accepts (from bytes or a string, which must
// agree) holds only valid permissions and survives Value and Scan again;
// whatever the binary decoder accepts, the text and JSON decoders refuse,
// and the reverse; a failed Scan leaves the destination unchanged.
func FuzzSetScan(f *testing.F) {
	for _, s := range []opendental.Set{{}, opendental.Universe(), opendental.Of(opendental.TPModule, opendental.SecurityAdmin)} {
		b, _ := s.MarshalBinary()
		t, _ := s.MarshalText()
		j, _ := s.MarshalJSON()
		f.Add(b)
		f.Add(t)
		f.Add(j)
	}
	for _, seed := range []string{"TPModule", "A", "null", "\x00\x04", "\xffPS\x01\x03pbn\x00"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sentinel := opendental.Of(opendental.Reports)
		s, fromString := sentinel, sentinel
		err := s.Scan(data)
		errString := fromString.Scan(string(data))
		if (err == nil) != (errString == nil) || s != fromString {
			t.Fatalf("Scan(%q) = %v, %v from bytes and %v, %v from a string", data, s, err, fromString, errString)
		}
		if err != nil {
			if s != sentinel {
				t.Fatalf("failed Scan changed the set: %v", err)
			}
			return
		}
		if s.Minus(opendental.Universe()) != (opendental.Set{}) {
			t.Fatalf("Scan(%q) = %v holds bits outside the catalog", data, s)
		}
		v, err := s.Value()
		if err != nil {
			t.Fatal(err)
		}
		var back opendental.Set
		if err := back.Scan(v); err != nil || back != s {
			t.Fatalf("round trip: %q -> %v -> %q -> %v, %v", data, s, v, back, err)
		}
		var bin, text, js opendental.Set
		binOK := bin.UnmarshalBinary(data) == nil
		textOK := text.UnmarshalText(data) == nil
		jsonOK := js.UnmarshalJSON(data) == nil && strings.TrimSpace(string(data)) != "null"
		if binOK && (textOK || jsonOK) || textOK && jsonOK {
			t.Fatalf("%q is valid in two forms: binary %v, text %v, JSON %v", data, binOK, textOK, jsonOK)
		}
	})
}
