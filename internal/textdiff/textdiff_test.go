package textdiff

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// numbered returns lines "from\n" … "to\n".
func numbered(from, to int) string {
	var sb strings.Builder
	for i := from; i <= to; i++ {
		fmt.Fprintf(&sb, "%d\n", i)
	}
	return sb.String()
}

// edit returns numbered(1, n) with the given lines replaced.
func edit(n int, repl map[int]string) string {
	var sb strings.Builder
	for i := 1; i <= n; i++ {
		if r, ok := repl[i]; ok {
			sb.WriteString(r)
		} else {
			fmt.Fprintf(&sb, "%d\n", i)
		}
	}
	return sb.String()
}

var unifiedCases = []struct {
	name     string
	old, new string
	want     string
}{
	{name: "equal", old: "a\nb\n", new: "a\nb\n", want: ""},
	{name: "both empty", old: "", new: "", want: ""},
	{name: "equal without final newline", old: "a\nb", new: "a\nb", want: ""},
	{
		name: "empty to lines", old: "", new: "a\nb\n",
		want: "--- old\n+++ new\n@@ -0,0 +1,2 @@\n+a\n+b\n",
	},
	{
		name: "lines to empty", old: "a\nb\n", new: "",
		want: "--- old\n+++ new\n@@ -1,2 +0,0 @@\n-a\n-b\n",
	},
	{
		name: "one line to empty", old: "a\n", new: "",
		want: "--- old\n+++ new\n@@ -1 +0,0 @@\n-a\n",
	},
	{
		name: "empty to one line without newline", old: "", new: "a",
		want: "--- old\n+++ new\n@@ -0,0 +1 @@\n+a\n\\ No newline at end of file\n",
	},
	{
		name: "one line changed", old: "a\n", new: "b\n",
		want: "--- old\n+++ new\n@@ -1 +1 @@\n-a\n+b\n",
	},
	{
		name: "change in middle of long file",
		old:  numbered(1, 100), new: edit(100, map[int]string{50: "fifty\n"}),
		want: "--- old\n+++ new\n@@ -47,7 +47,7 @@\n 47\n 48\n 49\n-50\n+fifty\n 51\n 52\n 53\n",
	},
	{
		name: "line deleted in middle",
		old:  numbered(1, 20), new: edit(20, map[int]string{10: ""}),
		want: "--- old\n+++ new\n@@ -7,7 +7,6 @@\n 7\n 8\n 9\n-10\n 11\n 12\n 13\n",
	},
	{
		name: "insert at start",
		old:  numbered(1, 10), new: "0\n" + numbered(1, 10),
		want: "--- old\n+++ new\n@@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n",
	},
	{
		name: "insert at end",
		old:  numbered(1, 10), new: numbered(1, 11),
		want: "--- old\n+++ new\n@@ -8,3 +8,4 @@\n 8\n 9\n 10\n+11\n",
	},
	{
		name: "insert into one line file",
		old:  "a\n", new: "a\nb\n",
		want: "--- old\n+++ new\n@@ -1 +1,2 @@\n a\n+b\n",
	},
	{
		name: "near start, short leading context",
		old:  numbered(1, 10), new: edit(10, map[int]string{2: "two\n"}),
		want: "--- old\n+++ new\n@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n",
	},
	{
		name: "old lacks final newline",
		old:  "a\nb", new: "a\nb\n",
		want: "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
	},
	{
		name: "new lacks final newline",
		old:  "a\nb\n", new: "a\nb",
		want: "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n",
	},
	{
		name: "both lack final newline, last line changed",
		old:  "a\nb", new: "a\nc",
		want: "--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n",
	},
	{
		name: "both lack final newline, context line",
		old:  "a\nb\nc", new: "x\nb\nc",
		want: "--- old\n+++ new\n@@ -1,3 +1,3 @@\n-a\n+x\n b\n c\n\\ No newline at end of file\n",
	},
	{
		name: "two changes far apart",
		old:  numbered(1, 30), new: edit(30, map[int]string{5: "five\n", 25: "twenty-five\n"}),
		want: "--- old\n+++ new\n" +
			"@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n" +
			"@@ -22,7 +22,7 @@\n 22\n 23\n 24\n-25\n+twenty-five\n 26\n 27\n 28\n",
	},
	{
		name: "two changes close",
		old:  numbered(1, 30), new: edit(30, map[int]string{10: "ten\n", 14: "fourteen\n"}),
		want: "--- old\n+++ new\n" +
			"@@ -7,11 +7,11 @@\n 7\n 8\n 9\n-10\n+ten\n 11\n 12\n 13\n-14\n+fourteen\n 15\n 16\n 17\n",
	},
	{
		// 6 = 2*context unchanged lines between changes: one hunk.
		name: "changes 6 lines apart",
		old:  numbered(1, 30), new: edit(30, map[int]string{10: "ten\n", 17: "seventeen\n"}),
		want: "--- old\n+++ new\n" +
			"@@ -7,14 +7,14 @@\n 7\n 8\n 9\n-10\n+ten\n 11\n 12\n 13\n 14\n 15\n 16\n-17\n+seventeen\n 18\n 19\n 20\n",
	},
	{
		// 7 unchanged lines between changes: two hunks.
		name: "changes 7 lines apart",
		old:  numbered(1, 30), new: edit(30, map[int]string{10: "ten\n", 18: "eighteen\n"}),
		want: "--- old\n+++ new\n" +
			"@@ -7,7 +7,7 @@\n 7\n 8\n 9\n-10\n+ten\n 11\n 12\n 13\n" +
			"@@ -15,7 +15,7 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n 21\n",
	},
	{
		name: "deletions then insertions in one change",
		old:  "a\nb\nc\nd\n", new: "a\nx\ny\nz\nd\n",
		want: "--- old\n+++ new\n@@ -1,4 +1,5 @@\n a\n-b\n-c\n+x\n+y\n+z\n d\n",
	},
	{
		name: "blank lines only",
		old:  "\n", new: "\n\n",
		want: "--- old\n+++ new\n@@ -1 +1,2 @@\n \n+\n",
	},
}

