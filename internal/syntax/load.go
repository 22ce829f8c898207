package syntax

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/permcat/permcat/internal/diag"
	"github.com/permcat/permcat/internal/naming"
)

// Limits that keep a hostile or broken spec from exhausting the machine.
const (
	// MaxFileSize bounds the spec file. The largest realistic catalogs
	// (public cloud catalogs with 20,000 actions) take a few megabytes.
	MaxFileSize = 32 << 20

	// MaxNodes bounds how many YAML nodes the loader visits, counting every
	// expansion of an alias. A "billion laughs" document, whose aliases
	// expand exponentially, stops here after a few milliseconds.
	MaxNodes = 4_000_000

	// MaxText bounds the text of a spec once its aliases are expanded: the
	// bytes of every scalar the loader reads, counted at each use. An
	// alias repeats its anchor's text in every generated file, so without
	// this bound a 1 MB description aliased 200 times costs 30 seconds,
	// gigabytes of memory and 600 MB of output, within the node budget.
	// Aliases of long lists of keys, the use they have, cost a few bytes
	// per key. It equals MaxFileSize, so that a spec without aliases never
	// reaches it (its text is at most its size): a catalog of 65,535
	// permissions with one-line descriptions holds about 17 MiB of text.
	MaxText = MaxFileSize

	// Nesting depth needs no limit of ours: yaml.v3 stops at 10,000 levels
	// ("exceeded max depth"), which the syntax error below reports with its
	// line, and the loader itself never descends further than the format's
	// five levels.
)

// Load parses a spec. path is used only in positions. The returned error, if
// any, is a diag.Errors listing every problem found, sorted by position.
//
// When the spec is YAML of sane size but has errors of shape (an unknown
// field, a value of the wrong kind), Load returns the error together with
// the File it could read: every value that was read, each entry marked
// Incomplete when some of its own fields were not, and File.Unread naming
// the lists whose keys were not all read. Package model checks that File
// too, so that one run reports every mistake; nothing else may use a File
// that came with an error. The File is nil when the YAML does not parse or
// a budget (MaxFileSize, MaxNodes, MaxText) is exceeded.
func Load(path string, data []byte) (*File, error) {
	if len(data) > MaxFileSize {
		return nil, errorAt(diag.Pos{File: path}, "spec is %d bytes, more than the limit of %d; split the catalog or remove what does not belong in it", len(data), MaxFileSize)
	}
	if !utf8.Valid(data) {
		return nil, errorAt(invalidUTF8Pos(path, data), "spec is not valid UTF-8; save the file as UTF-8")
	}
	root, err := parse(path, data)
	if err != nil {
		return nil, err
	}
	d := &decoder{path: path, nodes: MaxNodes, text: MaxText}
	f := d.file(root)
	if d.over {
		return nil, d.errs.Err()
	}
	return f, d.errs.Err()
}

func errorAt(pos diag.Pos, format string, args ...any) error {
	var l diag.List
	l.Addf(pos, format, args...)
	return l.Err()
}

// parse reads exactly one YAML document.
func parse(path string, data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errorAt(diag.Pos{File: path, Line: 1, Col: 1}, "spec is empty; start it with \"permcat: %d\" and a catalog", Version)
		}
		return nil, syntaxError(path, err)
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, syntaxError(path, err)
	default:
		return nil, errorAt(pos(path, &extra), "a second YAML document starts here; a spec is one document, so remove the \"---\" separator and what follows or move it to its own file")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, errorAt(diag.Pos{File: path, Line: 1, Col: 1}, "spec is empty; start it with \"permcat: %d\" and a catalog", Version)
	}
	return doc.Content[0], nil
}

// syntaxError turns a yaml.v3 error ("yaml: line 3: mapping values are not
// allowed in this context") into a positioned one.
func syntaxError(path string, err error) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ":"); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line = n
				msg = strings.TrimSpace(rest[i+1:])
			}
		}
	}
	hint := "fix the YAML syntax"
	if strings.Contains(msg, "found character that cannot start any token") {
		hint = "indent with spaces, not tabs, and quote values that start with special characters"
	}
	p := diag.Pos{File: path, Line: line}
	if line > 0 {
		p.Col = 1
	}
	return errorAt(p, "invalid YAML: %s; %s", msg, hint)
}

func invalidUTF8Pos(path string, data []byte) diag.Pos {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return diag.Pos{File: path, Line: line, Col: col}
}

func pos(path string, n *yaml.Node) diag.Pos {
	return diag.Pos{File: path, Line: n.Line, Col: n.Column}
}

// decoder walks the node tree of one spec, collecting errors as it goes so
// that one run reports every independent problem.
type decoder struct {
	path  string
	errs  diag.List
	nodes int // MaxNodes, less the nodes visited
	text  int // MaxText, less the scalar bytes read
	over  bool
}

