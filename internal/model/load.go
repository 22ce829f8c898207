package model

import "github.com/permcat/permcat/internal/syntax"

// Load parses and resolves a spec in one step. Its error, if any, lists the
// mistakes of every stage at once: a misspelt field does not hide an
// unknown group, nor an unknown group a requires cycle.
func Load(path string, data []byte) (*Catalog, error) {
	c, _, err := LoadSyntax(path, data)
	return c, err
}

// LoadSyntax is Load that also returns the syntax tree of a valid spec, for
// callers that point at the positions of its fields. On error both are
// nil.
func LoadSyntax(path string, data []byte) (*Catalog, *syntax.File, error) {
	f, err := syntax.Load(path, data)
	if f == nil {
		return nil, nil, err
	}
	c, err := resolve(f, err)
	if err != nil {
		return nil, nil, err
	}
	return c, f, nil
}
