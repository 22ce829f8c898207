package diag

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestListSortsAndDeduplicates(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("empty list is an error")
	}
	l.Addf(Pos{File: "b.yaml", Line: 1, Col: 1}, "third")
	l.Addf(Pos{File: "a.yaml", Line: 9, Col: 2}, "second")
	l.Addf(Pos{File: "a.yaml", Line: 2, Col: 7}, "first")
	l.Addf(Pos{File: "a.yaml", Line: 2, Col: 7}, "first")
	want := "a.yaml:2:7: first\na.yaml:9:2: second\nb.yaml:1:1: third"
	if got := l.Err().Error(); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	var e *Error
	if !errors.As(l.Err(), &e) || e.Msg != "first" {
		t.Fatalf("errors.As found %v", e)
	}
}

func TestReportingCaps(t *testing.T) {
	var l List
	for i := range MaxRecorded + 5 {
		l.Addf(Pos{File: "x.yaml", Line: i + 1, Col: 1}, "error %d", i)
	}
	if l.Len() != MaxRecorded+5 {
		t.Fatalf("Len = %d", l.Len())
	}
	msg := l.Err().Error()
	lines := strings.Split(msg, "\n")
	if len(lines) != MaxReported+1 {
		t.Fatalf("printed %d lines, want %d", len(lines), MaxReported+1)
	}
	if want := fmt.Sprintf("(%d more errors not shown)", MaxRecorded+1-MaxReported); lines[MaxReported] != want {
		t.Fatalf("last line %q, want %q", lines[MaxReported], want)
	}
	if n := len(l.Err().(Errors)); n != MaxRecorded+1 {
		t.Fatalf("recorded %d errors, want %d plus the count of the rest", n, MaxRecorded)
	}
}

func TestPosString(t *testing.T) {
	if got := (Pos{File: "s.yaml"}).String(); got != "s.yaml" {
		t.Errorf("unknown line: %q", got)
	}
	if got := (Pos{File: "s.yaml", Line: 3, Col: 4}).String(); got != "s.yaml:3:4" {
		t.Errorf("got %q", got)
	}
}

// TestMessagesAreTerminalSafe proves that spec text quoted in a message or
// a file name cannot reach the terminal raw, whichever way the Error was
// made.
func TestMessagesAreTerminalSafe(t *testing.T) {
	var l List
	l.Addf(Pos{File: "s.yaml", Line: 1, Col: 1}, "unknown group %s", "g\x1b]0;owned\a\u202e")
	l.Addf(Pos{File: "evil\x1b[2J.yaml", Line: 2, Col: 1}, "two\nlines")
	want := "evil\\x1b[2J.yaml:2:1: two\\nlines\ns.yaml:1:1: unknown group g\\x1b]0;owned\\x07\\u202e"
	if got := l.Err().Error(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	raw := &Error{Pos: Pos{File: "s.yaml", Line: 1, Col: 1}, Msg: "bell\a"}
	if got := raw.Error(); got != `s.yaml:1:1: bell\x07` {
		t.Errorf("hand-built Error: %q", got)
	}
}

func TestAddAllMergesStages(t *testing.T) {
	var first List
	first.Addf(Pos{File: "s.yaml", Line: 9, Col: 1}, "late")
	first.Addf(Pos{File: "s.yaml", Line: 1, Col: 1}, "early")
	var second List
	second.AddAll("s.yaml", first.Err())
	second.Addf(Pos{File: "s.yaml", Line: 5, Col: 1}, "middle")
	second.AddAll("s.yaml", nil)
	second.AddAll("s.yaml", errors.New("plain\x1b"))
	want := "s.yaml: plain\\x1b\ns.yaml:1:1: early\ns.yaml:5:1: middle\ns.yaml:9:1: late"
	if got := second.Err().Error(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}

	// The count of errors past the cap survives the merge.
	var full List
	for i := range MaxRecorded + 7 {
		full.Addf(Pos{File: "s.yaml", Line: i + 1, Col: 1}, "e%d", i)
	}
	var merged List
	merged.AddAll("s.yaml", full.Err())
	if merged.Len() != MaxRecorded+7 {
		t.Errorf("merged Len = %d, want %d", merged.Len(), MaxRecorded+7)
	}
	es := merged.Err().(Errors)
	if last := es[len(es)-1].Msg; last != "and 7 more errors not recorded" {
		t.Errorf("last message %q", last)
	}
}
