package model

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/permcat/permcat/internal/diag"
	"github.com/permcat/permcat/internal/lookalike"
	"github.com/permcat/permcat/internal/syntax"
)

// The rules for the characters of a spec's strings. Identities (keys of
// every kind, Go names) are ASCII, so that two of them can differ only in
// characters a reader sees. Display names (permission names, group and role
// titles) may hold any visible Unicode, but no character a reader cannot
// see, and no two display names of one kind may look alike. Free text
// (descriptions, reasons, the catalog's title and source, attribute values)
// is kept exactly as written: it names nothing, and every output cleans it
// for its reader (safetext.Clean for Go comments and Markdown,
// safetext.Terminal for the terminal).

// isKey reports whether s follows the grammar of every key: permissions,
// groups, roles, flags, attributes, features, and the retired keys of
// replaces and reserved.keys. A key is a letter, then letters, digits and
// _ . : / - (the pattern ^[A-Za-z][A-Za-z0-9_.:/-]*$). The text encodings of
// a Set and of Features separate keys with commas, "|" and spaces, which it
// leaves out.
func isKey(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !isDigit(c) && c != '_' && c != '.' && c != ':' && c != '/' && c != '-' {
			return false
		}
	}
	return true
}

// isUnknownFeatureBits reports whether s has the form Features.String gives
// to bits that name no feature ("0x100", the pattern ^0[xX][0-9a-fA-F]*$):
// a feature key of that form could not be read back by ParseFeatures.
func isUnknownFeatureBits(s string) bool {
	if len(s) < 2 || s[0] != '0' || s[1] != 'x' && s[1] != 'X' {
		return false
	}
	for i := 2; i < len(s); i++ {
		if c := s[i]; !isDigit(c) && (c|0x20 < 'a' || c|0x20 > 'f') {
			return false
		}
	}
	return true
}

// isCatalogName reports whether s is lower case letters, digits and
// underscores, starting with a letter (the pattern ^[a-z][a-z0-9_]*$).
func isCatalogName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && !isDigit(c) && c != '_' {
			return false
		}
	}
	return true
}

// firstHidden is lookalike.FirstHidden, which printable ASCII (U+0020 to
// U+007E) never holds.
func firstHidden(s string) (rune, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return lookalike.FirstHidden(s)
		}
	}
	return 0, "", false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

const keyGrammar = "(a letter, then letters, digits and _ . : / -)"

// checkKey reports a key that does not follow the grammar (see isKey), naming the first
// character that keys may not hold when it is one a reader could miss (a
// look-alike from another script, an invisible character). kind names the
// key in the message ("group key"). It reports whether the key is valid.
func (r *resolver) checkKey(kind string, key syntax.String) bool {
	if isKey(key.Value) {
		return true
	}
	if c, what, ok := lookalike.FirstHidden(key.Value); ok {
		r.errorf(key.Pos, "%s %q holds %q (%s), %s; keys are ASCII %s, so remove it", kind, key.Value, c, lookalike.Describe(c), what, keyGrammar)
		return false
	}
	if c, ok := lookalike.FirstNonASCII(key.Value); ok {
		r.errorf(key.Pos, "%s %q holds %q (%s); keys are ASCII %s so that no two differ only in characters that look alike; rename it", kind, key.Value, c, lookalike.Describe(c), keyGrammar)
		return false
	}
	r.errorf(key.Pos, "%s %q must start with a letter and hold only letters, digits and _ . : / -; rename it", kind, key.Value)
	return false
}

// jsonLiterals are the JSON values a key may not spell: a Set stored in a
// JSON column that holds one of them (written by some other program) would
// read back through the generated Set.Scan, which reads keys and JSON
// alike, as the permission of that key.
var jsonLiterals = map[string]bool{"null": true, "true": true, "false": true}

// checkSetKey is checkKey for the keys a stored Set may hold: permission
// keys and the retired keys of replaces and reserved.keys.
func (r *resolver) checkSetKey(kind string, key syntax.String) bool {
	if jsonLiterals[key.Value] {
		r.errorf(key.Pos, "%s %q is a JSON literal: a JSON column holding %s would read back as this key; rename it", kind, key.Value, key.Value)
		return false
	}
	return r.checkKey(kind, key)
}

// checkFeatureKey is checkKey for features, whose keys are also read back
// by the generated ParseFeatures.
func (r *resolver) checkFeatureKey(key syntax.String) bool {
	if isUnknownFeatureBits(key.Value) {
		r.errorf(key.Pos, "feature key %q has the form Features.String gives to unknown bits, so ParseFeatures could not read it back; start the key with a letter", key.Value)
		return false
	}
	return r.checkKey("feature key", key)
}

// refNote explains why a reference that names nothing may look right: it
// holds a character no key can hold.
func refNote(ref string) string {
	if c, what, ok := lookalike.FirstHidden(ref); ok {
		return fmt.Sprintf(" (it holds %q (%s), %s)", c, lookalike.Describe(c), what)
	}
	if c, ok := lookalike.FirstNonASCII(ref); ok {
		return fmt.Sprintf(" (it holds %q (%s); keys are ASCII)", c, lookalike.Describe(c))
	}
	return ""
}

