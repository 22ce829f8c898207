package syntax

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"sync"
)

// IDs are the bits stored in databases, so the loader reads an integer only
// when every YAML reader agrees on its value: plain decimal, an optional
// minus sign and digits without a leading zero. YAML 1.1 (PyYAML, Ruby's
// Psych, older Go libraries) and YAML 1.2 read the other forms differently:
// 010 is octal 8 in YAML 1.1 and 10 in YAML 1.2, 0o10 and 1_000 are numbers
// in one and text in the other. Such a value is an error that shows every
// reading, never a guess.

// isPlainDecimal reports whether text is plain decimal: an optional minus
// sign and digits without a leading zero (the pattern ^-?(0|[1-9][0-9]*)$).
func isPlainDecimal(text string) bool {
	text = strings.TrimPrefix(text, "-")
	if text == "" || text[0] == '0' && len(text) > 1 {
		return false
	}
	for i := 0; i < len(text); i++ {
		if text[i] < '0' || text[i] > '9' {
			return false
		}
	}
	return true
}

// The integer forms of YAML 1.1 (https://yaml.org/type/int.html), and of
// the YAML 1.2 core schema. They explain an error, so they are compiled
// the first time one is reported, not when permcat starts.
var (
	yaml11Int = sync.OnceValue(func() []intForm {
		return []intForm{
			{regexp.MustCompile(`^([-+]?)0b([01_]+)$`), 2, "binary"},
			{regexp.MustCompile(`^([-+]?)0x([0-9a-fA-F_]+)$`), 16, "hexadecimal"},
			{regexp.MustCompile(`^([-+]?)0([0-7_]+)$`), 8, "octal"},
			{regexp.MustCompile(`^([-+]?)(0|[1-9][0-9_]*)$`), 10, ""},
			{regexp.MustCompile(`^([-+]?)([1-9][0-9_]*(?::[0-5]?[0-9])+)$`), 60, "base 60"},
		}
	})
	yaml12Int = sync.OnceValue(func() []intForm {
		return []intForm{
			{regexp.MustCompile(`^()0o([0-7]+)$`), 8, "octal"},
			{regexp.MustCompile(`^()0x([0-9a-fA-F]+)$`), 16, "hexadecimal"},
			{regexp.MustCompile(`^([-+]?)([0-9]+)$`), 10, ""},
		}
	})
)

// intForm is one way of writing an integer: the pattern captures the sign
// and the digits.
type intForm struct {
	pattern *regexp.Regexp
	base    int
	name    string // "octal", ...; "" for decimal
}

// reading is the integer one YAML version reads from a scalar.
type reading struct {
	value *big.Int
	form  string
}

func (r reading) String() string {
	if r.form == "" {
		return r.value.String()
	}
	return r.form + " " + r.value.String()
}

// readInt reads text by the forms of one YAML version; ok is false when
// that version reads it as text.
func readInt(forms []intForm, text string) (reading, bool) {
	for _, f := range forms {
		m := f.pattern.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		digits := strings.ReplaceAll(m[2], "_", "")
		v := new(big.Int)
		if f.base == 60 {
			for _, part := range strings.Split(digits, ":") {
				d, _ := new(big.Int).SetString(part, 10)
				v.Mul(v, big.NewInt(60)).Add(v, d)
			}
		} else if _, ok := v.SetString(digits, f.base); !ok {
			return reading{}, false
		}
		if m[1] == "-" {
			v.Neg(v)
		}
		return reading{value: v, form: f.name}, true
	}
	return reading{}, false
}

// notPlainDecimal explains why text, a plain scalar that is not plain
// decimal, is refused, and returns "" when no YAML version reads it as an
// integer (it is then simply not a number, or a fraction).
func notPlainDecimal(text string) string {
	r11, ok11 := readInt(yaml11Int(), text)
	r12, ok12 := readInt(yaml12Int(), text)
	switch {
	case ok11 && ok12 && r11.value.Cmp(r12.value) == 0:
		how := r11.value.String()
		if r11.form == r12.form {
			how = r11.String()
		}
		return fmt.Sprintf("YAML reads it as %s; write %s", how, r11.value)
	case ok11 && ok12:
		return fmt.Sprintf("YAML 1.1 reads it as %s, YAML 1.2 as %s; write %s or %s", r11, r12, r11.value, r12.value)
	case ok11:
		return fmt.Sprintf("YAML 1.1 reads it as %s, YAML 1.2 as text; write %s", r11, r11.value)
	case ok12:
		return fmt.Sprintf("YAML 1.1 reads it as text, YAML 1.2 as %s; write %s", r12, r12.value)
	}
	return ""
}
