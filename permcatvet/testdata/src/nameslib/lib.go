// Package nameslib holds helpers that pass names on to the catalog's
// readers; package names sees them only through facts.
package nameslib

import (
	"errors"
	"strings"

	"clinic"
)

// MustParse is Parse for names known at compile time.
func MustParse(s string) clinic.Permission { // want MustParse:"reads names: param 0: a permission key or display name"
	p, err := clinic.Parse(s)
	if err != nil {
		panic(err)
	}
	return p
}

// Resolve accepts a current key or display name, or a retired key.
func Resolve(key string) (clinic.Set, error) { // want Resolve:"reads names: param 0: a permission key or display name or a retired key"
	if p, err := clinic.Parse(key); err == nil {
		return clinic.Of(p), nil
	}
	if s, ok := clinic.Migrate(key); ok {
		return s, nil
	}
	return clinic.Set{}, errors.New("unknown permission")
}

// Indirect passes its argument to another helper.
func Indirect(s string) clinic.Permission { // want Indirect:"reads names: param 0: a permission key or display name"
	return MustParse(s)
}

// Trimmed changes its argument before parsing it: it is no helper.
func Trimmed(s string) (clinic.Permission, error) {
	return clinic.Parse(strings.TrimSpace(s))
}
