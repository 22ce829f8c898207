package setcode

// This file is the stand-in catalog the copied files are compiled and
// tested against. It is never copied: every generated package declares
// these names itself, from its spec, with the same meaning. It spans two
// words, reserves an ID in each, and retires keys in each way a spec can
// (renamed, split, and dropped without a replacement).

import (
	"errors"
	"iter"
	"math/bits"
	"strconv"
)

// Permission is the stand-in's permission type.
type Permission uint8

// The stand-in's permissions.
const (
	PatientView   Permission = 1
	PatientEdit   Permission = 2
	XRayView      Permission = 3
	PaymentCreate Permission = 5
	PortalManage  Permission = 6
	AuditRead     Permission = 64
	ReportRun     Permission = 70
)

// Set is the stand-in's Set: two words, as for a catalog with IDs up to 127.
type Set [2]uint64

// catalogName is the stand-in's catalog.name, recorded in the binary form.
const catalogName = "setcode"

// maxInput bounds the input of the decoders, as in a generated package.
const maxInput = 4096

var permKeys = [71]string{
	PatientView:   "patient_view",
	PatientEdit:   "patient_edit",
	XRayView:      "xray_view",
	PaymentCreate: "payment_create",
	PortalManage:  "portal_manage",
	AuditRead:     "audit_read",
	ReportRun:     "report_run",
}

var universe = Of(PatientView, PatientEdit, XRayView, PaymentCreate, PortalManage, AuditRead, ReportRun)

// retired holds the reserved IDs 4 and 65.
var retired = Set{1 << 4, 1 << 1}

// ErrUnknown is wrapped by every error about a name or bit the catalog
// does not hold.
var ErrUnknown = errors.New("unknown permission")

// Of returns the Set holding ps.
func Of(ps ...Permission) Set {
	var s Set
	for _, p := range ps {
		s[p>>6] |= 1 << (p & 63)
	}
	return s
}

func byKey(key string) (Permission, bool) {
	for i, k := range permKeys {
		if k != "" && k == key {
			return Permission(i), true
		}
	}
	return 0, false
}

// Migrate returns the permissions that replaced a retired key.
func Migrate(key string) (Set, bool) {
	switch key {
	case "edit_patient":
		return Of(PatientEdit), true
	case "manage_billing":
		return Of(PaymentCreate, PortalManage), true
	}
	return Set{}, false
}

func retiredKey(key string) bool {
	return key == "old_report"
}

func quote(s string) string {
	const max = 64
	if len(s) > max {
		return strconv.Quote(s[:max]) + "..."
	}
	return strconv.Quote(s)
}

func (s Set) has(p Permission) bool {
	if w := uint(p) >> 6; w < uint(len(s)) {
		return s[w]&(1<<(p&63)) != 0
	}
	return false
}

func (s *Set) add(p Permission) {
	if universe.has(p) {
		s[p>>6] |= 1 << (p & 63)
	}
}

// Union returns the permissions in s or t.
func (s Set) Union(t Set) Set {
	for i := range s {
		s[i] |= t[i]
	}
	return s
}

func (s Set) firstInvalid() int {
	for i, w := range s {
		if w &^= universe[i]; w != 0 {
			return i*64 + bits.TrailingZeros64(w)
		}
	}
	return -1
}

// All returns the permissions of s by ascending ID.
func (s Set) All() iter.Seq[Permission] {
	return func(yield func(Permission) bool) {
		for i, w := range s {
			for w &= universe[i]; w != 0; w &= w - 1 {
				if !yield(Permission(i*64 + bits.TrailingZeros64(w))) {
					return
				}
			}
		}
	}
}
