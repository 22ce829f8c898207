// Package safetext prepares untrusted spec text (names, titles,
// descriptions, reasons) for display in generated files: Go comments and
// Markdown. Literals keep the exact text; what a person reads goes through
// Clean first, so that nothing invisible can make a reviewer see something
// other than what the compiler or renderer sees.
package safetext

import (
	"strings"
	"unicode"
)

// Clean makes text safe and readable as prose: invalid UTF-8 becomes
// U+FFFD, carriage returns and Unicode line and paragraph separators become
// newlines, tabs become spaces, and other control and format characters
// (bidirectional overrides, zero-width characters, NUL) are dropped: they
// are invisible in an editor, and a Go string literal or the spec itself
// keeps the exact text.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// OneLine cleans text and flattens it to one line of single spaces, for use
// inside a sentence.
func OneLine(s string) string {
	return strings.Join(strings.Fields(Clean(s)), " ")
}
