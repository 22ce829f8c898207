// Package spec holds the catalogs that ship with permcat, embedded so that
// "permcat generate" with no arguments compiles them wherever it runs.
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

// Defaults lists the default specs in the order permcat compiles them.
var Defaults = []string{"pbn.yaml", "opendental.yaml"}