func TestUnified(t *testing.T) {
	for _, tc := range unifiedCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Unified("old", "new", []byte(tc.old), []byte(tc.new))
			if got != tc.want {
				t.Fatalf("Unified(%q, %q):\ngot:\n%s\nwant:\n%s", tc.old, tc.new, got, tc.want)
			}
			checkPatch(t, "old", "new", []byte(tc.old), []byte(tc.new), got)
		})
	}
}

// TestAgainstDiff compares Unified with GNU diff -u. Inputs whose edit
// script is unique must give byte-identical output; for the others, where
// several minimal scripts exist and the choice among them is diff's own,
// Unified must change no more lines than diff does.
func TestAgainstDiff(t *testing.T) {
	diffPath, err := exec.LookPath("diff")
	if err != nil {
		t.Skip("diff is not installed, so there is nothing to compare with:", err)
	}
	if out, err := exec.Command(diffPath, "--version").Output(); err != nil || !bytes.Contains(out, []byte("GNU diffutils")) {
		t.Skipf("%s is not GNU diff (the reference format), so there is nothing to compare with", diffPath)
	}
	dir := t.TempDir()
	gnu := func(t *testing.T, old, new string) string {
		t.Helper()
		po, pn := filepath.Join(dir, "old"), filepath.Join(dir, "new")
		if err := os.WriteFile(po, []byte(old), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(pn, []byte(new), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(diffPath, "-u", "-a", "--label", "old", "--label", "new", po, pn).Output()
		var ee *exec.ExitError
		if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
			t.Fatalf("diff: %v", err)
		}
		return string(out)
	}

	t.Run("table", func(t *testing.T) {
		for _, tc := range unifiedCases {
			if got, want := Unified("old", "new", []byte(tc.old), []byte(tc.new)), gnu(t, tc.old, tc.new); got != want {
				t.Errorf("%s: Unified:\n%s\ndiff -u:\n%s", tc.name, got, want)
			}
		}
	})

	t.Run("unique script", func(t *testing.T) {
		r := rand.New(rand.NewPCG(1, 2))
		for i := range 400 {
			old, new := uniqueScriptPair(r)
			got := Unified("old", "new", []byte(old), []byte(new))
			if want := gnu(t, old, new); got != want {
				t.Fatalf("case %d: old %q new %q\nUnified:\n%s\ndiff -u:\n%s", i, old, new, got, want)
			}
		}
	})

	t.Run("ambiguous", func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		same := 0
		const n = 400
		for i := range n {
			old, new := randomPair(r, 1+r.IntN(4), 25)
			got := Unified("old", "new", []byte(old), []byte(new))
			want := gnu(t, old, new)
			if got == want {
				same++
				continue
			}
			// diff's own output must apply too: this also checks the
			// patch applier against the reference.
			if _, err := applyPatch("old", "new", []byte(old), want); err != nil {
				t.Fatalf("case %d: diff -u output does not apply: %v\n%s", i, err, want)
			}
			if g, w := changedLines(got), changedLines(want); g > w {
				t.Fatalf("case %d: old %q new %q\nUnified changes %d lines, diff -u %d:\n%s\ndiff -u:\n%s", i, old, new, g, w, got, want)
			}
		}
		t.Logf("%d of %d ambiguous cases identical to diff -u", same, n)
	})
}

