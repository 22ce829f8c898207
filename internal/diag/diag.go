// Package diag holds positioned diagnostics: every error permcat reports about
// a spec names the file, line and column it concerns, in the form the Go
// compiler uses (file:line:col: message) so that editors can jump to it.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Pos is a position in a spec file. Line and Col are 1-based; a zero Line
// means the position is unknown (the whole file).
type Pos struct {
	File string
	Line int
	Col  int
}

// String renders p as file:line:col, or just file when the line is unknown.
func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Compare orders positions by file, then line, then column.
func (p Pos) Compare(q Pos) int {
	return cmp.Or(
		strings.Compare(p.File, q.File),
		cmp.Compare(p.Line, q.Line),
		cmp.Compare(p.Col, q.Col),
	)
}

// Error is one problem found in a spec. Msg says what is wrong and, after a
// semicolon, how to fix it.
type Error struct {
	Pos Pos
	Msg string
}

// Error implements the error interface.
func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// MaxReported caps how many errors one run prints. A spec that is wrong in
// hundreds of places (a file that is not a spec at all) would otherwise bury
// the first, most useful errors.
const MaxReported = 25

// MaxRecorded caps how many errors a List keeps, so that a hostile spec
// (a million duplicated entries) cannot make error collection itself the
// problem.
const MaxRecorded = 1000

// List collects errors from one stage. Its zero value is ready to use.
type List struct {
	errs    []*Error
	dropped int
}

// Addf records an error at pos.
func (l *List) Addf(pos Pos, format string, args ...any) {
	if len(l.errs) == MaxRecorded {
		l.dropped++
		return
	}
	l.errs = append(l.errs, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Len reports how many errors were found, recorded or not.
func (l *List) Len() int { return len(l.errs) + l.dropped }

// Err returns the recorded errors sorted by position as an error, or nil if
// there are none.
func (l *List) Err() error {
	if len(l.errs) == 0 {
		return nil
	}
	errs := slices.Clone(l.errs)
	slices.SortStableFunc(errs, func(a, b *Error) int { return a.Pos.Compare(b.Pos) })
	errs = slices.CompactFunc(errs, func(a, b *Error) bool { return *a == *b })
	if l.dropped > 0 {
		// Keep the count honest; the placeholder sorts last.
		errs = append(errs, &Error{Pos: Pos{File: errs[0].Pos.File}, Msg: fmt.Sprintf("and %d more errors not recorded", l.dropped)})
	}
	return Errors(errs)
}

// Errors is a sorted list of spec errors returned as one error.
type Errors []*Error

// Error prints one error per line, at most MaxReported of them, followed by
// a count of the rest.
func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i == MaxReported {
			fmt.Fprintf(&b, "\n(%d more errors not shown)", len(es)-MaxReported)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap exposes the individual errors to errors.Is and errors.As.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}
