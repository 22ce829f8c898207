// Package textdiff prints line-based unified diffs, in the format of
// `diff -u`.
//
// It exists so that `permcat check` can show why a committed generated file
// is stale, and the drift tests can show the same diff, without running an
// external diff program (which may be missing, e.g. on Windows or in minimal
// CI images) and without adding a dependency. Generated files can be large
// (~15 MB, ~400k lines) while real changes are usually small, so the edit
// script is found with Myers' O(ND) algorithm in its linear-space
// (divide-and-conquer, "middle snake") form, never with an O(N·M) table.
//
// Before the search, the common prefix and suffix are trimmed, and lines that
// occur in only one of the two inputs are set aside: such a line can never be
// matched, so it is a deletion or an insertion whatever the rest of the script
// is, and leaving it out keeps the result minimal while making inputs that
// differ almost everywhere cheap to compare.
//
// Bound: the search looks for scripts of at most maxEdits (16384) inserted
// plus deleted lines among the remaining lines, and stops after maxWork
// (2^27, about 134 million) steps, where a step is one diagonal visited or
// one pair of lines compared. Time is therefore O(N+M) plus at most that many
// steps (well under a second), and memory is O(N+M) plus O(maxEdits). When a
// bound is hit (inputs whose shared lines are heavily reordered, for
// example), the region still being compared is reported as one replaced
// block, after trimming its own common prefix and suffix: the diff is then
// still correct, only not minimal.
package textdiff

import (
	"bytes"
	"strconv"
	"strings"
)

// context is the number of unchanged lines shown around each change, as
// with diff -u.
const context = 3

// limits bounds the Myers search; see the package documentation.
type limits struct {
	maxEdits int // largest edit distance searched for
	maxWork  int // steps (diagonals visited + lines compared) before giving up
}

var defaultLimits = limits{maxEdits: 1 << 14, maxWork: 1 << 27}

// Unified returns a unified diff (as `diff -u` prints it) turning old into new,
// with 3 lines of context, headed "--- oldName" and "+++ newName", or "" when
// old and new are equal. Lines are split on "\n"; a final line without a
// newline is marked with "\ No newline at end of file" as diff does.
func Unified(oldName, newName string, old, new []byte) string {
	return unified(oldName, newName, old, new, defaultLimits)
}

func unified(oldName, newName string, old, new []byte, lim limits) string {
	if bytes.Equal(old, new) {
		return ""
	}
	a := splitLines(string(old))
	b := splitLines(string(new))
	delA, insB := diffLines(a, b, lim)
	return format(oldName, newName, a, b, delA, insB)
}

// splitLines splits s after each "\n". Every line keeps its newline except
// possibly the last, so a final line with and without a newline differ, as
// they do for diff. An empty s has no lines.
func splitLines(s string) []string {
	lines := make([]string, 0, strings.Count(s, "\n")+1)
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// diffLines reports which lines of a are deleted and which lines of b are
// inserted. The lines left unmarked are equal in order: the k-th unmarked
// line of a equals the k-th unmarked line of b.
func diffLines(a, b []string, lim limits) (delA, insB []bool) {
	delA = make([]bool, len(a))
	insB = make([]bool, len(b))

	// Common prefix and suffix.
	lo := 0
	for lo < len(a) && lo < len(b) && a[lo] == b[lo] {
		lo++
	}
	ea, eb := len(a), len(b)
	for ea > lo && eb > lo && a[ea-1] == b[eb-1] {
		ea--
		eb--
	}
	am, bm := a[lo:ea], b[lo:eb]
	if len(am) == 0 || len(bm) == 0 {
		mark(delA[lo:ea])
		mark(insB[lo:eb])
		return delA, insB
	}

	// Number the distinct lines, and note which input each occurs in.
	ids := make(map[string]int, len(am))
	var where []uint8 // per id: 1 = in am, 2 = in bm
	number := func(lines []string, bit uint8) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(where)
				ids[l] = id
				where = append(where, 0)
			}
			where[id] |= bit
			out[i] = id
		}
		return out
	}
	na := number(am, 1)
	nb := number(bm, 2)

	// Set aside the lines that occur in one input only.
	reduce := func(nums []int, changed []bool) (kept []int, pos []int) {
		kept, pos = make([]int, 0, len(nums)), make([]int, 0, len(nums))
		for i, id := range nums {
			if where[id] == 3 {
				kept = append(kept, id)
				pos = append(pos, i)
			} else {
				changed[i] = true
			}
		}
		return kept, pos
	}
	ra, pa := reduce(na, delA[lo:ea])
	rb, pb := reduce(nb, insB[lo:eb])

	d := newDiffer(ra, rb, lim)
	d.compare(0, len(ra), 0, len(rb))
	for i, c := range d.delA {
		if c {
			delA[lo+pa[i]] = true
		}
	}
	for i, c := range d.insB {
		if c {
			insB[lo+pb[i]] = true
		}
	}
	return delA, insB
}

