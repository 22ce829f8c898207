package docs

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/permcat/permcat/internal/safetext"
)

// Spec text (names, descriptions, titles, reasons) is untrusted. It reaches
// the Markdown only through the functions below:
//
//   - inline escapes every character Markdown or GFM gives a meaning to in
//     running text, and writes <, > and & as entities, so no text can start
//     an HTML tag or comment, a link, emphasis, code or math;
//   - cell and paragraph also turn line breaks into <br>, so a text stays
//     on its table row or in its paragraph, and escape | so it stays in its
//     cell;
//   - mermaidText keeps only characters Mermaid's parser ignores inside a
//     quoted label and writes every other one as a Mermaid entity (#quot;,
//     #60; …), so a label can neither end its string nor the code fence.

// clean and oneLine are safetext's: invisible characters are dropped
// before any escaping. Most text is printable ASCII, which they return
// unchanged without building a copy.
func clean(s string) string {
	if plain(s) {
		return s
	}
	return safetext.Clean(s)
}

func oneLine(s string) string {
	if flat(s) {
		return s
	}
	return safetext.OneLine(s)
}

// flat reports whether s is printable ASCII on one line, words separated
// by single spaces: text that oneLine returns unchanged.
func flat(s string) bool {
	return plain(s) && !strings.Contains(s, "\n") && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s
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

// inline escapes one line of text for running Markdown text. It does not
// handle line breaks: callers pass a single line.
func inline(s string) string {
	if !strings.ContainsAny(s, "<>&\\`*_[]|~$") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\\', '`', '*', '_', '[', ']', '|', '~', '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cell renders text for a table cell: one line, lines joined by <br>, a
// blank line as an empty line, and list items ("- ", "* ", "+ ", "• ")
// as "• " items.
func cell(s string) string {
	if flat(s) {
		return listItem(s)
	}
	var lines []string
	blank := false
	for _, line := range strings.Split(clean(s), "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			blank = len(lines) > 0
			continue
		}
		if blank {
			lines = append(lines, "")
			blank = false
		}
		lines = append(lines, listItem(line))
	}
	return strings.Join(lines, "<br>")
}

// listItem escapes one line, writing a list item as a "• " item.
func listItem(line string) string {
	for _, marker := range []string{"- ", "* ", "+ ", "• "} {
		if rest, ok := strings.CutPrefix(line, marker); ok {
			return "• " + inline(rest)
		}
	}
	return inline(line)
}

// paragraph renders text as a paragraph of its own: a cell whose start
// cannot open a block (heading, list, quote, thematic break).
func paragraph(s string) string {
	return blockSafe(cell(s))
}

// blockSafe escapes the character that would make a line start a block.
func blockSafe(line string) string {
	if line == "" {
		return line
	}
	switch line[0] {
	case '#', '-', '+', '=':
		return `\` + line
	}
	i := strings.IndexFunc(line, func(r rune) bool { return r < '0' || r > '9' })
	if i > 0 && (line[i] == '.' || line[i] == ')') {
		return line[:i] + `\` + line[i:]
	}
	return line
}

// headingText renders text as the text of an ATX heading: one line, with
// every # escaped, since trailing ones would be taken as a closing sequence.
func headingText(s string) string {
	return strings.ReplaceAll(inline(oneLine(s)), "#", `\#`)
}

// link is a link to an anchor of this document.
func link(text, anchor string) string {
	return "[" + inline(oneLine(text)) + "](#" + anchor + ")"
}

// code renders an identifier (key, path) as a code span when it holds only
// characters that are literal there, and as escaped text otherwise.
func code(s string) string {
	if s == "" {
		return ""
	}
	for _, r := range s {
		if !isCodeSafe(r) {
			return inline(oneLine(s))
		}
	}
	return "`" + s + "`"
}

func isCodeSafe(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_.:/-+@=,()", r))
}

// anchorKey makes a key usable in an anchor id and a URL fragment. Keys
// are letters, digits and _ . : / - by the spec's rules, which it keeps;
// anything else is written as _XX_ (its code point in hex).
func anchorKey(key string) string {
	var b strings.Builder
	for _, r := range key {
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_.:/-", r)) {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "_%X_", r)
		}
	}
	return b.String()
}

// humanize turns a key into a title: underscores become spaces and the
// first letter is upper case ("global_lock_date" → "Global lock date").
func humanize(key string) string {
	s := strings.ReplaceAll(oneLine(key), "_", " ")
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// mermaidText renders text for a quoted Mermaid label. Letters, digits,
// spaces, non-ASCII characters and a few inert punctuation marks are kept;
// every other character (quotes, backticks, #, <, >, &, ;, :, |, %, …) is
// written as a Mermaid entity code, which Mermaid decodes into an HTML
// entity after parsing. The label is one line.
func mermaidText(s string) string {
	s = oneLine(s)
	i := 0
	for i < len(s) && mermaidInert(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case r == '"':
			b.WriteString("#quot;")
		case r >= utf8.RuneSelf || mermaidInert(byte(r)):
			b.WriteRune(r)
		default:
			b.WriteByte('#')
			b.WriteString(strconv.Itoa(int(r)))
			b.WriteByte(';')
		}
	}
	return b.String()
}

// mermaidInert reports whether the ASCII character c stands for itself in
// a quoted Mermaid label.
func mermaidInert(c byte) bool {
	return c == ' ' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c < utf8.RuneSelf && strings.IndexByte(".,'()/+?!*_=-", c) >= 0
}

// escapeSource writes a path so that it fits in an HTML comment on one
// line: %, <, >, line breaks and runs of - are percent-encoded.
func escapeSource(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' || c == '<' || c == '>' || c < ' ' || c == 0x7f,
			c == '-' && (i+1 < len(s) && s[i+1] == '-' || i > 0 && s[i-1] == '-'):
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func unescapeSource(s string) (string, bool) {
	u, err := url.PathUnescape(s)
	return u, err == nil
}
