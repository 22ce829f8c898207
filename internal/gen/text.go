package gen

import (
	"strings"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"

	"github.com/permcat/permcat/internal/safetext"
)

// Spec text (titles, names, descriptions) is untrusted: it reaches the
// generated program only through jen.Lit and the functions below. jen.Lit
// quotes with strconv, so any text stays inside its literal. Comments are built here, one "// " line at a time, so
// no text can end a comment, start a directive (a directive needs "//go:"
// at the start of a line, and every line here starts with "// "), or hide
// code behind bidirectional-override characters.

// comment renders text as a // comment block, one line per line of text,
// with blank lines kept as paragraph breaks and trailing space removed.
func comment(text string) jen.Code { return jen.Comment(commentString(text)) }

// commentString is comment as text, for jen's HeaderComment and
// PackageComment, which render a string starting with "//" as it is.
func commentString(text string) string {
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(clean(text)), "\n") {
		lines = append(lines, wrap(line)...)
	}
	var b strings.Builder
	for i, line := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		line = strings.TrimRight(line, " ")
		if line == "" {
			b.WriteString("//")
			continue
		}
		b.WriteString("// ")
		b.WriteString(line)
	}
	return b.String()
}

// commentWidth is the width prose comments are wrapped to, "// " excluded.
const commentWidth = 77

// wrap breaks a long prose line at spaces. List items and indented lines
// (code blocks in Go doc comments) are left whole: breaking them would
// change how go doc renders them.
func wrap(line string) []string {
	trimmed := strings.TrimLeft(line, " ")
	if len(trimmed) < len(line) || isListItem(trimmed) || utf8.RuneCountInString(line) <= commentWidth {
		return []string{line}
	}
	var out []string
	var cur strings.Builder
	for _, word := range strings.Fields(line) {
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(word) > commentWidth {
			out = append(out, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	return append(out, cur.String())
}

func isListItem(line string) bool {
	for _, marker := range []string{"- ", "* ", "+ ", "• "} {
		if strings.HasPrefix(line, marker) {
			return true
		}
	}
	i := strings.IndexFunc(line, func(r rune) bool { return r < '0' || r > '9' })
	return i > 0 && (strings.HasPrefix(line[i:], ". ") || strings.HasPrefix(line[i:], ") "))
}

// doc joins paragraphs into one comment, skipping empty ones.
func doc(paragraphs ...string) jen.Code {
	var kept []string
	for _, p := range paragraphs {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return comment(strings.Join(kept, "\n\n"))
}

// oneLine flattens text for use inside a sentence of a comment.
func oneLine(s string) string {
	if plain(s) && !strings.Contains(s, "\n") && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s {
		return s
	}
	return safetext.OneLine(s)
}

// clean is safetext.Clean, without its work for text it leaves unchanged.
func clean(s string) string {
	if plain(s) {
		return s
	}
	return safetext.Clean(s)
}

// plain reports whether s holds only printable ASCII and newlines, which
// safetext.Clean returns unchanged.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' || c > '~') && c != '\n' {
			return false
		}
	}
	return true
}

// sentence makes s end with a full stop, for doc comments built from
// fragments.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune(".!?:\")", r) {
		return s
	}
	return s + "."
}
