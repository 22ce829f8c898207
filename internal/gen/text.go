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
	var b strings.Builder
	writeComment(&b, "", text)
	return strings.TrimSuffix(b.String(), "\n")
}

// commentWidth is the width prose comments are wrapped to, "// " excluded.
const commentWidth = 77

// writeComment writes text as // comment lines, each after indent and
// ending in a newline: one line per line of text, long prose lines wrapped
// (see wrap), blank lines kept as paragraph breaks and trailing space
// removed.
func writeComment(b *strings.Builder, indent, text string) {
	for line := range strings.SplitSeq(strings.TrimSpace(clean(text)), "\n") {
		if !wrap(b, indent, line) {
			writeCommentLine(b, indent, strings.TrimRight(line, " "))
		}
	}
}

func writeCommentLine(b *strings.Builder, indent, line string) {
	b.WriteString(indent)
	if line == "" {
		b.WriteString("//\n")
		return
	}
	b.WriteString("// ")
	b.WriteString(line)
	b.WriteByte('\n')
}

// wrap writes a long prose line as comment lines broken at spaces, and
// reports whether it did. List items and indented lines (code blocks in Go
// doc comments) are left whole: breaking them would change how go doc
// renders them.
func wrap(b *strings.Builder, indent, line string) bool {
	trimmed := strings.TrimLeft(line, " ")
	if len(trimmed) < len(line) || isListItem(trimmed) || utf8.RuneCountInString(line) <= commentWidth {
		return false
	}
	n := 0 // characters on the line being written
	for word := range strings.FieldsSeq(line) {
		w := utf8.RuneCountInString(word)
		if n > 0 && n+1+w > commentWidth {
			b.WriteByte('\n')
			n = 0
		}
		if n == 0 {
			b.WriteString(indent)
			b.WriteString("// ")
		} else {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += w
	}
	b.WriteByte('\n')
	return true
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
