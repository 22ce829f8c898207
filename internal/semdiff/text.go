package semdiff

import (
	"fmt"
	"io"
	"strings"

	"github.com/permcat/permcat/internal/compat"
)

// clean makes one value of spec text safe to print: one line, with every
// control character escaped. It is compat's cleaner, so that compat and
// diff print spec text alike.
func clean(s string) string { return compat.Clean(s) }

// cleanAll cleans each value.
func cleanAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = clean(s)
	}
	return out
}

// and joins values as prose: "a", "a and b", "a, b and c".
func and(ss []string) string {
	switch len(ss) {
	case 0:
		return ""
	case 1:
		return ss[0]
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " and " + ss[len(ss)-1]
}

// WriteJSON writes d as indented JSON; see Diff for the fields. Strings
// hold the exact spec text, with control and format characters written as
// \u escapes.
func (d *Diff) WriteJSON(w io.Writer) error {
	return compat.EncodeJSON(w, d)
}

// WriteText writes d for a terminal: one section per kind of change, only
// those that have entries, and compat's findings last. Spec text is
// cleaned of control characters.
func (d *Diff) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "permcat diff %s → %s\n", clean(d.Old), clean(d.New))
	if d.Empty() {
		b.WriteString("\nNo change in meaning: no permission, requirement, feature gate, role or stored grant changes, and compat finds nothing.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	ps := d.Permissions
	if len(ps.Added)+len(ps.Removed)+len(ps.Renamed)+len(ps.Renumbered)+len(ps.Deprecated) > 0 {
		b.WriteString("\nPermissions:\n")
		for _, p := range ps.Added {
			fmt.Fprintf(&b, "  added       %s (id %d)", clean(p.Key), p.ID)
			if p.Name != p.Key {
				fmt.Fprintf(&b, " \"%s\"", clean(p.Name))
			}
			b.WriteByte('\n')
		}
		for _, p := range ps.Removed {
			fmt.Fprintf(&b, "  removed     %s (id %d): %s\n", clean(p.Key), p.ID, removal(p))
		}
		for _, p := range ps.Renamed {
			fmt.Fprintf(&b, "  renamed     %s → %s (id %d)\n", clean(p.OldKey), clean(p.Key), p.ID)
		}
		for _, p := range ps.Renumbered {
			fmt.Fprintf(&b, "  renumbered  %s: id %d → %d (stored bitmasks hold it at %d)\n", clean(p.Key), p.OldID, p.ID, p.OldID)
		}
		for _, p := range ps.Deprecated {
			fmt.Fprintf(&b, "  deprecated  %s: %s\n", clean(p.Key), clean(p.Reason))
		}
	}
	if len(d.Requirements) > 0 {
		b.WriteString("\nRequirements:\n")
		for _, r := range d.Requirements {
			if r.Change == ChangeAdded {
				fmt.Fprintf(&b, "  + %s now requires %s\n", clean(r.Permission), clean(r.Requires))
			} else {
				fmt.Fprintf(&b, "  - %s no longer requires %s\n", clean(r.Permission), clean(r.Requires))
			}
		}
	}
	if len(d.Gates) > 0 {
		b.WriteString("\nFeature gates:\n")
		for _, g := range d.Gates {
			via := ""
			if g.Via != "" {
				via = " (through group " + clean(g.Via) + ")"
			}
			if g.Change == ChangeAdded {
				fmt.Fprintf(&b, "  + %s now gated by %s%s\n", clean(g.Permission), clean(g.Feature), via)
			} else {
				fmt.Fprintf(&b, "  - %s no longer gated by %s%s\n", clean(g.Permission), clean(g.Feature), via)
			}
		}
	}
	if len(d.Roles) > 0 {
		b.WriteString("\nRoles (effective permissions after includes; \"(with f)\": only while feature f is on, counting the features of everything the permission requires):\n")
		for _, r := range d.Roles {
			fmt.Fprintf(&b, "  %s", clean(r.Key))
			if r.Change != ChangeChanged {
				fmt.Fprintf(&b, " (%s role)", r.Change)
			}
			b.WriteString(":\n")
			for _, a := range r.Gained {
				fmt.Fprintf(&b, "    + %s%s\n", clean(a.Permission), withFeatures(a.Features))
			}
			writeMore(&b, "    + ", r.GainedOmitted)
			for _, a := range r.Lost {
				fmt.Fprintf(&b, "    - %s%s\n", clean(a.Permission), withFeatures(a.Features))
			}
			writeMore(&b, "    - ", r.LostOmitted)
			for _, a := range r.Regated {
				fmt.Fprintf(&b, "    ~ %s: %s → %s\n", clean(a.Permission), featureList(cleanAll(a.OldFeatures)), featureList(cleanAll(a.Features)))
			}
			writeMore(&b, "    ~ ", r.RegatedOmitted)
		}
	}
	if len(d.StoredKeys)+len(d.StoredBits)+len(d.Grants) > 0 {
		b.WriteString("\nStored grants:\n")
		for _, k := range d.StoredKeys {
			fmt.Fprintf(&b, "  key %s: %s → %s\n", clean(k.Key), meaning(k.Before), meaning(k.After))
		}
		for _, k := range d.StoredBits {
			fmt.Fprintf(&b, "  bit %d: %s → %s\n", k.Bit, meaning(k.Before), meaning(k.After))
		}
		for _, g := range d.Grants {
			fmt.Fprintf(&b, "  grants of %s: %s\n", clean(g.Permission), grantEffect(g))
		}
	}
	if len(d.Findings) > 0 {
		fmt.Fprintf(&b, "\ncompat: %s:\n", countFindings(d.Findings))
		for _, f := range d.Findings {
			fmt.Fprintf(&b, "  %s\n", finding(f))
		}
	}
	if d.Capped() {
		fmt.Fprintf(&b, "\n%s\n", d.capNote())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeMore writes the line that counts the entries a list leaves out.
func writeMore(b *strings.Builder, prefix string, n int) {
	if n > 0 {
		fmt.Fprintf(b, "%sand %d more\n", prefix, n)
	}
}

// Capped reports whether a list of d names fewer entries than it has.
func (d *Diff) Capped() bool {
	for _, r := range d.Roles {
		if r.GainedOmitted+r.LostOmitted+r.RegatedOmitted > 0 {
			return true
		}
	}
	for _, g := range d.Grants {
		if g.RequiresAddedOmitted+g.RequiresDroppedOmitted > 0 {
			return true
		}
	}
	return false
}

// capNote says, under a diff whose lists were capped, what was left out.
func (d *Diff) capNote() string {
	return fmt.Sprintf("Lists of permissions name at most %d each (\"and N more\" counts the rest); permcat diff -max-list raises the limit.", d.MaxList)
}

// andMore joins values as prose, counting n more: "a, b and 3 more".
func andMore(ss []string, n int) string {
	if n == 0 {
		return and(ss)
	}
	return strings.Join(ss, ", ") + fmt.Sprintf(" and %d more", n)
}

// withFeatures renders the features a permission needs as " (with a and
// b)", or "" when it needs none.
func withFeatures(fs []string) string {
	if len(fs) == 0 {
		return ""
	}
	return " (" + featureList(cleanAll(fs)) + ")"
}

// removal says whether a removed permission is retired, and if not what
// is missing.
func removal(p Removed) string {
	var parts []string
	if p.IDReserved {
		parts = append(parts, "id reserved")
	}
	switch {
	case len(p.ReplacedBy) > 0:
		parts = append(parts, "key migrates to "+and(cleanAll(p.ReplacedBy)))
	case p.KeyRetired:
		parts = append(parts, "key reserved")
	}
	if p.IDReserved && p.KeyRetired {
		return "retired (" + strings.Join(parts, ", ") + ")"
	}
	var missing []string
	if !p.IDReserved {
		missing = append(missing, fmt.Sprintf("id %d is not reserved", p.ID))
	}
	if !p.KeyRetired {
		missing = append(missing, "key "+clean(p.Key)+" is not retired")
	}
	return "NOT retired: " + and(missing) + " (compat fails this)"
}

// meaning renders what a stored key or bit decodes to.
func meaning(m Meaning) string {
	switch m.Kind {
	case KindPermission:
		return "permission " + clean(m.Permissions[0])
	case KindMigrates:
		return "migrates to " + and(cleanAll(m.Permissions))
	case KindDropped:
		return "dropped (reserved)"
	}
	return "rejected (unknown)"
}

// grantEffect says when stored grants of a permission now take effect.
func grantEffect(g GrantChange) string {
	var parts []string
	if len(g.RequiresDropped) > 0 {
		parts = append(parts, "take effect without "+andMore(cleanAll(g.RequiresDropped), g.RequiresDroppedOmitted))
	}
	if len(g.FeaturesDropped) > 0 {
		parts = append(parts, "take effect with "+and(cleanAll(g.FeaturesDropped))+" off")
	}
	if len(g.RequiresAdded) > 0 {
		parts = append(parts, "now need "+andMore(cleanAll(g.RequiresAdded), g.RequiresAddedOmitted)+" granted too")
	}
	if len(g.FeaturesAdded) > 0 {
		parts = append(parts, "now need "+features(len(g.FeaturesAdded))+" "+and(cleanAll(g.FeaturesAdded))+" on")
	}
	return strings.Join(parts, "; ")
}

func features(n int) string {
	if n == 1 {
		return "feature"
	}
	return "features"
}

// countFindings counts compat's findings by severity.
func countFindings(fs []Finding) string {
	n := map[string]int{}
	for _, f := range fs {
		n[f.Severity]++
	}
	plural := func(k int, what string) string {
		if k == 1 {
			return "1 " + what
		}
		return fmt.Sprintf("%d %ss", k, what)
	}
	return plural(n["breaking"], "breaking change") + ", " + plural(n["new-access"], "new-access finding") + ", " + plural(n["warning"], "warning")
}

// finding renders a compat finding as compat's text output does.
func finding(f Finding) string {
	pos := f.File
	if f.Line > 0 {
		pos = fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column)
	}
	return clean(fmt.Sprintf("%s: %s[%s]: %s", pos, f.Severity, f.Rule, f.Message))
}