func mark(s []bool) {
	for i := range s {
		s[i] = true
	}
}

// A differ runs the linear-space Myers search on two sequences of line
// numbers, marking deleted and inserted elements.
type differ struct {
	a, b       []int
	delA, insB []bool
	// vf[off+k] and vb[off+k] hold the furthest x reached on diagonal k by
	// the forward and backward searches, or -1 if the diagonal is out of
	// reach.
	vf, vb  []int
	off     int
	halfCap int // largest search depth d, so the edit distance is at most 2*halfCap
	work    int // steps left
}

func newDiffer(a, b []int, lim limits) *differ {
	half := max(min((lim.maxEdits+1)/2, (len(a)+len(b)+1)/2), 0)
	return &differ{
		a: a, b: b,
		delA:    make([]bool, len(a)),
		insB:    make([]bool, len(b)),
		vf:      make([]int, 2*half+1),
		vb:      make([]int, 2*half+1),
		off:     half,
		halfCap: half,
		work:    lim.maxWork,
	}
}

// compare marks a minimal edit script turning a[alo:ahi] into b[blo:bhi], or
// all of that region (less its common prefix and suffix) if the search
// exceeds its bounds.
func (d *differ) compare(alo, ahi, blo, bhi int) {
	for alo < ahi && blo < bhi && d.a[alo] == d.b[blo] {
		alo++
		blo++
	}
	for alo < ahi && blo < bhi && d.a[ahi-1] == d.b[bhi-1] {
		ahi--
		bhi--
	}
	if alo == ahi || blo == bhi {
		mark(d.delA[alo:ahi])
		mark(d.insB[blo:bhi])
		return
	}
	x, y, u, v, ok := d.middleSnake(alo, ahi, blo, bhi)
	// The snake runs from (x, y) to (u, v); both halves around it must be
	// smaller than the whole, or the recursion would not end. That always
	// holds when the search succeeds; the check only guards against a bug
	// turning into unbounded recursion.
	if !ok || x < alo || y < blo || u > ahi || v > bhi || x > u || u-x != v-y ||
		(x == ahi && y == bhi) || (u == alo && v == blo) {
		mark(d.delA[alo:ahi])
		mark(d.insB[blo:bhi])
		return
	}
	d.compare(alo, x, blo, y)
	d.compare(u, ahi, v, bhi)
}

// middleSnake finds the middle snake of an optimal path from (alo, blo) to
// (ahi, bhi) by running Myers' search from both corners until the two
// furthest-reaching paths overlap. It returns the snake's end points in
// absolute coordinates, and ok false if the bounds were exceeded first.
//
// Coordinates inside are relative: x indexes a[alo:ahi] (a step in x deletes a
// line) and y indexes b[blo:bhi] (a step in y inserts one); diagonal k holds
// the points with x-y = k. The backward search works the same way on the
// reversed sequences, where x' = n-x and y' = m-y, so its diagonal k' is the
// forward diagonal delta-k'.
func (d *differ) middleSnake(alo, ahi, blo, bhi int) (x0, y0, x1, y1 int, ok bool) {
	a, b := d.a, d.b
	n, m := ahi-alo, bhi-blo
	delta := n - m
	odd := delta&1 != 0
	limit := min((n+m+1)/2, d.halfCap)
	vf, vb, off := d.vf, d.vb, d.off

	for D := 0; D <= limit; D++ {
		if d.work < 0 {
			return 0, 0, 0, 0, false
		}
		d.work -= 2 * (D + 1)

		// Forward step.
		for k := -D; k <= D; k += 2 {
			x := step(vf, off, k, D, n, m)
			if x < 0 {
				vf[off+k] = -1
				continue
			}
			y := x - k
			xs, ys := x, y
			for x < n && y < m && a[alo+x] == b[blo+y] {
				x++
				y++
			}
			d.work -= x - xs
			vf[off+k] = x
			if odd {
				kr := delta - k
				if kr >= -(D-1) && kr <= D-1 {
					if xr := vb[off+kr]; xr >= 0 && x+xr >= n {
						return alo + xs, blo + ys, alo + x, blo + y, true
					}
				}
			}
		}

		// Backward step.
		for k := -D; k <= D; k += 2 {
			x := step(vb, off, k, D, n, m)
			if x < 0 {
				vb[off+k] = -1
				continue
			}
			y := x - k
			xs, ys := x, y
			for x < n && y < m && a[ahi-1-x] == b[bhi-1-y] {
				x++
				y++
			}
			d.work -= x - xs
			vb[off+k] = x
			if !odd {
				kf := delta - k
				if kf >= -D && kf <= D {
					if xf := vf[off+kf]; xf >= 0 && x+xf >= n {
						return alo + n - x, blo + m - y, alo + n - xs, blo + m - ys, true
					}
				}
			}
		}
	}
	return 0, 0, 0, 0, false
}

