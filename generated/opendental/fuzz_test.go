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
		{"json object", `{"a":1}`, "a Set is a JSON array of permission keys, not", (*opendental.Set).UnmarshalJSON},
		{"json trailing", `[] []`, "unexpected data after the array", (*opendental.Set).UnmarshalJSON},
		{"json unterminated", `["Setup`, "unterminated string", (*opendental.Set).UnmarshalJSON},
		{"json oversized", "[" + strings.Repeat(`"Setup",`, 20000) + `"Setup"]`, "more than the", (*opendental.Set).UnmarshalJSON},
		{"text unknown key", "Setup,Nope", `unknown permission "Nope" in set`, (*opendental.Set).UnmarshalText},
		{"text empty item", "Setup,,Reports", "empty permission key", (*opendental.Set).UnmarshalText},
		{"text display name", "Commlog Edit", `unknown permission "Commlog Edit"`, (*opendental.Set).UnmarshalText},
		{"binary unknown bit", "\x00\x04", "bitmask bit 10", (*opendental.Set).UnmarshalBinary},
		{"binary beyond range", strings.Repeat("\x00", 40) + "\x01", "bitmask bit 320", (*opendental.Set).UnmarshalBinary},
		{"binary retired bit with an unknown one", "\x00\x04\x00\x00\x00\x00\x04", "bitmask bit 10", (*opendental.Set).UnmarshalBinary},
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
	if err := s.UnmarshalBinary([]byte("\x00\x00\x00\x00\x00\x00\x04")); err != nil || !s.IsEmpty() {
		t.Fatalf("retired bit 50: %v, %v", s, err)
	}
	if err := s.Scan(3.5); err == nil || !strings.Contains(err.Error(), "cannot scan float64") {
		t.Fatalf("Scan(float64) = %v", err)
	}
}