// uniqueScriptPair returns inputs with only one minimal edit script: the
// lines of each are distinct, and the shared ones keep their order, so the
// shared lines are the only longest common subsequence.
func uniqueScriptPair(r *rand.Rand) (string, string) {
	var a, b []string
	fresh := 0
	newLine := func() string { fresh++; return "new" + strconv.Itoa(fresh) }
	n := r.IntN(40)
	for i := range n {
		line := "line" + strconv.Itoa(i)
		switch r.IntN(12) {
		case 0, 1: // deleted
			a = append(a, line)
		case 2: // replaced
			a = append(a, line)
			for range 1 + r.IntN(3) {
				b = append(b, newLine())
			}
		case 3: // inserted before
			for range 1 + r.IntN(3) {
				b = append(b, newLine())
			}
			a = append(a, line)
			b = append(b, line)
		default:
			a = append(a, line)
			b = append(b, line)
		}
	}
	if r.IntN(4) == 0 {
		b = append(b, newLine())
	}
	return joinLines(a, r.IntN(5) != 0), joinLines(b, r.IntN(5) != 0)
}

// randomPair returns two random texts of up to maxLines lines drawn from an
// alphabet of k lines, so many minimal scripts tie.
func randomPair(r *rand.Rand, k, maxLines int) (string, string) {
	gen := func() string {
		lines := make([]string, r.IntN(maxLines+1))
		for i := range lines {
			lines[i] = string(rune('a' + r.IntN(k)))
		}
		return joinLines(lines, r.IntN(4) != 0)
	}
	a := gen()
	if r.IntN(3) == 0 {
		// A mutation of a, the usual case for drift.
		lines := strings.SplitAfter(a, "\n")
		for range 1 + r.IntN(3) {
			i := r.IntN(len(lines))
			switch r.IntN(3) {
			case 0:
				lines = append(lines[:i], lines[i+1:]...)
			case 1:
				lines = append(lines[:i], append([]string{"z\n"}, lines[i:]...)...)
			default:
				lines[i] = "y\n"
			}
			if len(lines) == 0 {
				break
			}
		}
		return a, strings.Join(lines, "")
	}
	return a, gen()
}

func joinLines(lines []string, finalNewline bool) string {
	s := strings.Join(lines, "\n")
	if finalNewline && len(lines) > 0 {
		s += "\n"
	}
	return s
}

