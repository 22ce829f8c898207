// Package safetext prepares untrusted spec text (names, titles,
// descriptions, reasons) for display: in generated files (Go comments and
// Markdown) through Clean, and on a terminal through Terminal and
// TerminalLine. Literals keep the exact text; what a person reads goes
// through one of these first, so that nothing invisible can make a reviewer
// see something other than what the compiler or renderer sees, and nothing
// in a spec can act on the terminal that prints it.
package safetext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
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

// Terminal makes spec text safe to print on a terminal, keeping every
// character visible: instead of dropping what could act on the terminal or
// hide text, it writes it as a Go escape, so that a reader sees that
// something was there. Escaped are the C0 controls other than newline and
// tab (ESC starts the sequences that clear the screen, set the window
// title or write the clipboard with OSC 52; BEL rings; CR and backspace
// overwrite what was printed), DEL, the C1 controls (U+009B is a one-byte
// CSI), every format character (category Cf: bidirectional overrides and
// isolates, zero-width characters), the line and paragraph separators, and
// each byte of invalid UTF-8: "\x1b", "\u202e", "\U000e0041", "\xff".
// Backslashes are not escaped, so text that already holds "\x1b" reads
// the same as an escaped ESC; both are harmless.
//
// Terminal keeps newlines and tabs, for multi-line text such as a
// description; TerminalLine escapes those too.
func Terminal(s string) string { return terminal(s, false) }

// TerminalLine is Terminal for text that must stay on one line (an error
// message, a list entry): it also escapes newlines ("\n") and tabs ("\t").
func TerminalLine(s string) string { return terminal(s, true) }

func terminal(s string, oneLine bool) string {
	if terminalSafe(s, oneLine) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case (r == '\n' || r == '\t') && !oneLine:
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case terminalUnsafe(r):
			switch {
			case r < 0x80:
				fmt.Fprintf(&b, `\x%02x`, r)
			case r <= 0xffff:
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				fmt.Fprintf(&b, `\U%08x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// terminalSafe reports whether s needs no escaping, so that the common
// case allocates nothing.
func terminalSafe(s string, oneLine bool) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || terminalUnsafe(r) || (oneLine && (r == '\n' || r == '\t')) {
			return false
		}
		i += size
	}
	return true
}

// terminalUnsafe reports the characters Terminal escapes, newline and tab
// aside.
func terminalUnsafe(r rune) bool {
	return (unicode.IsControl(r) && r != '\n' && r != '\t') ||
		unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}
