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