// changedLines counts the - and + lines of a unified diff.
func changedLines(patch string) int {
	n := 0
	lines := strings.Split(patch, "\n")
	if len(lines) > 2 {
		lines = lines[2:] // the file headers
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "-") || strings.HasPrefix(l, "+") {
			n++
		}
	}
	return n
}

// TestProperties checks, on seeded random inputs, that the diff applies,
// is in canonical diff -u form, and is minimal.
func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 3000 {
		var old, new string
		switch i % 3 {
		case 0:
			old, new = uniqueScriptPair(r)
		case 1:
			old, new = randomPair(r, 1+r.IntN(6), 40)
		default:
			old, new = randomPair(r, 2, 120)
		}
		got := Unified("a", "b", []byte(old), []byte(new))
		checkPatch(t, "a", "b", []byte(old), []byte(new), got)
		if want := minEdits(old, new); changedLines(got) != want {
			t.Fatalf("old %q new %q: diff changes %d lines, minimum is %d:\n%s", old, new, changedLines(got), want, got)
		}
	}
}

// TestBounds checks the fallback taken when the search exceeds its bounds:
// the diff must still apply.
func TestBounds(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, lim := range []limits{{maxEdits: 0, maxWork: 0}, {maxEdits: 2, maxWork: 1 << 20}, {maxEdits: 6, maxWork: 30}, {maxEdits: 1 << 10, maxWork: 50}} {
		for range 500 {
			old, new := randomPair(r, 1+r.IntN(5), 40)
			got := unified("a", "b", []byte(old), []byte(new), lim)
			checkPatch(t, "a", "b", []byte(old), []byte(new), got)
		}
	}

	// The common prefix and suffix survive the fallback.
	old := numbered(1, 20)
	new := edit(20, map[int]string{8: "9\n", 9: "8\n", 12: "13\n", 13: "12\n"})
	want := "--- a\n+++ b\n@@ -5,12 +5,12 @@\n 5\n 6\n 7\n-8\n-9\n-10\n-11\n-12\n-13\n+9\n+8\n+10\n+11\n+13\n+12\n 14\n 15\n 16\n"
	if got := unified("a", "b", []byte(old), []byte(new), limits{maxEdits: 2, maxWork: 1 << 20}); got != want {
		t.Errorf("fallback:\ngot:\n%s\nwant:\n%s", got, want)
	}
}

// TestLarge runs inputs far beyond the bounds: completely different files
// and a reordering of the same lines. Both must finish quickly with a diff
// that applies.
func TestLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	const n = 200_000
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("line %d of the old file\n", i)
	}
	old := strings.Join(lines, "")
	r := rand.New(rand.NewPCG(9, 10))
	r.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	shuffled := strings.Join(lines, "")
	different := strings.ReplaceAll(old, "old", "new")
	for _, tc := range []struct{ name, new string }{{"different", different}, {"shuffled", shuffled}} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			got := Unified("a", "b", []byte(old), []byte(tc.new))
			t.Logf("%d lines each: %v", n, time.Since(start))
			checkPatch(t, "a", "b", []byte(old), []byte(tc.new), got)
		})
	}
}

// FuzzUnified checks that Unified never panics and that its output turns
// old into new, both with the normal bounds and with tiny ones that force
// the fallback.
func FuzzUnified(f *testing.F) {
	f.Add([]byte(""), []byte(""))
	f.Add([]byte("a\nb\nc\n"), []byte("a\nc\n"))
	f.Add([]byte("a\nb"), []byte("a\nb\n"))
	f.Add([]byte(numbered(1, 30)), []byte(edit(30, map[int]string{3: "x\n", 20: ""})))
	f.Add([]byte("x\n\n\ny\n\n"), []byte("\n\nx\n\ny"))
	f.Fuzz(func(t *testing.T, old, new []byte) {
		got := Unified("a", "b", old, new)
		checkPatch(t, "a", "b", old, new, got)
		small := unified("a", "b", old, new, limits{maxEdits: 4, maxWork: 64})
		checkPatch(t, "a", "b", old, new, small)
		if len(old)+len(new) < 1000 {
			if got, want := changedLines(got), minEdits(string(old), string(new)); got != want {
				t.Fatalf("diff changes %d lines, minimum is %d", got, want)
			}
		}
	})
}

