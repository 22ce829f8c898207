// Package nofeat uses a catalog without features, where Can and Effective
// need nothing but the Set: the fix for a Has on stored grants is
// mechanical.
package nofeat

import "rights"

func load(v any) acl.Set {
	var s acl.Set
	_ = s.Scan(v)
	return s
}

func may(v any) bool {
	s := load(v)
	return s.Has(acl.Write) // want `s.Has asks whether the box is ticked.*use acl.Can\(s, acl.Write\), or acl.Effective\(s\).Has\(acl.Write\)`
}

func mayAll(v any) bool {
	return load(v).HasAll(acl.Of(acl.Read, acl.Write)) // want `load\(v\).HasAll asks whether the box is ticked.*use acl.Effective\(load\(v\)\).HasAll\(acl.Of\(acl.Read, acl.Write\)\)`
}
