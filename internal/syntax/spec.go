// Package syntax reads permcat's YAML spec format (version 1) into a syntax
// tree that remembers where every value came from.
//
// The loader walks yaml.v3 nodes by hand instead of unmarshalling into
// structs: that is how every value keeps its line and column, how unknown
// and duplicate fields become errors instead of being ignored, and how alias
// expansion stays bounded. Checking what the values mean (references, IDs,
// cycles) is the job of package model; this package only checks shape.
package syntax

import "github.com/permcat/permcat/internal/diag"

// Version is the spec format version this package reads.
const Version = 1

// String is a scalar value and where it was written. A zero Pos means the
// field was absent.
type String struct {
	Value string
	Pos   diag.Pos
}

// Set reports whether the field was present in the spec.
func (s String) Set() bool { return s.Pos.Line != 0 }

// Int is an integer value and where it was written.
type Int struct {
	Value int64
	Pos   diag.Pos
}

// Set reports whether the field was present in the spec.
func (i Int) Set() bool { return i.Pos.Line != 0 }

// File is one parsed spec.
type File struct {
	Path        string
	Version     Int
	Catalog     Catalog
	Flags       []Flag
	Attributes  []Attribute
	Features    []Feature
	Groups      []Group
	Permissions []Permission
	Reserved    Reserved
	Roles       []Role

	// Unread says which lists hold an entry whose key could not be read
	// (or could not be read at all); it is all false for a File loaded
	// without error. A reference to an undeclared key of such a list may
	// name that entry, so the model does not report it as unknown.
	Unread Lists
}

// Lists holds one flag for each list of keyed entries.
type Lists struct {
	Flags, Attributes, Features, Groups, Permissions, Roles bool
}

// Catalog describes the catalog as a whole and how its Go package is named.
type Catalog struct {
	Pos     diag.Pos
	Name    String
	Title   String
	Source  String
	Package String
	Type    String
}

// Flag declares a boolean attribute; each becomes a generated Set.
type Flag struct {
	Pos         diag.Pos
	Key         String
	Description String
}

// Attribute declares a string attribute a permission may carry.
type Attribute struct {
	Pos         diag.Pos
	Key         String
	Description String
}

// Feature declares a switch that gates permissions: a permission whose
// feature is off is not effective.
type Feature struct {
	Pos         diag.Pos
	Key         String
	Description String
}

// Group is a component or section of the catalog; groups nest via Parent.
type Group struct {
	Pos         diag.Pos
	Key         String
	Title       String
	Description String
	Parent      String
	Feature     String
}

// Permission is one entry of the catalog.
type Permission struct {
	Pos         diag.Pos
	Key         String
	ID          Int
	Name        String
	Group       String
	Description String
	Flags       []String
	Attributes  []AttributeValue
	Requires    []Requirement
	GoName      String
	Feature     String
	Replaces    []String
	Deprecated  String

	// Incomplete is true when a field of the permission could not be
	// read (its error was reported), so that what looks absent may not
	// be.
	Incomplete bool
}

// AttributeValue is one key: value pair under a permission's attributes.
type AttributeValue struct {
	Key   String
	Value String
}

// Requirement is one entry of a permission's requires list: the permission
// required and, optionally, the sentence of the source document that states
// the requirement.
type Requirement struct {
	Pos    diag.Pos
	Key    String
	Reason String
}

// Reserved lists retired IDs and keys that must never be assigned again.
type Reserved struct {
	Pos  diag.Pos
	IDs  []Int
	Keys []String
}

// Role is a named preset of permissions, checked against requires at
// compile time.
type Role struct {
	Pos         diag.Pos
	Key         String
	Title       String
	Description String
	Includes    []String
	Permissions []String

	// Incomplete is true when a field of the role could not be read (its
	// error was reported), so that its permissions may be fewer than the
	// spec meant.
	Incomplete bool
}
