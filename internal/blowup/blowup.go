// Package blowup writes small specs whose catalogs are quadratic in their
// size, for the tests and benchmarks that prove the commands reading a
// catalog stay linear in its spec:
//
//   - a requires chain, where every permission requires the one before, so
//     that n permissions (about 47 bytes of YAML each) have closures
//     totalling n(n-1)/2 entries;
//   - a role chain, where every role includes the one before and lists one
//     permission, so that n roles hold n(n+1)/2 permissions in all.
//
// Each comes in two versions, with and without the links that make it
// quadratic, so that a comparison (compat, diff) sees every requirement or
// every role permission added or dropped at once.
package blowup

import (
	"bytes"
	"strconv"
)

// RequiresChain returns a spec of n permissions p0 to p(n-1), with IDs 0
// to n-1. When linked, each permission but p0 requires the one before;
// otherwise none requires anything.
func RequiresChain(n int, linked bool) []byte {
	var b bytes.Buffer
	b.WriteString("permcat: 1\ncatalog: {name: chain}\npermissions:\n")
	for i := range n {
		k := strconv.Itoa(i)
		b.WriteString("  - {key: p" + k + ", id: " + k)
		if linked && i > 0 {
			b.WriteString(", requires: [p" + strconv.Itoa(i-1) + "]")
		}
		b.WriteString("}\n")
	}
	return b.Bytes()
}

// RoleChain returns a spec of n permissions p0 to p(n-1), with IDs 1 to n,
// and n roles r0 to r(n-1), each but r0 including the one before. When
// granting, role ri lists permission pi, so that it holds p0 to pi;
// otherwise the roles list nothing and hold nothing.
func RoleChain(n int, granting bool) []byte {
	var b bytes.Buffer
	b.WriteString("permcat: 1\ncatalog: {name: roles}\npermissions:\n")
	for i := range n {
		b.WriteString("  - {key: p" + strconv.Itoa(i) + ", id: " + strconv.Itoa(i+1) + "}\n")
	}
	b.WriteString("roles:\n")
	for i := range n {
		k := strconv.Itoa(i)
		b.WriteString("  - {key: r" + k)
		if i > 0 {
			b.WriteString(", includes: [r" + strconv.Itoa(i-1) + "]")
		}
		if granting {
			b.WriteString(", permissions: [p" + k + "]")
		}
		b.WriteString("}\n")
	}
	return b.Bytes()
}