func (d *decoder) pos(n *yaml.Node) diag.Pos { return pos(d.path, n) }

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs.Addf(d.pos(n), format, args...)
}

// node resolves aliases, charges the budgets and refuses explicit tags. It
// returns nil, having recorded why, when a budget is spent (the first such
// call records the error) or n carries a tag.
func (d *decoder) node(n *yaml.Node) *yaml.Node {
	use := n
	for n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return nil
		}
		n = n.Alias
	}
	if d.over {
		return nil
	}
	d.nodes -= 1 + len(n.Content)
	if n.Kind == yaml.ScalarNode {
		d.text -= len(n.Value)
	}
	switch {
	case d.nodes < 0:
		d.over = true
		d.errorf(use, "spec expands to more than %d YAML nodes (aliases included); remove the aliases that multiply its size", MaxNodes)
		return nil
	case d.text < 0:
		d.over = true
		d.errorf(use, "spec holds more than %d MiB of text once its aliases are expanded (every use of an alias counts its anchor's text again); this is a fixed limit, so write long text once instead of aliasing it, or split the catalog", MaxText>>20)
		return nil
	}
	if !d.untagged(n) {
		return nil
	}
	return n
}

// untagged records an error and returns false when n carries an explicit
// tag (!!str, !!binary, !custom). The loader reads values by their plain
// form and kind alone; a tag would change that meaning for some readers and
// not for others, and yaml.v3 itself ignores most of them.
func (d *decoder) untagged(n *yaml.Node) bool {
	if n.Style&yaml.TaggedStyle == 0 {
		return true
	}
	hint := "remove the tag"
	switch n.Tag {
	case "!!str":
		hint = "remove the tag, and quote the value if it should read as text (\"5\")"
	case "!!binary":
		hint = "remove the tag and write the text itself"
	}
	d.errorf(n, "explicit YAML tag %s is not allowed: permcat reads every value by its plain form; %s", n.Tag, hint)
	return false
}

// field is one known key of a mapping.
type field struct {
	name     string
	required bool
}

// smallMapping is the size up to which mapping finds duplicate keys by
// comparing each key with those before it; larger mappings use a map, so
// that a hostile mapping of a million keys stays linear.
const smallMapping = 16

// mapping decodes a mapping node against its known fields, calling decode
// with the index in fields of each field present. what names the mapping
// in errors ("permission CommlogEdit", "catalog").
func (d *decoder) mapping(n *yaml.Node, what string, fields []field, decode func(i int, v *yaml.Node)) {
	if n = d.node(n); n == nil {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping of fields, not %s; write it as \"key: value\" lines", what, describe(n))
		return
	}
	var seenField [32]bool // by index in fields
	var seen map[string]*yaml.Node
	if len(n.Content) > 2*smallMapping {
		seen = make(map[string]*yaml.Node, len(n.Content)/2)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "%s has a field name that is not a plain string; field names are words such as %q", what, fields[0].name)
			continue
		}
		if first := firstKey(n.Content[:i], k.Value, seen); first != nil {
			d.errorf(k, "%s has field %q twice (first at line %d); remove one of them", what, k.Value, first.Line)
			continue
		}
		if seen != nil {
			seen[k.Value] = k
		}
		f := findField(fields, k.Value)
		if f >= 0 {
			seenField[f] = true
		}
		if !d.untagged(k) {
			continue // present, so not reported missing
		}
		if f < 0 {
			d.errorf(k, "%s has unknown field %q%s", what, k.Value, orKnown(k.Value, fields))
			continue
		}
		decode(f, v)
	}
	for i, f := range fields {
		if f.required && !seenField[i] {
			d.errorf(n, "%s is missing required field %q; add it", what, f.name)
		}
	}
}

// firstKey returns the scalar key of the pairs before (keys and values
// alternating) equal to name, or nil. seen, when not nil, maps the keys
// recorded so far; otherwise the pairs are searched.
func firstKey(before []*yaml.Node, name string, seen map[string]*yaml.Node) *yaml.Node {
	if seen != nil {
		return seen[name]
	}
	for j := 0; j < len(before); j += 2 {
		if k := before[j]; k.Kind == yaml.ScalarNode && k.Value == name {
			return k
		}
	}
	return nil
}

func findField(fields []field, name string) int {
	for i := range fields {
		if fields[i].name == name {
			return i
		}
	}
	return -1
}

func orKnown(name string, fields []field) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	if s := naming.DidYouMean(name, names); s != "" {
		return s
	}
	return "; known fields are " + strings.Join(names, ", ")
}

