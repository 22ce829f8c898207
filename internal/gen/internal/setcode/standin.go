package setcode

// This file is the stand-in catalog the copied files are compiled and
// tested against. It is never copied: every generated package declares
// these names itself, from its spec, with the same meaning. It spans two
// words, reserves an ID in each, retires keys in each way a spec can
// (renamed, split, and dropped without a replacement), and has a requires
// chain with a feature gate on it.

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

// typeName is the name of the permission type, for String.
const typeName = "Permission"

// Set is the stand-in's Set: two words, as for a catalog with IDs up to 127.
type Set [2]uint64

// catalogName is the stand-in's catalog.name, recorded in the binary form.
const catalogName = "setcode"

// maxInput bounds the input of the decoders, as in a generated package.
const maxInput = 4096

// permEntry is what the stand-in's spec says about a permission. A
// generated package declares the same fields, and more.
type permEntry struct {
	key         string
	name        string
	description string
	requires    []Permission
}

var permTable = [...]permEntry{
	PatientView:   {key: "patient_view", name: "View patients"},
	PatientEdit:   {key: "patient_edit", name: "Edit patients", requires: []Permission{PatientView}},
	XRayView:      {key: "xray_view", requires: []Permission{PatientView}},
	PaymentCreate: {key: "payment_create", requires: []Permission{PatientEdit}},
	PortalManage:  {key: "portal_manage"},
	AuditRead:     {key: "audit_read"},
	ReportRun:     {key: "report_run", requires: []Permission{AuditRead, XRayView}},
}

// retiredIDs are the stand-in's reserved IDs.
var retiredIDs = [...]Permission{4, 65}

// gates returns the features p needs itself, as a mask: report_run needs
// feature bit 0.
func gates(p Permission) uint64 {
	if p == ReportRun {
		return 1
	}
	return 0
}

func byKey(key string) (Permission, bool) {
	for i := range permTable {
		if k := permTable[i].key; k != "" && k == key {
			return Permission(i), true
		}
	}
	return 0, false
}

func byName(name string) (Permission, bool) {
	for i := range permTable {
		if n := permTable[i].name; n != "" && n == name {
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
