// Package model is the resolved, validated form of a catalog: every
// reference is a pointer, every permission knows its Go name, and the
// requires graph comes with its transitive closure in both directions and a
// topological order. The generator and the other commands read a Catalog;
// none of them sees the YAML.
package model

import "github.com/permcat/permcat/internal/diag"

// Catalog is a checked catalog, ready to be compiled.
type Catalog struct {
	// Path is the spec file as named on the command line, used in the
	// generated "source:" line and in messages.
	Path    string
	Name    string // catalog id
	Title   string
	Source  string // provenance of the catalog's content
	Package string // Go package name
	Type    string // Go type name of a permission

	Flags       []*Flag
	Attributes  []*Attribute
	Features    []*Feature
	Groups      []*Group      // in spec order
	Permissions []*Permission // in spec order
	Roles       []*Role       // in spec order

	// ByID lists the permissions by ascending ID.
	ByID []*Permission
	// Topo lists the permissions so that every permission comes after all
	// it requires; ties are broken by ID, so the order is deterministic.
	Topo []*Permission
	// Legacy lists retired keys with the permissions that replace them,
	// sorted by key.
	Legacy []*Legacy

	ReservedIDs  []int    // ascending
	ReservedKeys []string // as written
	// MaxID is the largest ID of any permission.
	MaxID int
	// Edges counts the direct requires edges.
	Edges int
}

// MaxBit is the largest ID a stored value of the catalog may hold: the
// largest permission ID or reserved ID. The generated type and Set are
// sized for it, so that a value stored before a permission was retired
// still converts, and decodes as retired instead of as another permission.
func (c *Catalog) MaxBit() int {
	m := c.MaxID
	if n := len(c.ReservedIDs); n > 0 {
		m = max(m, c.ReservedIDs[n-1])
	}
	return m
}

// Words is the number of 64-bit words of a Set holding every ID up to
// MaxBit.
func (c *Catalog) Words() int { return c.MaxBit()/64 + 1 }

// IDType is the Go type of a permission: the smallest unsigned integer
// type that holds MaxBit.
func (c *Catalog) IDType() string {
	if c.MaxBit() <= 0xff {
		return "uint8"
	}
	return "uint16" // MaxID caps every ID at 65535
}

// Permission looks a permission up by key.
func (c *Catalog) Permission(key string) *Permission {
	for _, p := range c.Permissions {
		if p.Key == key {
			return p
		}
	}
	return nil
}

// Flag is a boolean attribute; the generator emits the set of permissions
// that carry it.
type Flag struct {
	Key         string
	GoName      string // the generated constant, e.g. FlagGlobalLockDate
	Description string
	Index       int // position in spec order, from 0
	Permissions []*Permission
	Pos         diag.Pos
}

// Attribute is a string attribute; the generator emits one accessor method.
type Attribute struct {
	Key         string
	GoName      string // the generated method name, e.g. DateField
	Description string
	Pos         diag.Pos
}

// Feature is a switch that gates permissions.
type Feature struct {
	Key         string
	GoName      string // the generated constant, e.g. FeatureDentalSchools
	Description string
	Index       int // bit of the Features mask
	Pos         diag.Pos
}

// Group is a component or section. Permissions of a group include those of
// its descendants.
type Group struct {
	Key         string
	GoName      string // the generated constant, e.g. GroupMainMenu
	Title       string
	Description string
	Parent      *Group
	Feature     *Feature
	Index       int // value of the generated constant, from 1
	Depth       int // 0 for a top-level group
	Children    []*Group
	// Own lists the permissions declared in this group, in spec order.
	Own []*Permission
	// All lists the permissions of the group and its descendants, by ID.
	All []*Permission
	Pos diag.Pos
}

// Permission is one entry of the catalog.
type Permission struct {
	Key         string
	ID          int
	GoName      string
	Name        string // display name
	Description string
	Deprecated  string // non-empty: deprecated, with the reason
	Group       *Group // nil when the spec declares no group
	Flags       []*Flag
	Attributes  []AttributeValue // in attribute declaration order
	Feature     *Feature         // its own gate, if any
	// Gates lists every feature that must be on for the permission to be
	// effective: its own and those of its group and the group's ancestors,
	// in feature declaration order.
	Gates    []*Feature
	Requires []*Edge // direct requirements, in spec order
	Replaces []string

	// Closure lists every permission required directly or transitively,
	// by ID, excluding the permission itself.
	Closure []*Permission
	// Dependents lists every permission that requires this one directly
	// or transitively, by ID.
	Dependents []*Permission

	Pos diag.Pos
}

// HasFlag reports whether p carries f.
func (p *Permission) HasFlag(f *Flag) bool {
	for _, g := range p.Flags {
		if g == f {
			return true
		}
	}
	return false
}

// Attribute returns p's value of attribute a, or "" when it has none.
func (p *Permission) Attribute(a *Attribute) string {
	for _, v := range p.Attributes {
		if v.Attribute == a {
			return v.Value
		}
	}
	return ""
}

// AttributeValue is a permission's value of one attribute.
type AttributeValue struct {
	Attribute *Attribute
	Value     string
}

// Edge is one direct requirement.
type Edge struct {
	To     *Permission
	Reason string // the source's sentence stating the requirement, if given
	Pos    diag.Pos
}

// Legacy is a retired key and the permissions that replaced it.
type Legacy struct {
	Key string
	By  []*Permission // by ID
}

// Role is a named preset of permissions.
type Role struct {
	Key         string
	GoName      string // the generated constant, e.g. RoleFrontDesk
	Title       string
	Description string
	Index       int // value of the generated constant, from 1
	Includes    []*Role
	// Own lists the permissions the role names itself.
	Own []*Permission
	// All lists the permissions of the role and every role it includes,
	// transitively, by ID.
	All []*Permission
	Pos diag.Pos
}
