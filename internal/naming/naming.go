// Package naming turns spec keys into Go identifiers and finds the nearest
// valid name for a misspelt one.
//
// Keys are compared exactly, case included: public catalogs hold keys that
// differ only in case, so nothing here folds case when deciding identity. Case
// folding is used only to rank suggestions.
package naming

import (
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// GoName derives an exported Go identifier from a spec key. Every run of
// characters that cannot appear in an identifier separates words; the first
// letter of each word is upper-cased and the rest is kept as written, so
// "view_patient_window" becomes "ViewPatientWindow" and "CommlogEdit" stays
// "CommlogEdit". The result may still be invalid (a key that starts with a
// digit); callers check it with IsExported.
func GoName(key string) string {
	var b strings.Builder
	upper := true
	for _, r := range key {
		if !isIdentRune(r) || r == '_' {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// IsExported reports whether name is a valid exported Go identifier that is
// not a keyword, written in ASCII. Go accepts letters of any script, but
// then "Аdmin" (with U+0410 CYRILLIC CAPITAL LETTER A) and "Admin" are two
// identifiers that read the same; permcat's generated names are ASCII.
func IsExported(name string) bool {
	if !token.IsIdentifier(name) {
		return false
	}
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			return false
		}
	}
	return name[0] >= 'A' && name[0] <= 'Z'
}

// IsPackageName reports whether name is usable as a Go package name: a valid
// identifier, not a keyword, and by convention lower case ASCII.
func IsPackageName(name string) bool {
	if !token.IsIdentifier(name) || name == "_" || name == "main" {
		return false
	}
	for _, r := range name {
		if r > unicode.MaxASCII || unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Suggest returns the candidate nearest to name, or "" when none is close
// enough to be a plausible typo. Ties go to the earliest candidate, so the
// answer is deterministic for a given candidate order.
func Suggest(name string, candidates []string) string {
	best, bestDist := "", -1
	// About one edit in three characters, and never so many that the
	// whole name is rewritten: "x1" must not suggest "a".
	n := utf8.RuneCountInString(name)
	limit := min((n+2)/3, n-1)
	lname := strings.ToLower(name)
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := distance(lname, strings.ToLower(c))
		if d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// DidYouMean formats a suggestion as a sentence fragment to append to an
// error message, or returns "" when there is none.
func DidYouMean(name string, candidates []string) string {
	if s := Suggest(name, candidates); s != "" {
		return "; did you mean " + s + "?"
	}
	return ""
}

// distance is the Levenshtein edit distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
