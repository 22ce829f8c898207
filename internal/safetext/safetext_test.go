package safetext

import "testing"

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
