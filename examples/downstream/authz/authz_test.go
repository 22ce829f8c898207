package authz_test

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"example.com/clinicapp/authz"
	"example.com/clinicapp/perms"
)

// newApp returns an app whose users table, in a real SQLite database,
// holds grants in every form a grants column meets in practice.
func newApp(t *testing.T, features perms.Features) *authz.App {
	t.Helper()
	store := newStore(t)
	// Written by the current app: the binary form of Set.Value.
	if err := store.SetGrants("admin", perms.Of(perms.UserAdmin)); err != nil {
		t.Fatal(err)
	}
	// A row from the text column of an older release, granted a refund
	// without what it requires.
	putColumn(t, store, "ann", "patient_view, payment_refund")
	// Keys written from []byte: SQLite keeps them as a BLOB and returns
	// them as []byte, which Scan still reads as keys.
	putColumn(t, store, "bob", []byte("patient_view,appointment_view,appointment_edit"))
	// NULL: nothing granted.
	putColumn(t, store, "carol", nil)
	return &authz.App{Users: store, Features: features}
}

// newStore returns a store in a new SQLite database file.
func newStore(t *testing.T) *authz.Store {
	t.Helper()
	store, err := authz.Open(filepath.Join(t.TempDir(), "clinic.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

// putColumn writes a raw value into user id's grants column, as an older
// release or another program might have.
func putColumn(t *testing.T, store *authz.Store, id string, v any) {
	t.Helper()
	if _, err := store.DB().Exec(`INSERT INTO users (id, grants) VALUES ($1, $2)
		ON CONFLICT (id) DO UPDATE SET grants = excluded.grants`, id, v); err != nil {
		t.Fatal(err)
	}
}

// value returns the column value database/sql writes for s.
func value(s perms.Set) driver.Value {
	v, err := s.Value()
	if err != nil {
		panic(err)
	}
	return v
}

func TestGrantsColumn(t *testing.T) {
	binary, err := perms.Of(perms.PatientView, perms.PatientEdit).Value()
	if err != nil {
		t.Fatal(err)
	}
	// The bare bitmask an earlier release wrote for the same user.
	admin := perms.Of(perms.UserAdmin)
	bare, err := perms.Bitmask(&admin).Value()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		column  any
		want    perms.Set
		wantErr bool
	}{
		{"binary form", binary, perms.Of(perms.PatientView, perms.PatientEdit), false},
		{"text", "patient_view,xray_view", perms.Of(perms.PatientView, perms.XRayView), false},
		{"keys as bytes are keys, not bits", []byte("patient_view"), perms.Of(perms.PatientView), false},
		{"text with retired key", "patient_view, edit_patient", perms.Of(perms.PatientView, perms.PatientEdit), false},
		{"JSON", `["patient_view","manage_billing"]`, perms.Of(perms.PatientView, perms.PaymentView, perms.PaymentCreate), false},
		{"NULL", nil, perms.Set{}, false},
		{"integer fails closed", int64(1<<perms.UserAdmin | 1<<perms.FaxSend), perms.Set{}, true},
		{"bare bitmask fails closed", bare, perms.Set{}, true},
		{"binary form of another catalog fails closed", []byte("\xffPS\x01\x05other\x01\x02"), perms.Set{}, true},
		{"unknown key fails closed", "patient_view,root", perms.Set{}, true},
		{"wrong column type", 3.5, perms.Set{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newStore(t)
			putColumn(t, store, "u", tt.column)
			got, err := store.Grants("u")
			if (err != nil) != tt.wantErr {
				t.Fatalf("Grants: err = %v, want error: %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("Grants = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestGrantsRoundTrip(t *testing.T) {
	store := newStore(t)
	for r := range perms.Roles() {
		if err := store.SetGrants(r.Key(), r.Permissions()); err != nil {
			t.Fatal(err)
		}
		got, err := store.Grants(r.Key())
		if err != nil || got != r.Permissions() {
			t.Errorf("role %s: Grants = %v, %v; want %v", r, got, err, r.Permissions())
		}
	}
	if _, err := store.Grants("nobody"); !errors.Is(err, authz.ErrNoUser) {
		t.Errorf("Grants(nobody): err = %v, want ErrNoUser", err)
	}
}

func TestImportLegacyMasks(t *testing.T) {
	store := newStore(t)
	insert := func(id string, mask int64) {
		t.Helper()
		if _, err := store.DB().Exec("INSERT INTO legacy_masks (id, mask) VALUES ($1, $2)", id, mask); err != nil {
			t.Fatal(err)
		}
	}
	// Bit 12 is reserved: manage_billing's, retired since.
	insert("dora", 1<<perms.PatientView|1<<perms.XRayView|1<<12)
	insert("eli", 1<<perms.AppointmentView)
	if n, err := store.ImportLegacyMasks(); err != nil || n != 2 {
		t.Fatalf("ImportLegacyMasks = %d, %v", n, err)
	}
	for id, want := range map[string]perms.Set{
		"dora": perms.Of(perms.PatientView, perms.XRayView),
		"eli":  perms.Of(perms.AppointmentView),
	} {
		if got, err := store.Grants(id); err != nil || got != want {
			t.Errorf("%s: %v, %v; want %v", id, got, err, want)
		}
	}
	// Bit 13 names no permission: the import fails and moves nothing.
	insert("fay", 1<<perms.PatientView)
	insert("gus", 1<<13)
	if _, err := store.ImportLegacyMasks(); err == nil || !errors.Is(err, perms.ErrUnknown) {
		t.Fatalf("ImportLegacyMasks with bit 13: %v", err)
	}
	if _, err := store.Grants("fay"); !errors.Is(err, authz.ErrNoUser) {
		t.Errorf("a failed import moved fay: %v", err)
	}
}

// Open Dental's shape: one grouppermission row per granted permission,
// PermType holding its stable ID.
func TestGroupGrants(t *testing.T) {
	store := newStore(t)
	sets := []perms.Set{{}, perms.Universe()}
	for p := range perms.All() {
		sets = append(sets, perms.Of(p))
	}
	for r := range perms.Roles() {
		sets = append(sets, r.Permissions())
	}
	for i, want := range sets {
		group := int64(i + 1)
		if err := store.SetGroupGrants(group, want); err != nil {
			t.Fatal(err)
		}
		if got, err := store.GroupGrants(group); err != nil || got != want {
			t.Errorf("group %d: %v, %v; want %v", group, got, err, want)
		}
	}
	// The rows hold the catalog's own IDs.
	var n int
	if err := store.DB().QueryRow("SELECT COUNT(*) FROM grouppermission WHERE UserGroupNum = 2 AND PermType = $1", int64(perms.PatientEdit)).Scan(&n); err != nil || n != 1 {
		t.Errorf("the universe's rows hold PermType %d %d times, %v", perms.PatientEdit, n, err)
	}
	// A row of a retired ID is dropped; a row of an unknown one fails.
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := store.DB().Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec("INSERT INTO grouppermission VALUES (100, $1), (100, 12)", int64(perms.PatientView))
	if got, err := store.GroupGrants(100); err != nil || got != perms.Of(perms.PatientView) {
		t.Errorf("group with retired ID 12: %v, %v", got, err)
	}
	exec("INSERT INTO grouppermission VALUES (101, $1), (101, 13)", int64(perms.PatientView))
	if got, err := store.GroupGrants(101); !errors.Is(err, perms.ErrUnknown) || got != (perms.Set{}) {
		t.Errorf("group with unknown ID 13: %v, %v", got, err)
	}
}

func TestLoadProfile(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		want    perms.Set
		wantErr bool
	}{
		{"current", `{"id":"ann","grants":["patient_view","patient_edit"]}`, perms.Of(perms.PatientView, perms.PatientEdit), false},
		{"renamed key", `{"id":"ann","grants":["patient_view","edit_patient"]}`, perms.Of(perms.PatientView, perms.PatientEdit), false},
		{"split key", `{"id":"ann","grants":["manage_billing"]}`, perms.Of(perms.PaymentView, perms.PaymentCreate), false},
		{"no grants", `{"id":"ann"}`, perms.Set{}, false},
		{"null grants", `{"id":"ann","grants":null}`, perms.Set{}, false},
		{"unknown key", `{"id":"ann","grants":["patient_view","superuser"]}`, perms.Set{}, true},
		{"display name is not a stored key", `{"id":"ann","grants":["View patients"]}`, perms.Set{}, true},
		{"bitmask is not JSON's form", `{"id":"ann","grants":6}`, perms.Set{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := authz.LoadProfile([]byte(tt.doc))
			if (err != nil) != tt.wantErr {
				t.Fatalf("LoadProfile: err = %v, want error: %v", err, tt.wantErr)
			}
			if err == nil && p.Grants != tt.want {
				t.Errorf("grants = %v, want %v", p.Grants, tt.want)
			}
		})
	}
}

func TestUpgradeProfile(t *testing.T) {
	old := `{"id":"ann","name":"Ann","grants":["manage_billing","edit_patient","patient_view"]}`
	want := `{"id":"ann","name":"Ann","grants":["patient_view","patient_edit","payment_view","payment_create"]}`
	got, err := authz.UpgradeProfile([]byte(old))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("UpgradeProfile =\n%s\nwant\n%s", got, want)
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		key     string
		want    perms.Set
		wantErr bool
	}{
		{"payment_refund", perms.Of(perms.PaymentRefund), false},
		{"Refund payments", perms.Of(perms.PaymentRefund), false},
		{"edit_patient", perms.Of(perms.PatientEdit), false},
		{"manage_billing", perms.Of(perms.PaymentView, perms.PaymentCreate), false},
		{"Payment_Refund", perms.Set{}, true},
		{"", perms.Set{}, true},
	}
	for _, tt := range tests {
		got, err := authz.Resolve(tt.key)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("Resolve(%q) = %v, %v; want %v, error: %v", tt.key, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, perms.ErrUnknown) {
			t.Errorf("Resolve(%q): err = %v, want perms.ErrUnknown", tt.key, err)
		}
	}
}

func TestAllowed(t *testing.T) {
	tests := []struct {
		name     string
		user     string
		features perms.Features
		column   any // replaces the user's grants when non-nil
		want     perms.Set
	}{
		{"prerequisites missing", "ann", 0, nil, perms.Of(perms.PatientView)},
		{"keys stored as bytes", "bob", 0, nil, perms.Of(perms.PatientView, perms.AppointmentView, perms.AppointmentEdit)},
		{"nothing", "carol", 0, nil, perms.Set{}},
		{"feature off", "bob", 0, "patient_view,appointment_view,appointment_edit,online_booking_manage",
			perms.Of(perms.PatientView, perms.AppointmentView, perms.AppointmentEdit)},
		{"feature on", "bob", perms.FeatureOnlineBooking, "patient_view,appointment_view,appointment_edit,online_booking_manage",
			perms.Of(perms.PatientView, perms.AppointmentView, perms.AppointmentEdit, perms.OnlineBookingManage)},
		{"manager role", "carol", perms.FeatureOnlineBooking, value(perms.RoleManager.Permissions()), perms.RoleManager.Permissions()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp(t, tt.features)
			if tt.column != nil {
				putColumn(t, app.Users, tt.user, tt.column)
			}
			got, err := app.Allowed(tt.user)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Allowed(%s) = %v, want %v", tt.user, got, tt.want)
			}
			for p := range perms.All() {
				if app.Can(tt.user, p) != got.Has(p) {
					t.Errorf("Can(%s, %v) = %v, disagrees with Allowed", tt.user, p, !got.Has(p))
				}
			}
		})
	}
}

func TestAdminHandler(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		path     string
		actor    string
		features perms.Features
		wantCode int
		// For changes: what the response says was added and removed, and
		// what the user may do afterwards.
		added, removed, allowed perms.Set
	}{
		{name: "not signed in", method: "GET", path: "/users/ann/permissions", wantCode: http.StatusUnauthorized},
		{name: "not an admin", method: "GET", path: "/users/ann/permissions", actor: "ann", wantCode: http.StatusForbidden},
		{name: "unknown actor", method: "GET", path: "/users/ann/permissions", actor: "mallory", wantCode: http.StatusForbidden},
		{name: "unknown user", method: "GET", path: "/users/nobody/permissions", actor: "admin", wantCode: http.StatusNotFound},
		{name: "unknown permission", method: "POST", path: "/users/ann/permissions/superuser", actor: "admin", wantCode: http.StatusNotFound},
		{
			name: "tick grants the prerequisites", method: "POST", path: "/users/ann/permissions/payment_refund", actor: "admin",
			wantCode: http.StatusOK,
			added:    perms.Of(perms.PaymentView, perms.PaymentCreate),
			allowed:  perms.Of(perms.PatientView, perms.PaymentView, perms.PaymentCreate, perms.PaymentRefund),
		},
		{
			name: "tick by display name", method: "POST", path: "/users/carol/permissions/View%20X-rays", actor: "admin",
			wantCode: http.StatusOK,
			added:    perms.Of(perms.PatientView, perms.XRayView),
			allowed:  perms.Of(perms.PatientView, perms.XRayView),
		},
		{
			name: "tick a retired key grants its replacements", method: "POST", path: "/users/carol/permissions/manage_billing", actor: "admin",
			wantCode: http.StatusOK,
			added:    perms.Of(perms.PatientView, perms.PaymentView, perms.PaymentCreate),
			allowed:  perms.Of(perms.PatientView, perms.PaymentView, perms.PaymentCreate),
		},
		{
			name: "tick a feature-gated permission, feature off", method: "POST", path: "/users/bob/permissions/online_booking_manage", actor: "admin",
			wantCode: http.StatusOK,
			added:    perms.Of(perms.OnlineBookingManage),
			allowed:  perms.Of(perms.PatientView, perms.AppointmentView, perms.AppointmentEdit),
		},
		{
			name: "tick a feature-gated permission, feature on", method: "POST", path: "/users/bob/permissions/online_booking_manage", actor: "admin",
			features: perms.FeatureOnlineBooking,
			wantCode: http.StatusOK,
			added:    perms.Of(perms.OnlineBookingManage),
			allowed:  perms.Of(perms.PatientView, perms.AppointmentView, perms.AppointmentEdit, perms.OnlineBookingManage),
		},
		{
			name: "untick removes the dependents", method: "DELETE", path: "/users/bob/permissions/appointment_view", actor: "admin",
			wantCode: http.StatusOK,
			removed:  perms.Of(perms.AppointmentView, perms.AppointmentEdit),
			allowed:  perms.Of(perms.PatientView),
		},
		{
			name: "untick what is not granted", method: "DELETE", path: "/users/carol/permissions/user_admin", actor: "admin",
			wantCode: http.StatusOK,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newApp(t, tt.features)
			req := httptest.NewRequest(tt.method, tt.path, nil)
			if tt.actor != "" {
				req.Header.Set(authz.ActorHeader, tt.actor)
			}
			rec := httptest.NewRecorder()
			app.AdminHandler().ServeHTTP(rec, req)
			if rec.Code != tt.wantCode {
				t.Fatalf("%s %s: status %d, want %d; body: %s", tt.method, tt.path, rec.Code, tt.wantCode, rec.Body)
			}
			if tt.wantCode != http.StatusOK {
				return
			}
			var c authz.Change
			if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil {
				t.Fatalf("response %s: %v", rec.Body, err)
			}
			if c.Added != tt.added || c.Removed != tt.removed {
				t.Errorf("added %v, removed %v; want added %v, removed %v", c.Added, c.Removed, tt.added, tt.removed)
			}
			user := req.PathValue("id")
			stored, err := app.Users.Grants(user)
			if err != nil || stored != c.Granted {
				t.Errorf("stored grants %v, %v; response says %v", stored, err, c.Granted)
			}
			if got, _ := app.Allowed(user); got != tt.allowed {
				t.Errorf("afterwards %s may do %v, want %v", user, got, tt.allowed)
			}
		})
	}
}

func TestAdminScreen(t *testing.T) {
	app := newApp(t, 0)
	req := httptest.NewRequest("GET", "/users/ann/permissions", nil)
	req.Header.Set(authz.ActorHeader, "admin")
	rec := httptest.NewRecorder()
	app.AdminHandler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var sc authz.Screen
	if err := json.Unmarshal(rec.Body.Bytes(), &sc); err != nil {
		t.Fatal(err)
	}
	if want := perms.Of(perms.PatientView, perms.PaymentRefund); sc.Granted != want {
		t.Errorf("granted %v, want %v", sc.Granted, want)
	}
	if want := perms.Of(perms.PatientView); sc.Effective != want {
		t.Errorf("effective %v, want %v", sc.Effective, want)
	}
	rows := map[string]authz.Row{}
	for _, r := range sc.Rows {
		rows[r.Key] = r
	}
	if len(rows) != perms.Universe().Len() {
		t.Errorf("%d rows, want one per permission (%d)", len(rows), perms.Universe().Len())
	}
	tests := []authz.Row{
		{Key: "payment_refund", Name: "Refund payments", Group: "Billing", Granted: true, Effective: false,
			Missing: perms.Of(perms.PaymentView, perms.PaymentCreate)},
		{Key: "patient_view", Name: "View patients", Group: "Patients", Granted: true, Effective: true},
		{Key: "appointment_edit", Name: "Edit appointments", Group: "Schedule",
			Missing: perms.Of(perms.AppointmentView)},
		{Key: "online_booking_manage", Name: "Manage online booking", Group: "Online booking",
			Missing: perms.Of(perms.AppointmentView, perms.AppointmentEdit), Feature: "online_booking"},
	}
	for _, want := range tests {
		if got := rows[want.Key]; got != want {
			t.Errorf("row %s = %+v, want %+v", want.Key, got, want)
		}
	}
}
