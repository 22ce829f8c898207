package syntax

import (
	"regexp"
	"strings"
	"testing"
)

// TestIntegersArePlainDecimal loads every integer the format holds written
// in each form YAML 1.1 or 1.2 reads differently from plain decimal, and
// checks the exact message: it shows every reading and guesses none.
func TestIntegersArePlainDecimal(t *testing.T) {
	tests := []struct {
		text string
		want string // "" when the value loads
	}{
		{"7", ""},
		{"0", ""},
		{"65535", ""},
		{"-3", ""}, // loads; the model rejects the range
		{"010", "id 010 is not a plain decimal number: YAML 1.1 reads it as octal 8, YAML 1.2 as 10; write 8 or 10"},
		{"0100", "id 0100 is not a plain decimal number: YAML 1.1 reads it as octal 64, YAML 1.2 as 100; write 64 or 100"},
		{"-010", "id -010 is not a plain decimal number: YAML 1.1 reads it as octal -8, YAML 1.2 as -10; write -8 or -10"},
		{"08", "id 08 is not a plain decimal number: YAML 1.1 reads it as text, YAML 1.2 as 8; write 8"},
		{"00", "id 00 is not a plain decimal number: YAML reads it as 0; write 0"},
		{"01", "id 01 is not a plain decimal number: YAML reads it as 1; write 1"},
		{"0x1F", "id 0x1F is not a plain decimal number: YAML reads it as hexadecimal 31; write 31"},
		{"0x_1F", "id 0x_1F is not a plain decimal number: YAML 1.1 reads it as hexadecimal 31, YAML 1.2 as text; write 31"},
		{"-0x10", "id -0x10 is not a plain decimal number: YAML 1.1 reads it as hexadecimal -16, YAML 1.2 as text; write -16"},
		{"0o17", "id 0o17 is not a plain decimal number: YAML 1.1 reads it as text, YAML 1.2 as octal 15; write 15"},
		{"0b101", "id 0b101 is not a plain decimal number: YAML 1.1 reads it as binary 5, YAML 1.2 as text; write 5"},
		{"1_000", "id 1_000 is not a plain decimal number: YAML 1.1 reads it as 1000, YAML 1.2 as text; write 1000"},
		{"0_10", "id 0_10 is not a plain decimal number: YAML 1.1 reads it as octal 8, YAML 1.2 as text; write 8"},
		{"+5", "id +5 is not a plain decimal number: YAML reads it as 5; write 5"},
		{"1:30", "id 1:30 is not a plain decimal number: YAML 1.1 reads it as base 60 90, YAML 1.2 as text; write 90"},
		{"99999999999999999999", "id 99999999999999999999 is too large; ids are small whole numbers"},
		{"0x10000000000000000", "id 0x10000000000000000 is not a plain decimal number: YAML reads it as hexadecimal 18446744073709551616; write 18446744073709551616"},
		{"1.5", "id must be a whole number, not the number 1.5"},
		{"1e3", "id must be a whole number, not the number 1e3"},
		{".inf", "id must be a whole number, not the number .inf"},
		{`"5"`, `id must be a whole number, not "5"`},
		{"'010'", `id must be a whole number, not "010"`},
		{"true", "id must be a whole number, not the boolean true"},
		{"~", "id must be a whole number, not empty"},
		{"five", `id must be a whole number, not "five"`},
	}
	for _, tt := range tests {
		src := "permcat: 1\ncatalog: {name: c}\npermissions:\n  - key: a\n    id: " + tt.text + "\n"
		f, err := Load("s.yaml", []byte(src))
		if tt.want == "" {
			if err != nil {
				t.Errorf("id %s: %v", tt.text, err)
			}
			continue
		}
		want := "s.yaml:5:9: permission a " + tt.want
		if err == nil || err.Error() != want {
			t.Errorf("id %s:\ngot  %v\nwant %s", tt.text, err, want)
			continue
		}
		if f == nil || f.Permissions[0].ID.Set() {
			t.Errorf("id %s: the refused value was kept", tt.text)
		}
	}
}

