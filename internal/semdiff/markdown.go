package semdiff

import (
	"fmt"
	"io"
	"strings"
)

// Marker is the first line of the Markdown form: an HTML comment that a CI
// job can search for to update its earlier comment instead of adding one.
const Marker = "<!-- permcat diff -->"

// WriteMarkdown writes d as GitHub-flavoured Markdown, to post as a
// pull-request comment: a summary line, then a table or list per kind of
// change, and compat's findings.
//
// Spec text is untrusted, and a comment is rendered for people who may be
// notified by it. Every value that comes from a spec (keys, display names,
// reasons, file names, compat's messages, which quote the spec) is cleaned
// of control characters and written as a code span, in which Markdown
// gives nothing a meaning: no emphasis, link, autolink, image, HTML,
// heading or @mention can come out of it. Inside table cells, | is escaped
// as GFM requires even in code spans.
func (d *Diff) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString(Marker + "\n### permcat diff\n\n")
	fmt.Fprintf(&b, "%s → %s\n\n", code(d.Old), code(d.New))
	if d.Empty() {
		b.WriteString("No change in meaning: no permission, requirement, feature gate, role or stored grant changes, and compat finds nothing.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "**Summary:** %s.\n", d.summary())

	ps := d.Permissions
	if len(ps.Added)+len(ps.Removed)+len(ps.Renamed)+len(ps.Renumbered)+len(ps.Deprecated) > 0 {
		b.WriteString("\n#### Permissions\n\n| change | permission | id | details |\n| --- | --- | --- | --- |\n")
		for _, p := range ps.Added {
			name := ""
			if p.Name != p.Key {
				name = cell(p.Name)
			}
			fmt.Fprintf(&b, "| added | %s | %d | %s |\n", cell(p.Key), p.ID, name)
		}
		for _, p := range ps.Removed {
			fmt.Fprintf(&b, "| removed | %s | %d | %s |\n", cell(p.Key), p.ID, mdRemoval(p))
		}
		for _, p := range ps.Renamed {
			fmt.Fprintf(&b, "| renamed | %s → %s | %d | stored keys %s migrate |\n", cell(p.OldKey), cell(p.Key), p.ID, cell(p.OldKey))
		}
		for _, p := range ps.Renumbered {
			fmt.Fprintf(&b, "| **renumbered** | %s | %d → %d | stored bitmasks hold it at %d |\n", cell(p.Key), p.OldID, p.ID, p.OldID)
		}
		for _, p := range ps.Deprecated {
			fmt.Fprintf(&b, "| deprecated | %s | | %s |\n", cell(p.Key), cell(p.Reason))
		}
	}
	if len(d.Requirements) > 0 {
		b.WriteString("\n#### Requirements\n\n| permission | change | requirement |\n| --- | --- | --- |\n")
		for _, r := range d.Requirements {
			change := "now requires"
			if r.Change == ChangeDropped {
				change = "**no longer requires**"
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", cell(r.Permission), change, cell(r.Requires))
		}
	}
	if len(d.Gates) > 0 {
		b.WriteString("\n#### Feature gates\n\n| permission | change | feature | from |\n| --- | --- | --- | --- |\n")
		for _, g := range d.Gates {
			change := "now gated by"
			if g.Change == ChangeDropped {
				change = "**no longer gated by**"
			}
			from := "its own gate"
			if g.Via != "" {
				from = "group " + cell(g.Via)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", cell(g.Permission), change, cell(g.Feature), from)
		}
	}
	if len(d.Roles) > 0 {
		b.WriteString("\n#### Roles\n\nWhat each role can do that it could not, and the reverse, after includes. *Takes effect* names the features that must be on: the permission's own gate, its groups', and those of everything it requires; *always* means none.\n")
		for _, r := range d.Roles {
			fmt.Fprintf(&b, "\n**%s**", code(r.Key))
			if r.Change != ChangeChanged {
				fmt.Fprintf(&b, " (%s role)", r.Change)
			}
			b.WriteString("\n\n| | permission | takes effect |\n| --- | --- | --- |\n")
			for _, a := range r.Gained {
				fmt.Fprintf(&b, "| **gained** | %s | %s |\n", cell(a.Permission), mdFeatures(a.Features))
			}
			mdMore(&b, "**gained**", r.GainedOmitted)
			for _, a := range r.Lost {
				fmt.Fprintf(&b, "| lost | %s | %s |\n", cell(a.Permission), mdFeatures(a.Features))
			}
			mdMore(&b, "lost", r.LostOmitted)
			for _, a := range r.Regated {
				fmt.Fprintf(&b, "| regated | %s | %s → %s |\n", cell(a.Permission), mdFeatures(a.OldFeatures), mdFeatures(a.Features))
			}
			mdMore(&b, "regated", r.RegatedOmitted)
		}
	}
	if len(d.StoredKeys)+len(d.StoredBits) > 0 {
		b.WriteString("\n#### Stored values that change meaning\n\n| stored | before | after |\n| --- | --- | --- |\n")
		for _, k := range d.StoredKeys {
			fmt.Fprintf(&b, "| key %s | %s | %s |\n", cell(k.Key), mdMeaning(k.Before), mdMeaning(k.After))
		}
		for _, k := range d.StoredBits {
			fmt.Fprintf(&b, "| bit %d | %s | %s |\n", k.Bit, mdMeaning(k.Before), mdMeaning(k.After))
		}
	}
	if len(d.Grants) > 0 {
		b.WriteString("\n#### When stored grants take effect\n\n")
		for _, g := range d.Grants {
			fmt.Fprintf(&b, "- Grants of %s %s.\n", code(g.Permission), mdGrantEffect(g))
		}
	}
	if len(d.Findings) > 0 {
		b.WriteString("\n#### compat\n\n| severity | rule | where | finding |\n| --- | --- | --- | --- |\n")
		for _, f := range d.Findings {
			sev := f.Severity
			if sev != "warning" {
				sev = "**" + sev + "**"
			}
			pos := f.File
			if f.Line > 0 {
				pos = fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", sev, cell(f.Rule), cell(pos), cell(f.Message))
		}
	}
	if d.Capped() {
		fmt.Fprintf(&b, "\n%s\n", strings.ReplaceAll(d.capNote(), "permcat diff -max-list", "`permcat diff -max-list`"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdMore writes the table row that counts the entries a list leaves out.
func mdMore(b *strings.Builder, change string, n int) {
	if n > 0 {
		fmt.Fprintf(b, "| %s | and %d more | |\n", change, n)
	}
}

// summary counts the changes for the headline.
func (d *Diff) summary() string {
	var parts []string
	count := func(n int, what string) {
		one, many, _ := strings.Cut(what, "|")
		switch {
		case n == 1:
			parts = append(parts, "1 "+one)
		case n > 1 && many != "":
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, one))
		}
	}
	ps := d.Permissions
	count(len(ps.Added), "added")
	unretired := 0
	for _, p := range ps.Removed {
		if !p.IDReserved || !p.KeyRetired {
			unretired++
		}
	}
	count(len(ps.Removed)-unretired, "retired")
	count(unretired, "removed without retiring")
	count(len(ps.Renamed), "renamed")
	count(len(ps.Renumbered), "renumbered")
	count(len(ps.Deprecated), "deprecated")
	count(len(d.Requirements), "requirement change|requirement changes")
	count(len(d.Gates), "feature gate change|feature gate changes")
	gaining := 0
	for _, r := range d.Roles {
		if len(r.Gained) > 0 {
			gaining++
		}
	}
	count(gaining, "role gaining access|roles gaining access")
	count(len(d.Roles)-gaining, "other role change|other role changes")
	count(len(d.StoredKeys)+len(d.StoredBits), "stored value changing meaning|stored values changing meaning")
	if len(parts) == 0 {
		parts = append(parts, "no change to permissions, roles or stored values")
	}
	return strings.Join(parts, ", ") + "; compat: " + countFindings(d.Findings)
}

func mdRemoval(p Removed) string {
	if p.IDReserved && p.KeyRetired {
		s := "retired: id reserved, key "
		if len(p.ReplacedBy) > 0 {
			return s + "migrates to " + codes(p.ReplacedBy, cell)
		}
		return s + "reserved"
	}
	var missing []string
	if !p.IDReserved {
		missing = append(missing, fmt.Sprintf("id %d is not reserved", p.ID))
	}
	if !p.KeyRetired {
		missing = append(missing, "the key is not retired")
	}
	return "**not retired**: " + and(missing)
}

func mdFeatures(fs []string) string {
	if len(fs) == 0 {
		return "always"
	}
	return "with " + codes(fs, cell)
}

func mdMeaning(m Meaning) string {
	switch m.Kind {
	case KindPermission:
		return "permission " + cell(m.Permissions[0])
	case KindMigrates:
		return "migrates to " + codes(m.Permissions, cell)
	case KindDropped:
		return "dropped (reserved)"
	}
	return "rejected (unknown)"
}

func mdGrantEffect(g GrantChange) string {
	var parts []string
	if len(g.RequiresDropped) > 0 {
		parts = append(parts, "**take effect without** "+codesMore(g.RequiresDropped, g.RequiresDroppedOmitted))
	}
	if len(g.FeaturesDropped) > 0 {
		parts = append(parts, "**take effect with** "+codes(g.FeaturesDropped, code)+" **off**")
	}
	if len(g.RequiresAdded) > 0 {
		parts = append(parts, "now need "+codesMore(g.RequiresAdded, g.RequiresAddedOmitted)+" granted too")
	}
	if len(g.FeaturesAdded) > 0 {
		parts = append(parts, "now need "+features(len(g.FeaturesAdded))+" "+codes(g.FeaturesAdded, code)+" on")
	}
	return strings.Join(parts, "; ")
}

// codesMore renders values as code spans joined as prose, counting n
// more.
func codesMore(ss []string, n int) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = code(s)
	}
	return andMore(out, n)
}

// codes renders values as code spans joined as prose.
func codes(ss []string, span func(string) string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = span(s)
	}
	return and(out)
}

// code renders spec text as a Markdown code span: cleaned to one line,
// fenced with one backtick more than its longest run of backticks, and
// padded with a space on both sides when it holds a backtick, so that the
// text can neither close the span nor lose a character. Empty text renders
// as nothing.
func code(s string) string {
	s = clean(s)
	if s == "" {
		return ""
	}
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// cell is code for a GFM table cell: the table is split on | before code
// spans are parsed, so | is escaped inside the span too.
func cell(s string) string {
	return strings.ReplaceAll(code(s), "|", `\|`)
}
