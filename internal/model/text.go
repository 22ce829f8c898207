package model

import (
	"fmt"
	"regexp"
	"strings"

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

var (
	// keyPattern is the grammar of every key: permissions, groups, roles,
	// flags, attributes, features, and the retired keys of replaces and
	// reserved.keys. The text encodings of a Set and of Features separate
	// keys with commas, "|" and spaces, which it leaves out.
	keyPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.:/-]*$`)

	// unknownFeatureBits is the form Features.String gives to bits that
	// name no feature ("0x100"): a feature key of that form could not be
	// read back by ParseFeatures.
	unknownFeatureBits = regexp.MustCompile(`^0[xX][0-9a-fA-F]*$`)
)

const keyGrammar = "(a letter, then letters, digits and _ . : / -)"

// checkKey reports a key that does not follow keyPattern, naming the first
// character that keys may not hold when it is one a reader could miss (a
// look-alike from another script, an invisible character). kind names the
// key in the message ("group key"). It reports whether the key is valid.
func (r *resolver) checkKey(kind string, key syntax.String) bool {
	if keyPattern.MatchString(key.Value) {
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
	if unknownFeatureBits.MatchString(key.Value) {
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
func (r *resolver) checkDisplay(what string, s syntax.String) bool {
	if c, kind, ok := lookalike.FirstHidden(s.Value); ok {
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
// equal in their lookalike.Skeleton.
type displayNames struct {
	exact map[string][]shownName
	skel  map[string][]shownName
}

// shownName is a display name and whose it is, for messages.
type shownName struct {
	owner string // "permission CarrierEdit", "group main_menu"
	what  string // "display name", "key", "title"
	text  string
	pos   diag.Pos
}

func newDisplayNames() *displayNames {
	return &displayNames{exact: map[string][]shownName{}, skel: map[string][]shownName{}}
}

// add records a name. When it equals or looks like a name recorded earlier
// for another owner, add returns that one (an equal name first) and false.
func (d *displayNames) add(n shownName) (shownName, bool) {
	sk := lookalike.Skeleton(n.text)
	prev, found := otherOwner(d.exact[n.text], n.owner)
	if !found {
		prev, found = otherOwner(d.skel[sk], n.owner)
	}
	d.exact[n.text] = append(d.exact[n.text], n)
	d.skel[sk] = append(d.skel[sk], n)
	return prev, !found
}

func otherOwner(names []shownName, owner string) (shownName, bool) {
	for _, n := range names {
		if n.owner != owner {
			return n, true
		}
	}
	return shownName{}, false
}

// clash describes a name that equals or looks like an earlier one.
func clash(n, prev shownName, why string) string {
	if n.text == prev.text {
		return fmt.Sprintf("%s has %s %q, which is the %s of %s (%s); %s, so change one", n.owner, n.what, n.text, prev.what, prev.owner, prev.pos, why)
	}
	return fmt.Sprintf("%s has %s %q, which looks the same as the %s of %s (%q, %s): they differ only in look-alike characters, first %s; %s, so change one",
		n.owner, n.what, n.text, prev.what, prev.owner, prev.text, prev.pos, lookalike.Difference(n.text, prev.text), why)
}
