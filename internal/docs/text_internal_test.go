package docs

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/permcat/permcat/internal/safetext"
)

// fastPathTexts are texts on both sides of the fast paths of clean,
// oneLine, cell and mermaidText: plain one-line ASCII, and everything
// that leaves it (line breaks, runs of spaces, edge spaces, tabs, control
// and format characters, invalid UTF-8, non-ASCII, Markdown and Mermaid
// syntax).
var fastPathTexts = []string{
	"", "a", "Edit carriers.", "two  spaces", " lead", "trail ", "line\nbreak",
	"\n", "tab\there", "cr\r\nlf", "nul\x00", "del\x7f", "bidi\u202eevil", "zero\u200bwidth",
	"bad\xffutf8", "café", "予約", "- item", "1. item", "* star", "a|b", "<b>&amp;</b>",
	"`code` *em* _u_ [l](x) ~s~ $m$ \\", `quote"s`, "#hash; 50%", "x\u2028y", "x\u0085y",
}

// TestFastPathsAgree: each fast path returns what the full function does.
func TestFastPathsAgree(t *testing.T) {
	for _, s := range fastPathTexts {
		checkFastPaths(t, s)
	}
}

func FuzzFastPaths(f *testing.F) {
	for _, s := range fastPathTexts {
		f.Add(s)
	}
	f.Fuzz(checkFastPaths)
}

func checkFastPaths(t *testing.T, s string) {
	t.Helper()
	if got, want := clean(s), safetext.Clean(s); got != want {
		t.Errorf("clean(%q) = %q, want %q", s, got, want)
	}
	if got, want := oneLine(s), safetext.OneLine(s); got != want {
		t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
	}
	if got, want := cell(s), slowCell(s); got != want {
		t.Errorf("cell(%q) = %q, want %q", s, got, want)
	}
	if got, want := mermaidText(s), slowMermaidText(s); got != want {
		t.Errorf("mermaidText(%q) = %q, want %q", s, got, want)
	}
}

// slowCell is cell without its fast path, as it was written first.
func slowCell(s string) string {
	var lines []string
	blank := false
	for _, line := range strings.Split(safetext.Clean(s), "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			blank = len(lines) > 0
			continue
		}
		if blank {
			lines = append(lines, "")
			blank = false
		}
		lines = append(lines, listItem(line))
	}
	return strings.Join(lines, "<br>")
}

// slowMermaidText is mermaidText as it was written first.
func slowMermaidText(s string) string {
	var b strings.Builder
	for _, r := range safetext.OneLine(s) {
		switch {
		case r == '"':
			b.WriteString("#quot;")
		case r >= utf8.RuneSelf, r == ' ',
			r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9',
			strings.ContainsRune(".,'()/+?!*_=-", r):
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "#%d;", r)
		}
	}
	return b.String()
}
