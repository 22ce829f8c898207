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
