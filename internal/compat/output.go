package compat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// WriteText writes one line per finding:
//
//	file:line:col: breaking[rule]: message
//	file:line:col: new-access[rule]: message
//	file:line:col: warning[rule]: message
func WriteText(w io.Writer, fs []Finding) error {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// JSONFinding is the JSON form of a finding. The format is stable: a JSON
// array (empty, never null, when nothing is found) of objects with exactly
// these fields; line and column are 1-based, 0 when the finding concerns
// the whole file.
type JSONFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"` // "breaking", "new-access" or "warning"
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Message  string `json:"message"`
}

// JSONFindings returns the JSON form of the findings: an empty slice, not
// nil, when there are none.
func JSONFindings(fs []Finding) []JSONFinding {
	out := make([]JSONFinding, len(fs))
	for i, f := range fs {
		out[i] = JSONFinding{
			Rule:     f.Rule,
			Severity: f.Severity.String(),
			File:     f.Pos.File,
			Line:     f.Pos.Line,
			Column:   f.Pos.Col,
			Message:  f.Message,
		}
	}
	return out
}

// WriteJSON writes the findings as an indented JSON array of JSONFinding.
func WriteJSON(w io.Writer, fs []Finding) error {
	return EncodeJSON(w, JSONFindings(fs))
}

// EncodeJSON writes v as indented JSON followed by a newline, with every
// control or format character in a string (C1 controls, bidirectional
// overrides, zero-width characters; encoding/json already escapes C0 ones)
// written as a \u escape: a decoder gets the exact text back, and a
// terminal showing the JSON gets none of them raw.
func EncodeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	// Copy the text only from the first rune to escape on: most JSON has
	// none, and a large diff is tens of megabytes. encoding/json writes
	// valid UTF-8 only.
	data := buf.Bytes()
	var out []byte
	done := 0
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			out = append(out, data[done:i]...)
			out = fmt.Appendf(out, `\u%04x`, r) // every such rune is in the BMP
			done = i + size
		}
		i += size
	}
	if out != nil {
		data = append(out, data[done:]...)
	}
	_, err := w.Write(data)
	return err
}

// WriteGitHub writes GitHub Actions workflow commands, one per finding:
//
//	::error file=F,line=L,col=C,title=permcat compat RULE::MESSAGE
//	::warning file=F,line=L,col=C,title=permcat compat RULE::MESSAGE
//
// A finding that fails the check (breaking, or of a severity in deny) is an
// error, any other a warning.
//
// A finding whose file is not in the checkout (onDisk reports false: the old
// spec read from git) gets no file property, so that GitHub does not attach
// it to the wrong lines; its position starts the message instead. A nil
// onDisk means every file is.
func WriteGitHub(w io.Writer, fs []Finding, onDisk func(file string) bool, deny ...Severity) error {
	var b strings.Builder
	for _, f := range fs {
		cmd := "warning"
		if Fails([]Finding{f}, deny...) {
			cmd = "error"
		}
		var props []string
		msg := clean(f.Message)
		if onDisk == nil || onDisk(f.Pos.File) {
			props = append(props, "file="+escapeProperty(clean(f.Pos.File)))
			if f.Pos.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", f.Pos.Line), fmt.Sprintf("col=%d", f.Pos.Col))
			}
		} else {
			msg = clean(f.Pos.String()) + ": " + msg
		}
		props = append(props, "title="+escapeProperty("permcat compat "+f.Rule))
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(msg))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// GitHubError writes one error annotation, for problems that are not
// findings (an invalid spec). An empty file omits the location, line 0
// omits line and col.
func GitHubError(w io.Writer, file string, line, col int, title, msg string) error {
	var props []string
	if file != "" {
		props = append(props, "file="+escapeProperty(clean(file)))
	}
	if file != "" && line > 0 {
		props = append(props, fmt.Sprintf("line=%d", line), fmt.Sprintf("col=%d", col))
	}
	props = append(props, "title="+escapeProperty(clean(title)))
	_, err := fmt.Fprintf(w, "::error %s::%s\n", strings.Join(props, ","), escapeData(clean(msg)))
	return err
}

// escapeData escapes the message of a workflow command.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value of a workflow command.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
