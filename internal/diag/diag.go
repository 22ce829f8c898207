// Package diag holds positioned diagnostics: every error permcat reports about
// a spec names the file, line and column it concerns, in the form the Go
// compiler uses (file:line:col: message) so that editors can jump to it.
//
// Messages quote spec text, and spec text is untrusted: every message and
// every rendered position goes through safetext.TerminalLine, so that no
// error can carry a terminal escape sequence, a bidirectional override or
// a line break of its own.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/permcat/permcat/internal/safetext"
)

// Pos is a position in a spec file. Line and Col are 1-based; a zero Line
// means the position is unknown (the whole file).
type Pos struct {
	File string
	Line int
	Col  int
}

// String renders p as file:line:col, or just file when the line is unknown.
// The file name is escaped for the terminal (see safetext.TerminalLine).
func (p Pos) String() string {
	file := safetext.TerminalLine(p.File)
	if p.Line == 0 {
		return file
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
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
// semicolon, how to fix it. Msg is one line, safe to print (List.Addf
// escapes it); Error escapes it again in case an Error was built by hand.
type Error struct {
	Pos Pos
	Msg string

	count int // > 0: the placeholder for this many unrecorded errors
}

// Error implements the error interface.
func (e *Error) Error() string {
	return e.Pos.String() + ": " + safetext.TerminalLine(e.Msg)
}

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

// Addf records an error at pos. The message is escaped for the terminal
// (see safetext.TerminalLine): the arguments are usually spec text.
func (l *List) Addf(pos Pos, format string, args ...any) {
	l.add(&Error{Pos: pos, Msg: safetext.TerminalLine(fmt.Sprintf(format, args...))})
}

func (l *List) add(e *Error) {
	if len(l.errs) == MaxRecorded {
		l.dropped++
		return
	}
	l.errs = append(l.errs, e)
}

// AddAll records the errors of err, an Errors (or an error wrapping one)
// returned by an earlier stage, so that one list reports the problems of
// every stage. Any other non-nil error is recorded at the unknown position
// of file. The placeholder that counts unrecorded errors is carried over as
// a count.
func (l *List) AddAll(file string, err error) {
	if err == nil {
		return
	}
	var es Errors
	if !errors.As(err, &es) {
		l.add(&Error{Pos: Pos{File: file}, Msg: safetext.TerminalLine(err.Error())})
		return
	}
	for _, e := range es {
		if n, ok := e.unrecorded(); ok {
			l.dropped += n
			continue
		}
		l.add(e)
	}
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
		errs = append(errs, &Error{Pos: Pos{File: errs[0].Pos.File}, Msg: fmt.Sprintf(unrecordedFormat, l.dropped), count: l.dropped})
	}
	return Errors(errs)
}

const unrecordedFormat = "and %d more errors not recorded"

// unrecorded reports whether e is the placeholder Err appends for errors
// past MaxRecorded, and how many it stands for.
func (e *Error) unrecorded() (int, bool) { return e.count, e.count > 0 }

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
