package model

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/permcat/permcat/internal/lookalike"
)

// TestHonestUnicodeLoads: display names and descriptions in any script,
// with accents, combining marks, right-to-left text and emoji, load and
// keep their text exactly.
func TestHonestUnicodeLoads(t *testing.T) {
	src := `permcat: 1
catalog:
  name: intl
  title: "Zahnarztpraxis – Berechtigungen"
groups:
  - {key: billing, title: "Abrechnung & Überweisungen"}
  - {key: jp, title: 予約}
permissions:
  - {key: a, id: 1, group: billing, name: "Überweisung prüfen", description: "Prüft die Überweisung – café, naïve, São Paulo."}
  - {key: b, id: 2, group: billing, name: "Cafe\u0301 öffnen"}
  - {key: c, id: 3, group: jp, name: 予約を編集する}
  - {key: d, id: 4, group: jp, name: "עריכת תורים", description: "טקסט מימין לשמאל"}
  - {key: e, id: 5, group: jp, name: "Herz ❤️ setzen"}
  - {key: f, id: 6, group: jp, name: "Ελληνικά"}
roles:
  - {key: r, title: "Réception", permissions: [a]}
`
	c, err := Load("intl.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Permission("e").Name; got != "Herz ❤️ setzen" {
		t.Errorf("emoji name = %q", got)
	}
	if got := c.Permission("b").Name; got != "Cafe\u0301 öffnen" {
		t.Errorf("combining mark name = %q", got)
	}
}

// TestShippedSpecsLoad: the stricter rules keep both shipped catalogs valid.
func TestShippedSpecsLoad(t *testing.T) {
	for _, name := range []string{"../../spec/pbn.yaml", "../../spec/opendental.yaml", "../../examples/downstream/perms/perms.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Load(name, data); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestRoleIncludesAreLinear: roles that each include the two before them
// have exponentially many include paths; each role is resolved once.
func TestRoleIncludesAreLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString("permcat: 1\ncatalog: {name: c}\npermissions:\n  - {key: a, id: 1}\nroles:\n  - {key: r0, permissions: [a]}\n  - {key: r1, includes: [r0]}\n")
	const n = 200
	for i := 2; i < n; i++ {
		fmt.Fprintf(&b, "  - {key: r%d, includes: [r%d, r%d]}\n", i, i-1, i-2)
	}
	c, err := Load("roles.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if last := c.Roles[n-1]; last.Len() != 1 || last.All()[0].Key != "a" {
		t.Errorf("role %s holds %v", last.Key, last.All())
	}
}

// TestLoadSyntaxKeepsTheTree: LoadSyntax gives the syntax tree of a valid
// spec, and nothing of an invalid one.
func TestLoadSyntaxKeepsTheTree(t *testing.T) {
	c, f, err := LoadSyntax("s.yaml", []byte("permcat: 1\ncatalog: {name: c}\npermissions:\n  - {key: a, id: 7}\n"))
	if err != nil || c == nil || f == nil || f.Permissions[0].ID.Pos.Line != 4 {
		t.Fatalf("valid spec: %v, %v, %v", c, f, err)
	}
	c, f, err = LoadSyntax("s.yaml", []byte("permcat: 1\ncatalog: {name: c}\npermissions:\n  - {key: a, id: 7, extra: 1}\n"))
	if err == nil || c != nil || f != nil {
		t.Fatalf("invalid spec: %v, %v, %v", c, f, err)
	}
}

// FuzzLoad feeds arbitrary bytes through both stages, the way every
// command reads a spec. Whatever the input, Load returns a catalog or an
// error and never panics; every error line carries the file name and no
// raw control or format character; and a catalog it accepts keeps the
// promises of the format: keys in the key grammar, ASCII Go names, display
// names free of hidden characters and pairwise unlike.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"../../spec/pbn.yaml", "../../spec/opendental.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, seed := range fuzzSeeds {
		f.Add([]byte(seed))
	}
	unsafe := regexp.MustCompile(`[\x00-\x1f\x7f\x{80}-\x{9f}\p{Cf}\x{2028}\x{2029}]`)
	goName := regexp.MustCompile(`^[A-Z][A-Za-z0-9_]*$`)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Load("fuzz.yaml", data)
		if err != nil {
			if c != nil {
				t.Fatal("a catalog with an error")
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "fuzz.yaml") && !strings.HasPrefix(line, "(") {
					t.Fatalf("error line without position: %q", line)
				}
				if unsafe.MatchString(line) {
					t.Fatalf("error line with a raw control or format character: %q", line)
				}
			}
			return
		}
		if c == nil {
			t.Fatal("nil catalog without an error")
		}
		checkCatalog(t, c, goName)
	})
}

