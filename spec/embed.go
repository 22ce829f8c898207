// Package spec holds the catalogs that ship with permcat, embedded so that
// "permcat explain" and "permcat export" can name them anywhere. In
// permcat's own repository every command reads this directory from disk
// instead, so that an edit counts before permcat is rebuilt.
//
// The YAML files beside this one are the source of truth for the packages
// under generated/; spec/pbn.md and spec/opendental.md list the judgment
// calls made while transcribing the vendors' documents.
package spec

import "embed"

// FS holds the default specs, named as in this directory.
//
//go:embed *.yaml
var FS embed.FS

// Defaults lists the default specs in the order permcat compiles them; any
// other spec/*.yaml in the repository comes after them, by name.
var Defaults = []string{"pbn.yaml", "opendental.yaml"}
