package compat

import (
	"fmt"
	"strings"

	"github.com/permcat/permcat/internal/safetext"
)

// Clean makes spec text safe to print on a terminal and in a workflow
// command: one line of single spaces, with every control or format
// character (ESC, BEL, C1 controls such as CSI, bidirectional overrides,
// zero-width characters) written as a visible Go escape (\x1b, \a,
// \u202e) by safetext.TerminalLine, the cleaner every command's terminal
// output shares, so that a reviewer sees that something was there and
// nothing reaches the terminal raw. Invalid UTF-8 becomes U+FFFD.
//
// Every string compat, permcat diff and their commands print from a spec
// goes through Clean.
func Clean(s string) string {
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
	return safetext.TerminalLine(s)
}

var clean = Clean

// most is how many permissions a message names before it counts the rest.
const most = 5

// list joins keys for a message, naming at most five.
func list(keys []string) string { return listCounted(keys, len(keys)) }

// listCounted joins the first keys of a list of n for a message, naming at
// most five and counting the rest: "a, b, c, d, e and 7 more". A list
// that can be as long as the catalog, and come once per permission or
// role, is named this way, so that no message grows with the catalog and
// no output with its square.
func listCounted(first []string, n int) string {
	named := min(len(first), most, n)
	if named < n {
		return strings.Join(first[:named], ", ") + fmt.Sprintf(" and %d more", n-named)
	}
	return listAll(first[:n])
}

// listAll joins keys for a message, naming every one: for new access,
// where what is granted must be readable in full, in lists whose total
// over every finding stays linear in the spec (the permissions one flag
// or gate covered, the replacements of one key).
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
