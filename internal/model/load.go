package model

import "github.com/permcat/permcat/internal/syntax"

// Load parses and resolves a spec in one step.
func Load(path string, data []byte) (*Catalog, error) {
	f, err := syntax.Load(path, data)
	if err != nil {
		return nil, err
	}
	return Resolve(f)
}