// TestEveryIntegerIsPlainDecimal covers the other integers: the format
// version and reserved ids.
func TestEveryIntegerIsPlainDecimal(t *testing.T) {
	src := "permcat: 01\ncatalog: {name: c}\npermissions:\n  - {key: a, id: 1}\nreserved:\n  ids: [010, 0x10, 12]\n"
	_, err := Load("s.yaml", []byte(src))
	want := strings.Join([]string{
		"s.yaml:1:10: permcat (the format version) 01 is not a plain decimal number: YAML reads it as 1; write 1",
		"s.yaml:6:9: reserved ids entry 010 is not a plain decimal number: YAML 1.1 reads it as octal 8, YAML 1.2 as 10; write 8 or 10",
		"s.yaml:6:14: reserved ids entry 0x10 is not a plain decimal number: YAML reads it as hexadecimal 16; write 16",
	}, "\n")
	if err == nil || err.Error() != want {
		t.Fatalf("got:\n%v\nwant:\n%s", err, want)
	}
}

func TestExplicitTagsAreRefused(t *testing.T) {
	tests := []struct{ field, want string }{
		{"id: !!str 5", `s.yaml:5:9: explicit YAML tag !!str is not allowed: permcat reads every value by its plain form; remove the tag, and quote the value if it should read as text ("5")`},
		{"id: !!int \"5\"", "s.yaml:5:9: explicit YAML tag !!int is not allowed: permcat reads every value by its plain form; remove the tag"},
		{"description: !!binary aGVsbG8=", "s.yaml:5:18: explicit YAML tag !!binary is not allowed: permcat reads every value by its plain form; remove the tag and write the text itself"},
		{"name: !!bool yes", "s.yaml:5:11: explicit YAML tag !!bool is not allowed: permcat reads every value by its plain form; remove the tag"},
		{"name: !custom x", "s.yaml:5:11: explicit YAML tag !custom is not allowed: permcat reads every value by its plain form; remove the tag"},
		{"requires: !!set {b: ~}", "s.yaml:5:15: explicit YAML tag !!set is not allowed: permcat reads every value by its plain form; remove the tag"},
		{"!!str name: x", "s.yaml:5:5: explicit YAML tag !!str is not allowed: permcat reads every value by its plain form; remove the tag, and quote the value if it should read as text (\"5\")"},
		{"id: 1\n    name: &n !local x\n  - {key: b, id: 2, name: *n}", "s.yaml:6:11: explicit YAML tag !local is not allowed: permcat reads every value by its plain form; remove the tag"},
	}
	for _, tt := range tests {
		src := "permcat: 1\ncatalog: {name: c}\npermissions:\n  - key: a\n    " + tt.field + "\n    id: 1\n"
		if strings.Contains(tt.field, "id:") {
			src = "permcat: 1\ncatalog: {name: c}\npermissions:\n  - key: a\n    " + tt.field + "\n"
		}
		_, err := Load("s.yaml", []byte(src))
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s:\ngot  %v\nwant %s", tt.field, err, tt.want)
		}
	}
}

// TestTaggedFieldIsNotMissing: a required field whose name carries a tag
// is reported for the tag alone, not also as missing.
func TestTaggedFieldIsNotMissing(t *testing.T) {
	src := "permcat: 1\ncatalog: {name: c}\npermissions:\n  - {!!str key: a, id: 1}\n"
	_, err := Load("s.yaml", []byte(src))
	want := `s.yaml:4:6: explicit YAML tag !!str is not allowed: permcat reads every value by its plain form; remove the tag, and quote the value if it should read as text ("5")`
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

// TestIsPlainDecimal checks the hand-written test against the pattern it
// stands for.
func TestIsPlainDecimal(t *testing.T) {
	pattern := regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)
	for _, s := range []string{
		"", "-", "0", "-0", "00", "01", "-01", "7", "-7", "10", "65535", "123456789012345678901234567890",
		"+5", "1_000", "1e3", "0x1F", "0o17", "1.0", " 1", "1 ", "--1", "1-", "٣", "0b1", "9a", "a9",
	} {
		if got, want := isPlainDecimal(s), pattern.MatchString(s); got != want {
			t.Errorf("isPlainDecimal(%q) = %v, want %v", s, got, want)
		}
	}
}
