package safetext

import (
	"fmt"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a\r\nb\rc", "a\nb\nc"},
		{"line\u2028sep\u2029par\u0085nel", "line\nsep\npar\nnel"},
		{"tab\there", "tab here"},
		{"admin\u202e\u2066evil\u2069", "adminevil"},
		{"nul\x00bell\a", "nulbell"},
		{"zero\u200bwidth", "zerowidth"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"*/ stays", "*/ stays"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := OneLine("  a\n\n b\u2028c  "); got != "a b c" {
		t.Errorf("OneLine = %q", got)
	}
}

func TestTerminal(t *testing.T) {
	tests := []struct{ in, want, line string }{
		{"plain text", "plain text", "plain text"},
		{"Café ✓ 日本", "Café ✓ 日本", "Café ✓ 日本"},
		{"clear\x1b[2J\x1b[H", `clear\x1b[2J\x1b[H`, `clear\x1b[2J\x1b[H`},
		{"title\x1b]0;pwned\a", `title\x1b]0;pwned\x07`, `title\x1b]0;pwned\x07`},
		{"clip\x1b]52;c;ZXZpbA==\x1b\\", `clip\x1b]52;c;ZXZpbA==\x1b\`, `clip\x1b]52;c;ZXZpbA==\x1b\`},
		{"c1 csi\u009b2J", `c1 csi\u009b2J`, `c1 csi\u009b2J`},
		{"safe\revil", `safe\x0devil`, `safe\x0devil`},
		{"back\bspace\x7f", `back\x08space\x7f`, `back\x08space\x7f`},
		{"admin\u202e\u2066evil\u2069", `admin\u202e\u2066evil\u2069`, `admin\u202e\u2066evil\u2069`},
		{"zero\u200bwidth\ufeff", `zero\u200bwidth\ufeff`, `zero\u200bwidth\ufeff`},
		{"tag\U000E0041", `tag\U000e0041`, `tag\U000e0041`},
		{"sep\u2028par\u2029", `sep\u2028par\u2029`, `sep\u2028par\u2029`},
		{"bad\xffutf8\xc3", `bad\xffutf8\xc3`, `bad\xffutf8\xc3`},
		{"two\nlines\tand tab", "two\nlines\tand tab", `two\nlines\tand tab`},
		{"nul\x00", `nul\x00`, `nul\x00`},
		{"real \uFFFD stays", "real \uFFFD stays", "real \uFFFD stays"},
	}
	for _, tt := range tests {
		if got := Terminal(tt.in); got != tt.want {
			t.Errorf("Terminal(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := TerminalLine(tt.in); got != tt.line {
			t.Errorf("TerminalLine(%q) = %q, want %q", tt.in, got, tt.line)
		}
	}
}

// FuzzTerminal checks the promise of Terminal and TerminalLine on any
// input: the output is valid UTF-8 with no character that acts on a
// terminal or hides text, TerminalLine's has no newline or tab, escaping
// is idempotent, and nothing is dropped (text without anything to escape
// comes back unchanged).
func FuzzTerminal(f *testing.F) {
	for _, s := range []string{"plain", "a\x1b[2Jb", "\u202e\xff\n\t", "\U000E0041\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, oneLine := range []bool{false, true} {
			got := terminal(s, oneLine)
			if !utf8.ValidString(got) {
				t.Fatalf("terminal(%q, %v) = %q: invalid UTF-8", s, oneLine, got)
			}
			for _, r := range got {
				if terminalUnsafe(r) || (oneLine && (r == '\n' || r == '\t')) {
					t.Fatalf("terminal(%q, %v) = %q keeps %U", s, oneLine, got, r)
				}
			}
			if again := terminal(got, oneLine); again != got {
				t.Fatalf("not idempotent: %q, then %q", got, again)
			}
			if terminalSafe(s, oneLine) != (got == s) {
				t.Fatalf("terminal(%q, %v) = %q changed safe text or kept unsafe text", s, oneLine, got)
			}
			if len(got) < len(s) {
				t.Fatalf("terminal(%q, %v) = %q dropped bytes", s, oneLine, got)
			}
		}
	})
}

func ExampleTerminal() {
	fmt.Println(Terminal("Read all\x1b]0;owned\a \u202eyltnelis"))
	fmt.Println(TerminalLine("two\nlines"))
	// Output:
	// Read all\x1b]0;owned\x07 \u202eyltnelis
	// two\nlines
}
