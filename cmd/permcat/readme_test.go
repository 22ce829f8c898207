package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// usageLines returns c's usage as the lines "permcat NAME ...", one per
// form of the command.
func (c *command) usageLines() []string {
	var lines []string
	for i, l := range strings.Split(c.usage, "\n") {
		l = strings.TrimSpace(l)
		if i == 0 {
			l = strings.TrimSpace("permcat " + c.name + " " + l)
		}
		lines = append(lines, l)
	}
	return lines
}

// TestUsageNamesEveryFlag: a command's usage line lists every flag it
// declares, so that the usage, and the README table held to it, cannot
// fall behind the code.
func TestUsageNamesEveryFlag(t *testing.T) {
	for _, c := range commands {
		for _, name := range c.flagNames(&env{}) {
			if !regexp.MustCompile(`(^|[\s\[|])-` + regexp.QuoteMeta(name) + `\b`).MatchString(c.usage) {
				t.Errorf("the usage of %s (%q) does not name its flag -%s", c.name, c.usage, name)
			}
		}
		if lines := c.usageLines(); !strings.HasPrefix(lines[0], "permcat "+c.name) {
			t.Errorf("usage of %s: %q", c.name, lines)
		}
		for _, l := range c.usageLines()[1:] {
			if !strings.HasPrefix(l, "permcat "+c.name+" ") {
				t.Errorf("the usage of %s has a line that does not start with \"permcat %s\": %q", c.name, c.name, l)
			}
		}
	}
}

var codeSpan = regexp.MustCompile("`([^`]*)`")

// TestReadmeCommandTable: the command table of README.md has one row per
// registered command, whose first cell is exactly the command's usage
// (several forms joined by <br>), and no other row.
func TestReadmeCommandTable(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i := strings.Index(s, "\n## Commands\n")
	if i < 0 {
		t.Fatal("README.md has no section \"Commands\"")
	}
	s = s[i+1:]
	if j := strings.Index(s[3:], "\n## "); j >= 0 {
		s = s[:j+3]
	}
	var rows [][]string // the code spans of each row's first cell
	for line := range strings.Lines(s) {
		if !strings.HasPrefix(line, "| `permcat ") {
			continue
		}
		cell := strings.TrimPrefix(line, "| ")
		if k := indexUnescaped(cell, '|'); k >= 0 {
			cell = cell[:k]
		}
		var spans []string
		for _, m := range codeSpan.FindAllStringSubmatch(cell, -1) {
			spans = append(spans, strings.ReplaceAll(m[1], `\|`, "|"))
		}
		rows = append(rows, spans)
	}
	byName := map[string][]string{}
	for _, spans := range rows {
		name := strings.Fields(spans[0] + " ?")[1]
		if _, dup := byName[name]; dup {
			t.Errorf("README.md's command table has two rows for %s", name)
		}
		byName[name] = spans
		if lookup(name) == nil {
			t.Errorf("README.md's command table has a row for %q, which is no registered command", name)
		}
	}
	for _, c := range commands {
		got, ok := byName[c.name]
		switch {
		case !ok:
			t.Errorf("README.md's command table lacks a row for %s. Add one whose first cell is:\n\t%s", c.name, readmeCell(c.usageLines()))
		case !slices.Equal(got, c.usageLines()):
			t.Errorf("README.md's command table gives %s as %q; its usage is %q. Write the first cell as:\n\t%s",
				c.name, got, c.usageLines(), readmeCell(c.usageLines()))
		}
	}
}

// indexUnescaped returns the index of the first c in s not preceded by a
// backslash, or -1.
func indexUnescaped(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c && (i == 0 || s[i-1] != '\\') {
			return i
		}
	}
	return -1
}

// readmeCell formats usage lines as a table cell.
func readmeCell(lines []string) string {
	var spans []string
	for _, l := range lines {
		spans = append(spans, "`"+strings.ReplaceAll(l, "|", `\|`)+"`")
	}
	return strings.Join(spans, "<br>")
}