func BenchmarkUnified(b *testing.B) {
	const n = 100_000
	// Lines shaped like generated Go, with the repetition that brings.
	lines := make([]string, n)
	for i := range lines {
		switch i % 8 {
		case 0:
			lines[i] = fmt.Sprintf("func (x *T%d) Method%d(ctx context.Context) error {\n", i/80, i)
		case 1:
			lines[i] = fmt.Sprintf("\tif err := x.check(%d); err != nil {\n", i)
		case 2:
			lines[i] = "\t\treturn err\n"
		case 3:
			lines[i] = "\t}\n"
		case 4:
			lines[i] = fmt.Sprintf("\tx.field%d = %q\n", i, fmt.Sprint("value ", i))
		case 5:
			lines[i] = "\treturn nil\n"
		case 6:
			lines[i] = "}\n"
		default:
			lines[i] = "\n"
		}
	}
	old := []byte(strings.Join(lines, ""))
	// Ten scattered changes: edits, insertions and deletions.
	for k := range 10 {
		i := k*n/10 + 4321
		switch k % 3 {
		case 0:
			lines[i] = "\t// changed\n" + lines[i][1:]
		case 1:
			lines[i] += "\tx.extra = true\n"
		default:
			lines[i] = ""
		}
	}
	new := []byte(strings.Join(lines, ""))
	b.SetBytes(int64(len(old) + len(new)))
	b.ReportAllocs()
	for b.Loop() {
		if Unified("a", "b", old, new) == "" {
			b.Fatal("no diff")
		}
	}
}

