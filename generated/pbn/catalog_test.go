package pbn_test

// Fidelity tests: they pin what a reader counts in the source document (the
// PbN "User Permissions Reference Guide"), so that a spec edit that drops a
// row, moves a permission, loses a Blocked By entry or reintroduces mojibake
// fails here.
// The judgment calls behind the numbers are in spec/pbn.md.

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/permcat/permcat/generated/pbn"
	"github.com/permcat/permcat/internal/cattest"
	"github.com/permcat/permcat/internal/model"
)

const specPath = "../../spec/pbn.yaml"

// loadSpec resolves the spec, for what the generated API does not expose
// (direct requires edges and their reasons).
func loadSpec(t *testing.T) *model.Catalog {
	t.Helper()
	return cattest.LoadSpec(t, specPath)
}

func mustParse(t *testing.T, s string) pbn.Permission {
	t.Helper()
	return cattest.MustParse(t, pbn.Parse, s)
}

func keys(s pbn.Set) []string { return cattest.SortedKeys(s.All()) }

var sorted = cattest.Sorted

// TestGroups pins the six components of the overview table, in document
// order, with Desktop App and Insurance as children of General (the overview
// lists "insurance, desktop app" under General), and the overview's one-line
// summaries as descriptions.
func TestGroups(t *testing.T) {
	type group struct{ key, title, parent, description string }
	want := []group{
		{"general", "General", "", "Application-wide settings, insurance, desktop app"},
		{"desktop_app", "Desktop App", "general", "Access to the desktop version of PbN and what it displays."},
		{"insurance", "Insurance", "general", "Insurance verification and the insurance dashboard."},
		{"communication", "Communication", "", "Team Messaging, Communication Center, Reputation, Phone IQ"},
		{"appointment", "Appointment", "", "Schedule, Huddle, Patient Flow, Online Appointment Booking (OAB)"},
		{"analytics", "Analytics", "", "Practice IQ, Marketing IQ"},
		{"payments", "Payments", "", "Payment dashboard, refunds, and payment settings"},
		{"forms", "Forms", "", "Form creation, submissions, and settings management"},
	}
	var got []group
	for g := range pbn.Groups() {
		parent := ""
		if g.Parent() != 0 {
			parent = g.Parent().Key()
		}
		got = append(got, group{g.Key(), g.Title(), parent, g.Description()})
	}
	if !slices.Equal(got, want) {
		t.Errorf("groups:\n got %q\nwant %q", got, want)
	}
}

// TestCounts pins the number of rows of each table of the document: the
// permissions declared directly in each group (p.Group(), not nested), the
// total, and the subtree total of General.
func TestCounts(t *testing.T) {
	want := map[string]int{
		"general":       13,
		"desktop_app":   2,
		"insurance":     3,
		"communication": 9,
		"appointment":   8,
		"analytics":     13,
		"payments":      9,
		"forms":         11,
	}
	own := map[string]int{}
	total := 0
	for p := range pbn.All() {
		own[p.Group().Key()]++
		total++
	}
	for g, n := range want {
		t.Run(g, func(t *testing.T) {
			if own[g] != n {
				t.Errorf("group %s declares %d permissions, want %d", g, own[g], n)
			}
		})
	}
	for g := range own {
		if _, ok := want[g]; !ok {
			t.Errorf("unexpected group %q holds %d permissions", g, own[g])
		}
	}
	if total != 68 {
		t.Errorf("total permissions = %d, want 68", total)
	}
	if n := pbn.Universe().Len(); n != 68 {
		t.Errorf("Universe().Len() = %d, want 68", n)
	}
	if n := pbn.GroupGeneral.Permissions().Len(); n != 13+2+3 {
		t.Errorf("General with its children holds %d permissions, want 18", n)
	}
	// IDs follow document order: 1..68, no gap.
	id := 0
	for p := range pbn.All() {
		id++
		if int(p) != id {
			t.Fatalf("permission %s has id %d, want %d (document order, no gaps)", p.Key(), int(p), id)
		}
	}
}

