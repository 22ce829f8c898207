package gen

import (
	"testing"

	"github.com/permcat/permcat/internal/safetext"
)

// TestCleanFastPath checks that the shortcuts of clean and oneLine agree
// with safetext on text they take and text they pass on.
func TestCleanFastPath(t *testing.T) {
	for _, s := range []string{"", "plain", "two  spaces", " lead", "trail ", "a\nb", "a\r\nb", "tab\tx", "caf\u00e9", "x\x7f", "nul\x00", "\u202eevil", "ok. Fine!"} {
		if got, want := clean(s), safetext.Clean(s); got != want {
			t.Errorf("clean(%q) = %q, want %q", s, got, want)
		}
		if got, want := oneLine(s), safetext.OneLine(s); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
		}
	}
}