// checkPatch fails t unless patch is "" exactly when old and new are equal,
// and otherwise applies cleanly to old giving new.
func checkPatch(t testing.TB, oldName, newName string, old, new []byte, patch string) {
	t.Helper()
	if bytes.Equal(old, new) {
		if patch != "" {
			t.Fatalf("equal inputs %q gave a diff:\n%s", old, patch)
		}
		return
	}
	got, err := applyPatch(oldName, newName, old, patch)
	if err != nil {
		t.Fatalf("old %q new %q: %v\npatch:\n%s", old, new, err, patch)
	}
	if !bytes.Equal(got, new) {
		t.Fatalf("old %q: patch gives %q, want %q\npatch:\n%s", old, got, new, patch)
	}
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$`)

// applyPatch applies a unified diff to old, strictly: the headers, line
// numbers, counts and context must all be exact, and the hunks must be in
// the canonical form diff -u prints (3 lines of context, hunks merged when
// their changes are at most 6 lines apart, deletions before insertions).
func applyPatch(oldName, newName string, old []byte, patch string) ([]byte, error) {
	if patch == "" {
		return old, nil
	}
	if !strings.HasSuffix(patch, "\n") {
		return nil, errors.New("patch does not end with a newline")
	}
	pl := strings.Split(strings.TrimSuffix(patch, "\n"), "\n")
	if len(pl) < 3 || pl[0] != "--- "+oldName || pl[1] != "+++ "+newName {
		return nil, errors.New("bad file headers")
	}
	src := splitLines(string(old))
	var out []string
	pos := 0      // next line of src
	prevEnd := -1 // where the previous hunk ended in src
	const noNewline = `\ No newline at end of file`
	for i := 2; i < len(pl); {
		m := hunkHeader.FindStringSubmatch(pl[i])
		if m == nil {
			return nil, fmt.Errorf("line %d: want hunk header, got %q", i+1, pl[i])
		}
		i++
		num := func(s string) int {
			if s == "" {
				return 1
			}
			n, _ := strconv.Atoi(s)
			return n
		}
		ol, oc, nl, nc := num(m[1]), num(m[2]), num(m[3]), num(m[4])
		if canon := fmt.Sprintf("@@ -%s +%s @@", rangeString(ol, oc), rangeString(nl, nc)); canon != m[0] {
			return nil, fmt.Errorf("hunk header %q is not written as diff writes it, %q", m[0], canon)
		}
		ostart, nstart := ol-1, nl-1
		if oc == 0 {
			ostart = ol
		}
		if nc == 0 {
			nstart = nl
		}
		if ostart <= prevEnd {
			return nil, fmt.Errorf("hunk %q starts %d lines after the previous one; diff would have merged them", m[0], ostart-prevEnd)
		}
		if ostart > len(src) {
			return nil, fmt.Errorf("hunk %q starts past the end of old", m[0])
		}
		out = append(out, src[pos:ostart]...)
		pos = ostart
		if len(out) != nstart {
			return nil, fmt.Errorf("hunk %q: new start is %d, want %d", m[0], nstart+1, len(out)+1)
		}

		var body []byte // one of ' ', '-', '+' per line, for the form checks
		for seenOld, seenNew := 0, 0; seenOld < oc || seenNew < nc; i++ {
			if i >= len(pl) || pl[i] == "" {
				return nil, fmt.Errorf("hunk %q is short", m[0])
			}
			kind, line := pl[i][0], pl[i][1:]+"\n"
			if i+1 < len(pl) && pl[i+1] == noNewline {
				line = line[:len(line)-1]
				i++
			}
			switch kind {
			case ' ', '-':
				if pos >= len(src) || src[pos] != line {
					return nil, fmt.Errorf("hunk %q: line %q does not match old", m[0], pl[i])
				}
				pos++
				seenOld++
				if kind == ' ' {
					out = append(out, line)
					seenNew++
				}
			case '+':
				out = append(out, line)
				seenNew++
			default:
				return nil, fmt.Errorf("hunk %q: bad line %q", m[0], pl[i])
			}
			if seenOld > oc || seenNew > nc {
				return nil, fmt.Errorf("hunk %q: longer than its header says", m[0])
			}
			body = append(body, kind)
		}
		prevEnd = pos
		if err := checkHunkForm(string(body), ostart == 0, pos == len(src)); err != nil {
			return nil, fmt.Errorf("hunk %q: %v", m[0], err)
		}
	}
	out = append(out, src[pos:]...)
	return []byte(strings.Join(out, "")), nil
}

// checkHunkForm checks a hunk's line kinds against diff -u's layout.
func checkHunkForm(body string, atStart, atEnd bool) error {
	lead := len(body) - len(strings.TrimLeft(body, " "))
	trail := len(body) - len(strings.TrimRight(body, " "))
	switch {
	case lead == len(body):
		return errors.New("no changes")
	case lead > context || (lead < context && !atStart):
		return fmt.Errorf("%d leading context lines", lead)
	case trail > context || (trail < context && !atEnd):
		return fmt.Errorf("%d trailing context lines", trail)
	case strings.Contains(body, "+-"):
		return errors.New("an insertion directly followed by a deletion")
	}
	for _, run := range strings.FieldsFunc(body[lead:len(body)-trail], func(r rune) bool { return r != ' ' }) {
		if len(run) > 2*context {
			return fmt.Errorf("%d context lines inside: should be two hunks", len(run))
		}
	}
	return nil
}

func rangeString(l, c int) string {
	switch c {
	case 0:
		return strconv.Itoa(l) + ",0"
	case 1:
		return strconv.Itoa(l)
	}
	return strconv.Itoa(l) + "," + strconv.Itoa(c)
}

// minEdits is the least number of lines to delete and insert to turn old
// into new, by the textbook quadratic LCS table: a reference for small
// inputs only.
func minEdits(old, new string) int {
	a, b := splitLines(old), splitLines(new)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return len(a) + len(b) - 2*prev[len(b)]
}