// TestDirectRequires pins every direct edge: the 39 entries of the Blocked
// By columns ("A / B" gives two edges) and the one prose dependency.
func TestDirectRequires(t *testing.T) {
	want := map[string][]string{
		"view_patient_window":                                {"use_patient_search"}, // prose
		"can_edit_user_accounts":                             {"can_view_user_accounts"},
		"run_insurance_verification":                         {"view_insurance_dashboard"},
		"change_insurance_verification_settings":             {"view_insurance_dashboard"},
		"access_location_messaging":                          {"access_team_messaging"},
		"respond_to_patient_messages":                        {"access_communication_center"},
		"delete_messages_from_communication_center":          {"access_communication_center", "respond_to_patient_messages"},
		"respond_to_reviews_and_feedback":                    {"see_reviews_and_feedback"},
		"create_appointments_on_schedule":                    {"see_schedule_page"},
		"see_operations_dashboard":                           {"access_team_messaging", "access_location_messaging"},
		"change_patient_flow_settings":                       {"access_team_messaging", "access_location_messaging"},
		"see_production_numbers_on_schedule_huddle":          {"see_huddle_dashboard"},
		"see_new_appointment_list":                           {"see_schedule_page"},
		"save_custom_revenueiq_queries":                      {"run_revenueiq_queries"},
		"export_data_from_patient_tables":                    {"see_patient_table"},
		"edit_leads":                                         {"see_marketing_leads"},
		"buy_numbers":                                        {"change_marketingiq_settings"},
		"send_payment_requests_and_charge_customers":         {"can_see_payment_methods"},
		"manage_refunds":                                     {"can_see_payment_methods"},
		"can_remove_patients_from_payments_follow_up":        {"can_add_patients_to_payments_follow_up"},
		"can_snooze_patients_from_payments_follow_up":        {"can_add_patients_to_payments_follow_up"},
		"can_remove_patients_from_pending_one_time_requests": {"send_payment_requests_and_charge_customers"},
		"preview_form_submissions":                           {"can_see_forms_page"},
		"modify_a_completed_form":                            {"can_see_forms_page", "preview_form_submissions"},
		"edit_forms":                                         {"can_see_forms_page"},
		"change_form_settings":                               {"can_see_forms_page"},
		"send_form_request_manually":                         {"can_see_forms_page"},
		"download_submitted_forms":                           {"can_see_forms_page", "preview_form_submissions"},
		"cancel_pending_forms":                               {"can_see_forms_page", "send_form_request_manually"},
		"add_tablets":                                        {"can_see_forms_page"},
		"delete_tablets":                                     {"can_see_forms_page", "add_tablets"},
		"can_change_forms_master_toggle_setting":             {"can_see_forms_page", "change_form_settings"},
	}
	c := loadSpec(t)
	if c.Edges != 40 {
		t.Errorf("direct requires edges = %d, want 40 (39 Blocked By + 1 prose)", c.Edges)
	}
	edges, reasons := 0, 0
	for _, p := range c.Permissions {
		var got []string
		for _, e := range p.Requires {
			got = append(got, e.To.Key)
			edges++
			if e.Reason != "" {
				reasons++
				if p.Key != "view_patient_window" || e.Reason != "Blocks View Patient Window if disabled." {
					t.Errorf("%s → %s: unexpected reason %q", p.Key, e.To.Key, e.Reason)
				}
			}
		}
		if !slices.Equal(sorted(got), sorted(want[p.Key])) {
			t.Errorf("%s requires %q directly, want %q", p.Key, got, want[p.Key])
		}
	}
	if edges != 40 {
		t.Errorf("counted %d direct edges, want 40", edges)
	}
	if reasons != 1 {
		t.Errorf("%d edges carry a reason, want 1 (the prose dependency)", reasons)
	}
	// The generated closure contains every direct edge.
	for k, reqs := range want {
		p := mustParse(t, k)
		for _, r := range reqs {
			if !p.Requires().Has(mustParse(t, r)) {
				t.Errorf("%s.Requires() lacks %s", k, r)
			}
		}
	}
}