// step returns where a D-path on diagonal k starts its final snake, from the
// (D-1)-paths recorded in v: one insertion down from diagonal k+1 or one
// deletion right from diagonal k-1, whichever reaches further (the insertion
// on a tie, as diff does). It returns -1 if neither move stays inside the
// n×m grid.
func step(v []int, off, k, D, n, m int) int {
	if D == 0 {
		return 0
	}
	x := -1
	if k+1 <= D-1 {
		if p := v[off+k+1]; p >= 0 && p-k <= m {
			x = p
		}
	}
	if k-1 >= -(D - 1) {
		if p := v[off+k-1]; p >= 0 && p+1 <= n && p+1 > x {
			x = p + 1
		}
	}
	return x
}

// A change replaces the del lines of the old file starting at line a
// (0-based) with the ins lines of the new file starting at line b.
type change struct{ a, b, del, ins int }

// changes groups the marked lines into changes, in order.
func changes(delA, insB []bool) []change {
	var cs []change
	i, j := 0, 0
	for i < len(delA) || j < len(insB) {
		if i < len(delA) && j < len(insB) && !delA[i] && !insB[j] {
			i++
			j++
			continue
		}
		c := change{a: i, b: j}
		for i < len(delA) && delA[i] {
			i++
		}
		for j < len(insB) && insB[j] {
			j++
		}
		if i == c.a && j == c.b {
			// Unmarked lines left on one side only: the marks are
			// inconsistent, which diffLines never produces. Report the
			// rest as changed rather than loop or print a wrong diff.
			i, j = len(delA), len(insB)
		}
		c.del, c.ins = i-c.a, j-c.b
		cs = append(cs, c)
	}
	return cs
}

// format prints the unified diff of a and b given their marked lines.
func format(oldName, newName string, a, b []string, delA, insB []bool) string {
	cs := changes(delA, insB)
	if len(cs) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString("--- " + oldName + "\n")
	sb.WriteString("+++ " + newName + "\n")
	for i := 0; i < len(cs); {
		// Gather the changes of one hunk: changes separated by at most
		// 2*context unchanged lines share their context, as in diff.
		j := i + 1
		for j < len(cs) && cs[j].a-(cs[j-1].a+cs[j-1].del) <= 2*context {
			j++
		}
		first, last := cs[i], cs[j-1]
		a0 := max(first.a-context, 0)
		b0 := first.b - (first.a - a0)
		lastEnd := last.a + last.del
		a1 := min(lastEnd+context, len(a))
		b1 := last.b + last.ins + (a1 - lastEnd)

		sb.WriteString("@@ -")
		writeRange(&sb, a0, a1-a0)
		sb.WriteString(" +")
		writeRange(&sb, b0, b1-b0)
		sb.WriteString(" @@\n")

		pos := a0
		for _, c := range cs[i:j] {
			for ; pos < c.a; pos++ {
				writeLine(&sb, ' ', a[pos])
			}
			for _, l := range a[c.a : c.a+c.del] {
				writeLine(&sb, '-', l)
			}
			for _, l := range b[c.b : c.b+c.ins] {
				writeLine(&sb, '+', l)
			}
			pos = c.a + c.del
		}
		for ; pos < a1; pos++ {
			writeLine(&sb, ' ', a[pos])
		}
		i = j
	}
	return sb.String()
}

// writeRange prints a hunk range of count lines starting after line start
// (0-based) as diff -u does: "l,s", "l" when s is 1, and for an empty range
// the number of the line before it followed by ",0".
func writeRange(sb *strings.Builder, start, count int) {
	switch count {
	case 0:
		sb.WriteString(strconv.Itoa(start))
		sb.WriteString(",0")
	case 1:
		sb.WriteString(strconv.Itoa(start + 1))
	default:
		sb.WriteString(strconv.Itoa(start + 1))
		sb.WriteByte(',')
		sb.WriteString(strconv.Itoa(count))
	}
}

func writeLine(sb *strings.Builder, prefix byte, line string) {
	sb.WriteByte(prefix)
	sb.WriteString(line)
	if !strings.HasSuffix(line, "\n") {
		sb.WriteString("\n\\ No newline at end of file\n")
	}
}