// checkASCIIName reports a package, type or go_name that is not ASCII.
// what names the value in the message, quoted ("go_name \"Аdmin\" of
// permission a"); rule says what such names are made of.
func (r *resolver) checkASCIIName(what string, name syntax.String, rule string) bool {
	if c, ok := lookalike.FirstNonASCII(name.Value); ok {
		r.errorf(name.Pos, "%s holds %q (%s); Go names here are ASCII (%s), so rename it", what, c, lookalike.Describe(c), rule)
		return false
	}
	return true
}

const (
	exportedRule = "an upper-case letter A-Z, then letters, digits and underscores"
	packageRule  = "lower case letters, digits and underscores"
)

// checkDisplay reports a display name that holds a character a reader
// cannot see (see lookalike.Hidden), or spaces that Markdown and HTML would
// not show as written: leading, trailing or doubled. It reports whether the
// name is clean, and so fit to compare with others.
func (r *resolver) checkDisplay(what ownerField, s syntax.String) bool {
	if c, kind, ok := firstHidden(s.Value); ok {
		fix := "remove it"
		if strings.HasPrefix(kind, "a space") {
			fix = "write a plain space"
		}
		r.errorf(s.Pos, "%s %q holds %q (%s), %s; a display name is one line of visible text, so %s", what, s.Value, c, lookalike.Describe(c), kind, fix)
		return false
	}
	switch {
	case strings.TrimSpace(s.Value) != s.Value:
		r.errorf(s.Pos, "%s %q starts or ends with a space; remove it", what, s.Value)
		return false
	case strings.Contains(s.Value, "  "):
		r.errorf(s.Pos, "%s %q has two spaces in a row, which Markdown and HTML show as one; write one", what, s.Value)
		return false
	}
	return true
}

// displayNames finds display names of one kind that look alike: equal, or
// equal in their skeleton (see skeleton).
type displayNames struct {
	names       []shownName
	exact, skel map[string]sameNames
}

// shownName is a display name and whose it is, for messages.
type shownName struct {
	owner owner  // permission CarrierEdit, group main_menu
	what  string // "display name", "key", "title"
	text  string
	pos   diag.Pos
}

// sameNames is what add needs of the names recorded under one text or
// skeleton, as indexes into displayNames.names: the first, and the first
// whose owner differs from the first's (or -1). The earliest name whose
// owner differs from any given owner is one of the two.
type sameNames struct {
	first, other int32
}

func newDisplayNames(size int) *displayNames {
	return &displayNames{
		names: make([]shownName, 0, size),
		exact: make(map[string]sameNames, size),
		skel:  make(map[string]sameNames, size),
	}
}

// add records a name. When it equals or looks like a name recorded earlier
// for another owner, add returns that one (an equal name first) and false.
func (d *displayNames) add(n shownName) (shownName, bool) {
	sk := skeleton(n.text)
	d.names = append(d.names, n)
	i := int32(len(d.names) - 1)
	prev := d.record(d.exact, n.text, i)
	if p := d.record(d.skel, sk, i); prev < 0 {
		prev = p
	}
	if prev < 0 {
		return shownName{}, true
	}
	return d.names[prev], false
}

// record adds name i to those under key of m, and returns the earliest
// name recorded there before whose owner is not name i's, or -1.
func (d *displayNames) record(m map[string]sameNames, key string, i int32) int32 {
	s, ok := m[key]
	if !ok {
		m[key] = sameNames{first: i, other: -1}
		return -1
	}
	if d.names[s.first].owner != d.names[i].owner {
		if s.other < 0 {
			s.other = i
			m[key] = s
		}
		return s.first
	}
	return s.other
}

// skeleton is lookalike.Skeleton, computed character by character for
// ASCII text (most names), whose characters' skeletons are ASCII: the
// skeleton maps each character on its own, and normalization leaves ASCII
// as it is.
func skeleton(s string) string {
	table := asciiSkeletons()
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || table[c] == "" {
			return lookalike.Skeleton(s)
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		b.WriteString(table[s[i]])
	}
	if b.String() == s {
		return s
	}
	return b.String()
}

// asciiSkeletons holds lookalike.Skeleton of each ASCII character whose
// skeleton is ASCII text, and "" for the others.
var asciiSkeletons = sync.OnceValue(func() *[utf8.RuneSelf]string {
	var t [utf8.RuneSelf]string
	for c := range t {
		sk := lookalike.Skeleton(string(rune(c)))
		if _, nonASCII := lookalike.FirstNonASCII(sk); sk != "" && !nonASCII {
			t[c] = sk
		}
	}
	return &t
})

// clash describes a name that equals or looks like an earlier one.
func clash(n, prev shownName, why string) string {
	if n.text == prev.text {
		return fmt.Sprintf("%s has %s %q, which is the %s of %s (%s); %s, so change one", n.owner, n.what, n.text, prev.what, prev.owner, prev.pos, why)
	}
	return fmt.Sprintf("%s has %s %q, which looks the same as the %s of %s (%q, %s): they differ only in look-alike characters, first %s; %s, so change one",
		n.owner, n.what, n.text, prev.what, prev.owner, prev.text, prev.pos, lookalike.Difference(n.text, prev.text), why)
}