// TestSpotChecks checks rows from every table of the document, name and
// description verbatim.
func TestSpotChecks(t *testing.T) {
	tests := []struct {
		key, name, description, group string
		id                            int
		requires                      []string // transitive, as Requires() returns it
	}{
		{"view_practice_management_data", "View practice management data",
			"Grants access to practice-management–related data across multiple features.", "general", 1, nil},
		{"manage_everyones_tasks", "Manage everyone's tasks",
			"Allows users to modify task assignees, due dates, and status.", "general", 2, nil},
		{"view_patient_window", "View patient window",
			"Allows users to open and view the patient window.", "general", 4, []string{"use_patient_search"}},
		{"can_edit_create_and_delete_custom_follow_up_campaigns", "Can edit, create, and delete custom/follow-up campaigns",
			"Grants full campaign management capabilities.", "general", 9, nil},
		{"can_edit_templates_email_sms_review_replies", "Can edit templates (email/SMS/review replies)",
			"Allows editing of reusable communication templates.", "general", 11, nil},
		{"see_production_numbers_on_schedule_desktop", "See production numbers on schedule (Desktop)",
			"Displays production values on the desktop home page.", "desktop_app", 15, nil},
		{"run_insurance_verification", "Run insurance verification",
			"Allows initiation of insurance verifications.", "insurance", 16, []string{"view_insurance_dashboard"}},
		{"view_insurance_dashboard", "View Insurance Dashboard",
			"Displays the insurance dashboard in the app.", "insurance", 18, nil},
		{"delete_messages_from_communication_center", "Delete messages from communication center",
			"Allows deletion of patient messages.", "communication", 23,
			[]string{"access_communication_center", "respond_to_patient_messages"}},
		{"change_reputation_settings", "Change reputation settings",
			"Allows managing connected social accounts (Facebook/Google).", "communication", 26, nil},
		{"see_operations_dashboard", "See operations dashboard",
			"Grants access to the Patient Flow dashboard.", "appointment", 30,
			[]string{"access_location_messaging", "access_team_messaging"}},
		{"change_oab_settings", "Change OAB settings",
			"Allows editing of Online Appointment Booking settings.", "appointment", 35, nil},
		{"view_built_in_dashboards", "View built-in dashboards",
			"Grants access to default dashboards.", "analytics", 37, nil},
		{"export_data_from_patient_tables", "Export data from patient tables",
			"Allows exporting patient-level data.", "analytics", 43, []string{"see_patient_table"}},
		{"buy_numbers", "Buy numbers",
			"Allows purchasing call-tracking numbers.", "analytics", 47, []string{"change_marketingiq_settings"}},
		{"can_remove_patients_from_pending_one_time_requests", "Can remove patients from pending one-time requests",
			"Allows canceling pending one-time requests.", "payments", 56,
			[]string{"can_see_payment_methods", "send_payment_requests_and_charge_customers"}},
		{"can_see_payment_methods", "Can see payment methods",
			"Displays the Payment Methods tab.", "payments", 57, nil},
		{"modify_a_completed_form", "Modify a completed form",
			"Allows editing completed forms and adding signatures.", "forms", 60,
			[]string{"can_see_forms_page", "preview_form_submissions"}},
		{"delete_tablets", "Delete tablets",
			"Allows deleting tablets.", "forms", 67, []string{"add_tablets", "can_see_forms_page"}},
		{"can_change_forms_master_toggle_setting", "Can change forms master toggle setting",
			"Allows activation or deactivation of Forms.", "forms", 68,
			[]string{"can_see_forms_page", "change_form_settings"}},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			p := mustParse(t, tt.key)
			if int(p) != tt.id {
				t.Errorf("id = %d, want %d", int(p), tt.id)
			}
			if q := mustParse(t, tt.name); q != p {
				t.Errorf("Parse(name %q) = %s, want %s", tt.name, q, p)
			}
			if p.Name() != tt.name {
				t.Errorf("Name() = %q, want %q", p.Name(), tt.name)
			}
			if p.Description() != tt.description {
				t.Errorf("Description() = %q, want %q", p.Description(), tt.description)
			}
			if p.Group().Key() != tt.group {
				t.Errorf("Group() = %s, want %s", p.Group().Key(), tt.group)
			}
			if got := keys(p.Requires()); !slices.Equal(got, sorted(tt.requires)) {
				t.Errorf("Requires() = %q, want %q", got, sorted(tt.requires))
			}
		})
	}
}

// TestMigrate pins the Key Updates table: renamed, split, removed and
// replaced.
func TestMigrate(t *testing.T) {
	tests := []struct {
		legacy string
		want   []string
	}{
		{"set_goals", []string{"edit_and_set_practice_goals"}},
		{"query_revenue_opportunities", []string{"run_revenueiq_queries", "save_custom_revenueiq_queries"}},
		{"manage_user_logins_and_access_privileges", []string{"can_edit_user_accounts", "can_view_user_accounts"}},
	}
	for _, tt := range tests {
		t.Run(tt.legacy, func(t *testing.T) {
			s, ok := pbn.Migrate(tt.legacy)
			if !ok {
				t.Fatalf("Migrate(%q) not ok", tt.legacy)
			}
			if got := keys(s); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("Migrate(%q) = %q, want %q", tt.legacy, got, sorted(tt.want))
			}
			if _, err := pbn.Parse(tt.legacy); !errors.Is(err, pbn.ErrUnknown) {
				t.Errorf("Parse(%q) = %v, want ErrUnknown (retired key)", tt.legacy, err)
			}
		})
	}
	if _, ok := pbn.Migrate("edit_and_set_practice_goals"); ok {
		t.Error("Migrate of a current key reports ok")
	}
	c := loadSpec(t)
	if got := sorted(c.ReservedKeys); !slices.Equal(got, []string{"manage_user_logins_and_access_privileges", "query_revenue_opportunities", "set_goals"}) {
		t.Errorf("reserved keys = %q", got)
	}
	replaces := 0
	for _, p := range c.Permissions {
		if len(p.Replaces) > 0 {
			replaces++
		}
	}
	if replaces != 5 {
		t.Errorf("%d permissions replace a legacy key, want 5", replaces)
	}
	if len(c.Flags) != 0 || len(c.Attributes) != 0 || len(c.Features) != 0 {
		t.Errorf("the document has no flags, attributes or features; spec declares %d, %d, %d",
			len(c.Flags), len(c.Attributes), len(c.Features))
	}
}

// TestNoMojibake fails if a name or description still holds the
// Windows-1253 rendering of UTF-8 the source document shows ("β€”" for an
// em dash, "πŸ" for emoji).
func TestNoMojibake(t *testing.T) {
	bad := []string{"β", "Ο", "π", "Ÿ", "â€"}
	check := func(what, s string) {
		t.Helper()
		for _, b := range bad {
			if strings.Contains(s, b) {
				t.Errorf("%s %q contains mojibake %q", what, s, b)
			}
		}
	}
	for p := range pbn.All() {
		check("name of "+p.Key(), p.Name())
		check("description of "+p.Key(), p.Description())
	}
	for g := range pbn.Groups() {
		check("title of group "+g.Key(), g.Title())
		check("description of group "+g.Key(), g.Description())
	}
}
