package compat

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/permcat/permcat/internal/safetext"
)

// Clean makes spec text safe to print on a terminal and in a workflow
// command: one line of single spaces, with every control or format
// character (ESC, BEL, C1 controls such as CSI, bidirectional overrides,
// zero-width characters) written as a visible Go escape (\x1b, \u202e), so
// that a reviewer sees that something was there and nothing reaches the
// terminal raw. Invalid UTF-8 becomes U+FFFD.
//
// Every string compat, permcat diff and their commands print from a spec
// goes through Clean: it is the one place to point at a shared terminal
// cleaner.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f' || r == '\u0085' || r == '\u2028' || r == '\u2029':
			b.WriteByte(' ') // white space: folded below
		case r < utf8.RuneSelf && unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return safetext.OneLine(b.String())
}

var clean = Clean

// list joins keys for a message, naming at most five.
func list(keys []string) string {
	const most = 5
	switch {
	case len(keys) == 1:
		return keys[0]
	case len(keys) <= most:
		return strings.Join(keys[:len(keys)-1], ", ") + " and " + keys[len(keys)-1]
	}
	return strings.Join(keys[:most], ", ") + fmt.Sprintf(" and %d more", len(keys)-most)
}

// listAll joins keys for a message, naming every one: for new access, where
// what is granted must be readable in full.
func listAll(keys []string) string {
	if len(keys) == 1 {
		return keys[0]
	}
	return strings.Join(keys[:len(keys)-1], ", ") + " and " + keys[len(keys)-1]
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func themIt(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func itsTheir(n int) string {
	if n == 1 {
		return "its"
	}
	return "their"
}

func permissionWord(n int) string {
	if n == 1 {
		return "permission"
	}
	return "permissions"
}