// checkCatalog asserts the character rules on an accepted catalog.
func checkCatalog(t *testing.T, c *Catalog, goName *regexp.Regexp) {
	t.Helper()
	var keys []string
	for _, p := range c.Permissions {
		keys = append(keys, p.Key)
	}
	for _, g := range c.Groups {
		keys = append(keys, g.Key)
	}
	for _, ro := range c.Roles {
		keys = append(keys, ro.Key)
	}
	for _, fl := range c.Flags {
		keys = append(keys, fl.Key)
	}
	for _, a := range c.Attributes {
		keys = append(keys, a.Key)
	}
	for _, ft := range c.Features {
		keys = append(keys, ft.Key)
	}
	keys = append(keys, c.ReservedKeys...)
	for _, k := range keys {
		if !keyPattern.MatchString(k) {
			t.Fatalf("accepted key %q", k)
		}
	}
	if !goName.MatchString(c.Type) {
		t.Fatalf("accepted type %q", c.Type)
	}
	// owners maps the skeleton of every key and display name to the
	// permissions that have it.
	owners := map[string]map[string]bool{}
	note := func(s, key string) {
		sk := lookalike.Skeleton(s)
		if owners[sk] == nil {
			owners[sk] = map[string]bool{}
		}
		owners[sk][key] = true
	}
	for _, p := range c.Permissions {
		if !goName.MatchString(p.GoName) {
			t.Fatalf("accepted Go name %q", p.GoName)
		}
		note(p.Key, p.Key)
		note(p.Name, p.Key)
	}
	for _, p := range c.Permissions {
		if p.Name == p.Key {
			continue
		}
		if r, _, hidden := lookalike.FirstHidden(p.Name); hidden {
			t.Fatalf("accepted display name %q with %U", p.Name, r)
		}
		if n := len(owners[lookalike.Skeleton(p.Name)]); n > 1 {
			t.Fatalf("accepted display name %q of %s, which looks like a key or name of another permission", p.Name, p.Key)
		}
	}
}

// fuzzSeeds hold one spec for each class of hostile input the loader
// refuses, so that the fuzzer starts next to every check.
var fuzzSeeds = []string{
	"permcat: 1\ncatalog: {name: x}\npermissions: [{key: a, id: 1, requires: [{key: b, reason: r}]}]\n",
	"permcat: 01\ncatalog: {name: x}\npermissions: [{key: a, id: 010}, {key: b, id: 0x1F}, {key: c, id: 1_0}]\nreserved: {ids: [0o7, +3, 0b1]}\n",
	"permcat: 1\ncatalog: {name: x, title: !!binary eA==}\npermissions: [{key: a, id: !!str 1, name: !t n}]\n",
	"permcat: 1\ncatalog: {name: x}\ngroups: [{key: admin}, {key: \"\u0430dmin\"}]\nroles: [{key: \"r\u200b\"}]\nflags: [{key: \"f\u0430\"}]\nfeatures: [{key: \"0x40\"}, {key: \"a|b\"}, {key: \"c,d\"}]\npermissions: [{key: a, id: 1, group: admin}]\n",
	"permcat: 1\ncatalog: {name: x, package: \"\u043f\", type: \"\u0420\"}\npermissions: [{key: a, id: 1, go_name: \"\u0410\"}]\n",
	"permcat: 1\ncatalog: {name: x}\ngroups: [{key: g, title: Main}, {key: h, title: \"M\u0430in\"}]\npermissions: [{key: a, id: 1, group: g, name: Read all}, {key: b, id: 2, group: g, name: \"Read\u200b all\"}, {key: c, id: 3, group: g, name: \"Read\u00a0all\"}, {key: d, id: 4, group: g, name: \"R\u0435ad all\"}]\n",
	"permcat: 1\ncatalog: {name: x}\ngroups: [{key: general}]\npermissions: [{key: a, id: 1, group: genral, descripton: x, requires: [b]}, {key: b, id: 2, group: general, requires: [a]}]\nroles: [{key: r, permissions: [b, zz]}]\n",
	"permcat: 1\ncatalog: {name: x}\npermissions:\n  - {key: \"a\\e]0;t\\a\", id: 1, name: \"n\\u202e\", description: \"\\e[2J\"}\n",
	"permcat: 1\ncatalog: {name: x}\npermissions:\n  - {key: a, id: 1, description: &t \"xxxxxxxxxxxxxxxx\"}\n  - {key: b, id: 2, description: *t}\n  - {key: c, id: 3, description: *t}\n",
}

