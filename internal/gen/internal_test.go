package gen

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/permcat/permcat/internal/model"
	"github.com/permcat/permcat/internal/safetext"
	"github.com/permcat/permcat/internal/synth"
)

// TestCleanFastPath checks that the shortcuts of clean and oneLine agree
// with safetext on text they take and text they pass on.
func TestCleanFastPath(t *testing.T) {
	for _, s := range []string{"", "plain", "two  spaces", " lead", "trail ", "a\nb", "a\r\nb", "tab\tx", "caf\u00e9", "x\x7f", "nul\x00", "\u202eevil", "ok. Fine!"} {
		if got, want := clean(s), safetext.Clean(s); got != want {
			t.Errorf("clean(%q) = %q, want %q", s, got, want)
		}
		if got, want := oneLine(s), safetext.OneLine(s); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
		}
	}
}

// BenchmarkTypeCheck measures the type check of the output of a
// 20,000-permission catalog.
func BenchmarkTypeCheck(b *testing.B) {
	c, err := model.Load("synth.yaml", synth.Spec(synth.Options{Permissions: 20000, Seed: 1}))
	if err != nil {
		b.Fatal(err)
	}
	src, err := newGenerator(c, Options{}).render()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if err := typeCheck(c.Package, src); err != nil {
			b.Fatal(err)
		}
	}
}

// commentTexts exercise writeComment: short and long prose lines, lines
// of one long word, list items, indented lines, blank lines, runs of
// spaces and non-ASCII text, at the wrapping width and around it.
var commentTexts = []string{
	"", " ", "\n", "one line", "two\nlines", "para\n\npara", "  indented code", "- item that is long enough to be wrapped if it were prose, which it is not, no",
	"1. numbered item that is long enough to be wrapped if it were prose, which it is not",
	strings.Repeat("word ", 30), strings.Repeat("x", 100), strings.Repeat("x", 77), strings.Repeat("é", 80) + " tail",
	strings.Repeat("ab ", 26), "trailing spaces   \nnext", "tab\tand\u00a0nbsp and a long line of prose that goes on and on and on past the width",
	"bidi \u202e and zero\u200bwidth in a line of prose that is longer than the width of a comment line",
}

// TestWriteCommentMatchesReference checks writeComment against the
// line-by-line form it replaced.
func TestWriteCommentMatchesReference(t *testing.T) {
	for _, s := range commentTexts {
		checkComment(t, s)
	}
}

func FuzzWriteComment(f *testing.F) {
	for _, s := range commentTexts {
		f.Add(s)
	}
	f.Fuzz(checkComment)
}

func checkComment(t *testing.T, text string) {
	t.Helper()
	if got, want := commentString(text), referenceCommentString(text); got != want {
		t.Errorf("commentString(%q) =\n%s\nwant\n%s", text, got, want)
	}
	var b strings.Builder
	indentComment(&b, "\t\t", text)
	var want strings.Builder
	for line := range strings.SplitSeq(referenceCommentString(text), "\n") {
		want.WriteString("\t\t" + line + "\n")
	}
	if b.String() != want.String() {
		t.Errorf("indentComment(%q) =\n%s\nwant\n%s", text, b.String(), want.String())
	}
}

// referenceCommentString is commentString as first written: wrap each
// line into a list of lines, then prefix and join them.
func referenceCommentString(text string) string {
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(safetext.Clean(text)), "\n") {
		lines = append(lines, referenceWrap(line)...)
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

func referenceWrap(line string) []string {
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

// TestQuote checks quote against strconv.Quote on every ASCII character
// and on text of other kinds.
func TestQuote(t *testing.T) {
	texts := []string{"", "plain text", `say "hi"`, `back\slash`, "tab\t", "nl\n", "caf\u00e9", "\x7f", "\xff", "\u202e"}
	for c := range 128 {
		texts = append(texts, "a"+string(rune(c))+"b")
	}
	for _, s := range texts {
		if got, want := quote(s), strconv.Quote(s); got != want {
			t.Errorf("quote(%q) = %s, want %s", s, got, want)
		}
	}
}
