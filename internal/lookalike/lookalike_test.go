package lookalike

import (
	"fmt"
	"testing"
)

func TestSkeletonConfusable(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"admin", "аdmin", true},              // U+0430 CYRILLIC SMALL LETTER A
		{"Read all", "Rеad аll", true},        // Cyrillic е and а
		{"Read all", "Read\u200b all", true},  // zero-width space
		{"Read all", "Read\u2060 all", true},  // word joiner
		{"Read all", "Read all\u202e", true},  // bidi override
		{"Read all", "Ｒｅａｄ ａｌｌ", true},        // fullwidth letters
		{"file", "\ufb01le", true},            // U+FB01 LATIN SMALL LIGATURE FI
		{"Level 1", "Level l", true},          // digit one and small L
		{"Paypal", "Ρаyраl", true},            // Greek Rho, Cyrillic а and р
		{"Café", "Cafe\u0301", true},          // precomposed and combining
		{"Turn on", "Tum on", true},           // UTS #39 maps "m" to "rn": many fonts render them alike
		{"Read all", "Read All", false},       // case is not a look-alike
		{"Café", "Cafe", false},               // an accent is visible
		{"Überweisung", "Uberweisung", false}, // so is an umlaut
		{"Read all", "Read alll", false},
	}
	for _, tt := range tests {
		got := Skeleton(tt.a) == Skeleton(tt.b)
		if got != tt.same {
			t.Errorf("Skeleton(%q) == Skeleton(%q) is %v, want %v (%q, %q)", tt.a, tt.b, got, tt.same, Skeleton(tt.a), Skeleton(tt.b))
		}
	}
}

func TestHidden(t *testing.T) {
	tests := []struct {
		r    rune
		want string
	}{
		{'\x1b', "a control character"},
		{'\a', "a control character"},
		{'\n', "a control character"},
		{'\u0085', "a control character"},
		{'\u200b', "an invisible formatting character"},
		{'\u2060', "an invisible formatting character"},
		{'\u202e', "an invisible formatting character"},
		{'\u2066', "an invisible formatting character"},
		{'\u00ad', "an invisible formatting character"},
		{'\ufeff', "an invisible formatting character"},
		{'\u00a0', "a space other than the plain space U+0020"},
		{'\u2003', "a space other than the plain space U+0020"},
		{'\u3000', "a space other than the plain space U+0020"},
		{'\u2028', "a space other than the plain space U+0020"},
		{'\u115f', "an invisible character"},
		{'\u034f', "an invisible character"},
		{'a', ""},
		{' ', ""},
		{'é', ""},
		{'а', ""}, // a look-alike, but visible: Skeleton's job
		{'\ufe0f', ""},
		{'日', ""},
	}
	for _, tt := range tests {
		what, hidden := Hidden(tt.r)
		if what != tt.want || hidden != (tt.want != "") {
			t.Errorf("Hidden(%U) = %q, %v; want %q", tt.r, what, hidden, tt.want)
		}
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		r    rune
		want string
	}{
		{'а', "U+0430 CYRILLIC SMALL LETTER A"},
		{'\u200b', "U+200B ZERO WIDTH SPACE"},
		{'\x1b', "U+001B"},
		{'😀', "U+1F600 GRINNING FACE"},
	}
	for _, tt := range tests {
		if got := Describe(tt.r); got != tt.want {
			t.Errorf("Describe(%U) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestDifference(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"admin", "аdmin", "'a' (U+0061 LATIN SMALL LETTER A) against 'а' (U+0430 CYRILLIC SMALL LETTER A)"},
		{"ab", "a", "'b' (U+0062 LATIN SMALL LETTER B) against nothing"},
		{"a", "a\u200b", "nothing against '\\u200b' (U+200B ZERO WIDTH SPACE)"},
		{"Café", "Cafe\u0301", ""},
	}
	for _, tt := range tests {
		if got := Difference(tt.a, tt.b); got != tt.want {
			t.Errorf("Difference(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func ExampleSkeleton() {
	fmt.Println(Skeleton("admin") == Skeleton("\u0430dmin"))
	fmt.Println(Skeleton("Read all") == Skeleton("Read\u200b all"))
	fmt.Println(Skeleton("Café") == Skeleton("Cafe"))
	// Output:
	// true
	// true
	// false
}