// The patterns the hand-written checks of text.go stand for.
var (
	keyPattern            = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.:/-]*$`)
	catalogPattern        = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	unknownFeaturePattern = regexp.MustCompile(`^0[xX][0-9a-fA-F]*$`)
)

// TestHandWrittenPatterns checks isKey, isCatalogName and
// isUnknownFeatureBits against the patterns they stand for, on every
// string of up to three characters from an alphabet that holds each
// class the patterns tell apart, and on longer ones.
func TestHandWrittenPatterns(t *testing.T) {
	alphabet := []string{"", "a", "z", "A", "Z", "f", "F", "g", "x", "X", "0", "9", "_", ".", ":", "/", "-", " ", ",", "|", "é", "\x00", "\x7f", "`", "@", "[", "{"}
	check := func(s string) {
		t.Helper()
		if got, want := isKey(s), keyPattern.MatchString(s); got != want {
			t.Errorf("isKey(%q) = %v, want %v", s, got, want)
		}
		if got, want := isCatalogName(s), catalogPattern.MatchString(s); got != want {
			t.Errorf("isCatalogName(%q) = %v, want %v", s, got, want)
		}
		if got, want := isUnknownFeatureBits(s), unknownFeaturePattern.MatchString(s); got != want {
			t.Errorf("isUnknownFeatureBits(%q) = %v, want %v", s, got, want)
		}
	}
	for _, a := range alphabet {
		for _, b := range alphabet {
			for _, c := range alphabet {
				check(a + b + c)
			}
		}
	}
	for _, s := range []string{"0x1F", "0XdeadBEEF", "0x", "0x1g", "svc:ReadThing/v2.x-y_z", "catalog_2", "Catalog", "a b"} {
		check(s)
	}
}

// TestSkeletonFastPath checks skeleton against lookalike.Skeleton on every
// ASCII string of up to two characters and on names of other scripts.
func TestSkeletonFastPath(t *testing.T) {
	var texts []string
	for a := range 128 {
		texts = append(texts, string(rune(a)))
		for b := range 128 {
			texts = append(texts, string(rune(a))+string(rune(b)))
		}
	}
	texts = append(texts, "", "Carrier Edit", "rn m", "I1l|", "O0", "аdmin", "ﬁle", "Ｆull", "Cafe\u0301", "a\u200bb", "予約を編集する")
	for _, s := range texts {
		if got, want := skeleton(s), lookalike.Skeleton(s); got != want {
			t.Errorf("skeleton(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestPrintableASCIINeverHidden: firstHidden skips lookalike.FirstHidden
// for printable ASCII, which holds no hidden character.
func TestPrintableASCIINeverHidden(t *testing.T) {
	for r := rune(' '); r <= '~'; r++ {
		if what, hidden := lookalike.Hidden(r); hidden {
			t.Errorf("%q is %s", r, what)
		}
	}
	for _, s := range []string{"plain", "tab\there", "nbsp\u00a0x", "zw\u200bx", "del\x7f"} {
		gc, gw, gok := firstHidden(s)
		wc, ww, wok := lookalike.FirstHidden(s)
		if gc != wc || gw != ww || gok != wok {
			t.Errorf("firstHidden(%q) = %q %q %v, want %q %q %v", s, gc, gw, gok, wc, ww, wok)
		}
	}
}