// describe names a node's kind for "must be X, not Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "empty"
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return "the boolean " + n.Value
		}
		return strconv.Quote(n.Value)
	}
	return "an alias"
}

// subject names a value in errors: the entry it belongs to and the field,
// "permission CommlogEdit" and " id". The two are joined only when an
// error is reported, so that reading a valid spec builds no names.
type subject struct {
	what, field string
}

func (s subject) String() string { return s.what + s.field }

// str decodes a string scalar. Numbers and booleans are accepted as their
// text (a title may well be "2024"); lists, mappings and null are errors.
func (d *decoder) str(n *yaml.Node, s subject) String {
	if n = d.node(n); n == nil {
		return String{}
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, "%s must be a string, not %s", s, describe(n))
		return String{}
	}
	return String{Value: n.Value, Pos: d.pos(n)}
}

// nonEmpty decodes a string that must not be blank. A blank one is an
// error and is returned unset.
func (d *decoder) nonEmpty(n *yaml.Node, s subject) String {
	v := d.str(n, s)
	if v.Set() && isBlank(v.Value) {
		d.errs.Addf(v.Pos, "%s is empty; give it a value or remove the field", s)
		return String{}
	}
	return v
}

// isBlank reports whether strings.TrimSpace(s) is empty, without looking
// past the first character of ordinary text.
func isBlank(s string) bool {
	if s != "" && s[0] > ' ' && s[0] < utf8.RuneSelf {
		return false
	}
	return strings.TrimSpace(s) == ""
}

// int decodes an integer written in plain decimal (see notPlainDecimal).
func (d *decoder) int(n *yaml.Node, s subject) Int {
	if n = d.node(n); n == nil {
		return Int{}
	}
	plain := n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0
	if !plain || n.Tag == "!!null" || n.Tag == "!!bool" {
		d.errorf(n, "%s must be a whole number, not %s", s, describe(n))
		return Int{}
	}
	if !isPlainDecimal(n.Value) {
		if why := notPlainDecimal(n.Value); why != "" {
			d.errorf(n, "%s %s is not a plain decimal number: %s", s, n.Value, why)
		} else {
			d.errorf(n, "%s must be a whole number, not %s", s, describe(n))
		}
		return Int{}
	}
	v, err := strconv.ParseInt(n.Value, 10, 64)
	if err != nil {
		d.errorf(n, "%s %s is too large; ids are small whole numbers", s, n.Value)
		return Int{}
	}
	return Int{Value: v, Pos: d.pos(n)}
}

// list decodes a sequence, calling item for each element. A missing list is
// fine; a scalar or mapping where a list belongs is an error. ok is false
// when the list could not be read.
func (d *decoder) list(n *yaml.Node, s subject, item func(*yaml.Node)) (ok bool) {
	if n = d.node(n); n == nil {
		return false
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return true
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s must be a list, not %s; write each entry on a line starting with \"- \" or as [a, b]", s, describe(n))
		return false
	}
	for _, e := range n.Content {
		item(e)
	}
	return true
}

// presized returns a slice with room for the entries of n, if it is a
// list, so that decoding 65,535 permissions does not copy them as the
// slice grows; nil otherwise. It charges no budget (list does), and sizes
// for at most maxPresized entries, so that a hostile list of millions of
// aliases costs memory only as its entries are decoded, within the node
// budget.
func presized[T any](n *yaml.Node) []T {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return nil
	}
	return make([]T, 0, min(len(n.Content), maxPresized))
}

// maxPresized is the most entries presized allocates for: one more than
// the largest permission ID.
const maxPresized = 1 << 16

func (d *decoder) strList(n *yaml.Node, s subject) []String {
	var out []String
	entry := subject{s.what, s.field + " entry"}
	d.list(n, s, func(e *yaml.Node) {
		if v := d.nonEmpty(e, entry); v.Set() {
			if out == nil {
				out = presized[String](n)
			}
			out = append(out, v)
		}
	})
	return out
}

func (d *decoder) intList(n *yaml.Node, s subject) []Int {
	var out []Int
	entry := subject{s.what, s.field + " entry"}
	d.list(n, s, func(e *yaml.Node) {
		if i := d.int(e, entry); i.Set() {
			out = append(out, i)
		}
	})
	return out
}

// label names an entry in errors by its key when it has one.
func label(kind string, key String) string {
	if key.Value == "" {
		return kind
	}
	return kind + " " + key.Value
}

// keyOf peeks at the "key" field of a mapping so that errors about the other
// fields of the entry can name it.
func keyOf(n *yaml.Node) String {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode {
		return String{}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "key" && n.Content[i+1].Kind == yaml.ScalarNode {
			return String{Value: n.Content[i+1].Value}
		}
	}
	return String{}
}
