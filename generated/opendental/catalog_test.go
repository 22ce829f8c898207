package opendental_test

// Fidelity tests: they pin what a reader counts in the source document
// (the Open Dental manual page "Permissions") and in Open Dental's own
// EnumPermType (testdata/opendental-permtype.tsv, see testdata/README.md), so
// that a spec edit that drops a row, moves a permission, changes an ID away
// from EnumPermType, or loses a flag fails here. The judgment calls behind
// the numbers are in spec/opendental.md.

import (
	"bufio"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/permcat/permcat/generated/opendental"
	"github.com/permcat/permcat/internal/cattest"
	"github.com/permcat/permcat/internal/model"
)

const (
	specPath = "../../spec/opendental.yaml"
	// Open Dental's EnumPermType; testdata/README.md says where it comes from.
	tsvPath = "testdata/opendental-permtype.tsv"
)

func loadSpec(t *testing.T) *model.Catalog {
	t.Helper()
	return cattest.LoadSpec(t, specPath)
}

func mustParse(t *testing.T, s string) opendental.Permission {
	t.Helper()
	return cattest.MustParse(t, opendental.Parse, s)
}

func keys(s opendental.Set) []string { return cattest.SortedKeys(s.All()) }

var sorted = cattest.Sorted

// readTSV reads Open Dental's EnumPermType (name, value). A missing file is
// a failure, not a skip: the IDs are only trustworthy when checked.
func readTSV(t *testing.T) map[string]int {
	t.Helper()
	f, err := os.Open(tsvPath)
	if err != nil {
		t.Fatalf("cannot read the EnumPermType reference %s (see testdata/README.md): %v", tsvPath, err)
	}
	defer f.Close()
	out := map[string]int{}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 || strings.TrimSpace(sc.Text()) == "" {
			continue // header "name\tvalue"
		}
		name, value, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			t.Fatalf("%s:%d: no tab in %q", tsvPath, line, sc.Text())
		}
		v, err := strconv.Atoi(strings.TrimSpace(value))
		if err != nil {
			t.Fatalf("%s:%d: %v", tsvPath, line, err)
		}
		out[strings.TrimSpace(name)] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) != 252 {
		t.Fatalf("%s holds %d members, the reference README says 252", tsvPath, len(out))
	}
	return out
}

// TestIDsMatchEnumPermType checks every ID against Open Dental's enum, so
// that Sets read grouppermission.PermType directly.
func TestIDsMatchEnumPermType(t *testing.T) {
	tsv := readTSV(t)
	n := 0
	for p := range opendental.All() {
		n++
		v, ok := tsv[p.Key()]
		if !ok {
			t.Errorf("key %s is not an EnumPermType member", p.Key())
			continue
		}
		if int(p) != v {
			t.Errorf("%s has id %d, EnumPermType says %d", p.Key(), int(p), v)
		}
	}
	if n != 175 {
		t.Errorf("checked %d permissions, want 175", n)
	}
	// Reserved: None (0) and the 14 values removed since 24.3, which the
	// enum no longer uses.
	c := loadSpec(t)
	wantReserved := []int{0, 50, 166, 167, 168, 172, 176, 177, 227, 234, 240, 244, 250, 251, 254}
	if !slices.Equal(c.ReservedIDs, wantReserved) {
		t.Errorf("reserved ids = %v, want %v", c.ReservedIDs, wantReserved)
	}
	used := map[int]string{}
	for k, v := range tsv {
		used[v] = k
	}
	for _, id := range wantReserved[1:] {
		if k, ok := used[id]; ok {
			t.Errorf("reserved id %d is EnumPermType member %s", id, k)
		}
	}
	if used[0] != "None" {
		t.Errorf("EnumPermType 0 is %q, want None", used[0])
	}
}

// TestGroups pins the sections in document order and nesting: 14 headings
// of the text and the 18 heading rows restored from the reference README.
func TestGroups(t *testing.T) {
	type group struct{ key, title, parent string }
	want := []group{
		{"main_menu", "Main Menu", ""},
		{"file", "File", "main_menu"},
		{"chart_ehr", "Chart - EHR", "main_menu"},
		{"advanced_setup", "Advanced Setup", "main_menu"},
		{"definitions", "Definitions", "main_menu"},
		{"dental_school", "Dental School", "main_menu"},
		{"security", "Security", "main_menu"},
		{"lists", "Lists", "main_menu"},
		{"providers", "Providers", "lists"},
		{"clinics", "Clinics", "lists"},
		{"referrals", "Referrals", "lists"},
		{"tools", "Tools", "main_menu"},
		{"misc_tools", "Misc Tools", "tools"},
		{"eservices", "eServices", "main_menu"},
		{"help", "Help", "main_menu"},
		{"main_toolbar", "Main Toolbar", ""},
		{"claim", "Claim", "main_toolbar"},
		{"insurance_payment", "Insurance Payment", "main_toolbar"},
		{"payment", "Payment", "main_toolbar"},
		{"payment_plan", "Payment Plan", "main_toolbar"},
		{"adjustment", "Adjustment", "main_toolbar"},
		{"statement", "Statement", "main_toolbar"},
		{"procedure", "Procedure", "main_toolbar"},
		{"completed_procedure", "Completed Procedure", "main_toolbar"},
		{"rx", "Rx", "main_toolbar"},
		{"anesthesia", "Anesthesia", "main_toolbar"},
		{"time_card", "Time Card", "main_toolbar"},
		{"supply_inventory", "Supply Inventory", "main_toolbar"},
		{"equipment", "Equipment", "supply_inventory"},
		{"merge_tools", "Merge Tools", ""},
		{"web_applications", "Web Applications", ""},
		{"cloud", "Cloud", ""},
	}
	var got []group
	for g := range opendental.Groups() {
		parent := ""
		if g.Parent() != 0 {
			parent = g.Parent().Key()
		}
		got = append(got, group{g.Key(), g.Title(), parent})
	}
	if !slices.Equal(got, want) {
		t.Errorf("groups:\n got %q\nwant %q", got, want)
	}
	// The two headings with text of their own keep it as description.
	descs := map[opendental.Group]string{
		opendental.GroupDentalSchool: "Dental School permissions always display but are only active when Dental Schools is enabled in Show Features.",
		opendental.GroupCloud:        "Note: Only visible when using Open Dental Cloud.",
	}
	for g := range opendental.Groups() {
		if g.Description() != descs[g] {
			t.Errorf("group %s description = %q, want %q", g.Key(), g.Description(), descs[g])
		}
	}
}

// TestCounts pins the rows of each section (declared directly, via
// p.Group()), the subtree totals of the top-level groups and the total.
func TestCounts(t *testing.T) {
	want := map[string]int{
		"main_menu": 12, "file": 3, "chart_ehr": 2, "advanced_setup": 2,
		"definitions": 1, "dental_school": 3, "security": 4, "lists": 7,
		"providers": 3, "clinics": 2, "referrals": 4, "tools": 9,
		"misc_tools": 4, "eservices": 1, "help": 1,
		"main_toolbar": 68, "claim": 9, "insurance_payment": 3, "payment": 3,
		"payment_plan": 2, "adjustment": 4, "statement": 1, "procedure": 6,
		"completed_procedure": 6, "rx": 2, "anesthesia": 2, "time_card": 3,
		"supply_inventory": 1, "equipment": 2,
		"merge_tools": 3, "web_applications": 1, "cloud": 1,
	}
	own := map[string]int{}
	total := 0
	for p := range opendental.All() {
		own[p.Group().Key()]++
		total++
	}
	for g := range opendental.Groups() {
		t.Run(g.Key(), func(t *testing.T) {
			n, ok := want[g.Key()]
			if !ok {
				t.Fatalf("unexpected group %s", g.Key())
			}
			if own[g.Key()] != n {
				t.Errorf("group %s declares %d permissions, want %d", g.Key(), own[g.Key()], n)
			}
		})
	}
	if len(own) != len(want) {
		t.Errorf("%d groups hold permissions, want %d", len(own), len(want))
	}
	if total != 175 {
		t.Errorf("total permissions = %d, want 175", total)
	}
	subtree := map[opendental.Group]int{
		opendental.GroupMainMenu:        58,
		opendental.GroupMainToolbar:     112,
		opendental.GroupMergeTools:      3,
		opendental.GroupWebApplications: 1,
		opendental.GroupCloud:           1,
	}
	for g, n := range subtree {
		if got := g.Permissions().Len(); got != n {
			t.Errorf("group %s with its subgroups holds %d permissions, want %d", g.Key(), got, n)
		}
	}
}

// TestDirectRequires pins the seven prose dependencies, each with its
// sentence as reason.
func TestDirectRequires(t *testing.T) {
	const unchecks = "Unchecking this permission also unchecks 'Edit EO or EC Procedures'."
	type edge struct{ from, to, reason string }
	want := []edge{
		{"AdminDentalInstructors", "ProviderAdd", "Must also have Provider Add permission."},
		{"AdminDentalStudents", "ProviderAdd", "Must also have Provider Add permission."},
		{"FeeSchedEdit", "AllowFeeEditWhileReceivingClaim", "It is not possible for a user to have Fee Sched Edit permission but not Allow Editing Fee Schedule While Receiving Claims permission."},
		{"CarrierCreate", "CarrierEdit", "Users must also have Carrier Edit permission."},
		// Unchecking each of the three unchecks Edit EO or EC Procedures:
		// it is the one that requires them.
		{"ProcExistingEdit", "ProcCompleteNote", unchecks},
		{"ProcExistingEdit", "ProcCompleteAddAdj", unchecks},
		{"ProcExistingEdit", "ProcCompleteEditMisc", unchecks},
	}
	c := loadSpec(t)
	if c.Edges != 7 {
		t.Errorf("direct requires edges = %d, want 7", c.Edges)
	}
	var got []edge
	for _, p := range c.Permissions {
		for _, e := range p.Requires {
			got = append(got, edge{p.Key, e.To.Key, e.Reason})
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("direct edges:\n got %q\nwant %q", got, want)
	}
	for _, e := range want {
		if !mustParse(t, e.from).Requires().Has(mustParse(t, e.to)) {
			t.Errorf("%s.Requires() lacks %s", e.from, e.to)
		}
	}
}

// TestFlags pins each flag's members. The lock-date lists are the reference
// README's, EFormEdit (no row in the document) left out of the user-group
// list.
func TestFlags(t *testing.T) {
	userGroup := []string{
		"AccountingCreate", "AccountingEdit", "AdjustmentCreate", "AdjustmentEdit",
		"ClaimDelete", "ClaimHistoryEdit", "ClaimProcReceivedEdit", "ClaimSentEdit",
		"CommlogEdit", "DepositSlips", "EquipmentDelete", "ImageDelete", "InsPayEdit",
		"InsWriteOffEdit", "NewClaimsProcNotBilled", "OrthoChartEditFull",
		"OrthoChartEditUser", "PaymentEdit", "PerioEdit", "PreAuthSentEdit",
		"ProcComplCreate", "ProcCompleteEdit", "ProcCompleteNote", "ProcCompleteEditMisc",
		"ProcCompleteStatusEdit", "ProcCompleteAddAdj", "ProcExistingEdit", "ProcDelete",
		"SheetEdit", "TimecardDeleteEntry", "TreatPlanEdit", "TreatPlanSign",
		"PaymentCreate", "ImageEdit", "ImageExport",
	}
	global := []string{
		"AdjustmentCreate", "AdjustmentEdit", "PaymentCreate", "PaymentEdit",
		"ProcComplCreate", "ProcCompleteEdit", "ProcCompleteStatusEdit", "InsPayCreate",
		"InsPayEdit", "SheetEdit", "SheetDelete", "CommlogEdit", "PayPlanEdit",
	}
	audited := []string{
		"DefEdit", "SecurityAdmin", "UpdateInstall", "ProcCodeEdit", "EServicesSetup",
		"TaskEdit", "ApptConfirmStatusEdit", "Blockouts", "FamilyModule", "InsPlanEdit",
		"PatPriProvEdit", "AccountModule", "PayPlanEdit", "TPModule", "ChartModule",
		"ImagingModule",
	}
	tests := []struct {
		flag opendental.Flag
		n    int
		want []string
	}{
		{opendental.FlagUserGroupLockDate, 35, userGroup},
		{opendental.FlagGlobalLockDate, 13, global},
		{opendental.FlagAudited, 16, audited},
		{opendental.FlagDeny, 1, []string{"AdjustmentTypeDeny"}},
	}
	for _, tt := range tests {
		t.Run(tt.flag.Key(), func(t *testing.T) {
			s := tt.flag.Permissions()
			if s.Len() != tt.n {
				t.Errorf("%d permissions, want %d", s.Len(), tt.n)
			}
			if len(tt.want) != tt.n {
				t.Fatalf("test table lists %d members for %d", len(tt.want), tt.n)
			}
			if got := keys(s); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("members:\n got %q\nwant %q", got, sorted(tt.want))
			}
		})
	}
	nflags := 0
	for range opendental.Flags() {
		nflags++
	}
	if nflags != 4 {
		t.Errorf("%d flags, want 4", nflags)
	}
	// The 36th member of the README's user-group list has no row.
	if _, err := opendental.Parse("EFormEdit"); err == nil {
		t.Error("EFormEdit parses, but the document has no row for it")
	}
}

// TestDateFields pins the "Date used to calculate" column: 30 rows carry a
// date, each on a permission with a lock-date flag.
func TestDateFields(t *testing.T) {
	lock := opendental.FlagUserGroupLockDate.Permissions().Union(opendental.FlagGlobalLockDate.Permissions())
	n := 0
	for p := range opendental.All() {
		if p.DateField() == "" {
			continue
		}
		n++
		if !lock.Has(p) {
			t.Errorf("%s has date field %s but no lock-date flag", p.Key(), p.DateField())
		}
	}
	if n != 30 {
		t.Errorf("%d permissions have a date field, want 30", n)
	}
}

// TestFeatures pins the two gates: Dental School's three rows and Cloud's
// one row, and nothing else.
func TestFeatures(t *testing.T) {
	want := map[string]opendental.Features{
		"AdminDentalInstructors":    opendental.FeatureDentalSchools,
		"AdminDentalStudents":       opendental.FeatureDentalSchools,
		"AdminDentalEvaluations":    opendental.FeatureDentalSchools,
		"AllowLoginFromAnyLocation": opendental.FeatureCloud,
	}
	for p := range opendental.All() {
		if p.Gates() != want[p.Key()] {
			t.Errorf("%s.Gates() = %v, want %v", p.Key(), p.Gates(), want[p.Key()])
		}
	}
	if got := keys(opendental.GroupDentalSchool.Permissions()); !slices.Equal(got, []string{"AdminDentalEvaluations", "AdminDentalInstructors", "AdminDentalStudents"}) {
		t.Errorf("Dental School holds %q", got)
	}
	// Instructor Edit needs Provider Add as well as the feature.
	s := opendental.Of(mustParse(t, "AdminDentalInstructors"), mustParse(t, "ProviderAdd"))
	if opendental.Can(s, opendental.AdminDentalInstructors, 0) {
		t.Error("Instructor Edit takes effect with Dental Schools off")
	}
	if !opendental.Can(s, opendental.AdminDentalInstructors, opendental.FeatureDentalSchools) {
		t.Error("Instructor Edit does not take effect with Dental Schools on and Provider Add held")
	}
}

// TestSpotChecks checks rows from every part of the document.
func TestSpotChecks(t *testing.T) {
	tests := []struct {
		key, name, group string
		id               int
		requires         []string // direct requirements
		flags            []opendental.Flag
		dateField        string
		description      string // checked when not empty
	}{
		{key: "GraphicsEdit", name: "Graphics Edit", group: "file", id: 138,
			description: "Access and change Graphics Preferences."},
		{key: "Setup", name: "Setup - Covers a wide variety of setup functions", group: "main_menu", id: 8,
			description: `Many Setup functions. See "Setup" Permission.`},
		{key: "EhrEmergencyAccess", name: "EHR Emergency Access", group: "chart_ehr", id: 48},
		{key: "DefEdit", name: "Definition Edit", group: "definitions", id: 220,
			flags: []opendental.Flag{opendental.FlagAudited}},
		{key: "AdminDentalInstructors", name: "Instructor Edit", group: "dental_school", id: 78,
			requires: []string{"ProviderAdd"}},
		{key: "AdminDentalEvaluations", name: "Admin Evaluation Edit", group: "dental_school", id: 81,
			description: "- Users with permission can access/edit Student Evaluations, but not add.\n" +
				"- Users without the permission cannot access the area.\n" +
				"- Instructors without the permission can access/edit/add but not filter by instructor\n" +
				"- Instructors with the permission can access/edit/add and can filter by instructor"},
		{key: "Schedules", name: "Schedules - Practice and Provider", group: "main_menu", id: 12},
		{key: "FeeSchedEdit", name: "Fee Schedule Edit", group: "lists", id: 92,
			requires: []string{"AllowFeeEditWhileReceivingClaim"}},
		{key: "RefAttachDelete", name: "Referral, Delete from Patient", group: "referrals", id: 57},
		{key: "ReportProdIncAllProviders", name: "Production and Income, - View All Providers", group: "main_menu", id: 132},
		{key: "NewClaimsProcNotBilled", name: "New Claims from Procs Not Billed Report", group: "main_menu", id: 174,
			flags: []opendental.Flag{opendental.FlagUserGroupLockDate}},
		{key: "ReferralMerge", name: "Referral Merge", group: "misc_tools", id: 99},
		{key: "AuditTrail", name: "Audit Trail", group: "tools", id: 122},
		{key: "QueryMonitor", name: "Query Monitor View", group: "help", id: 192},
		{key: "Advertising", name: "Advertising - Postcards Send", group: "main_toolbar", id: 216,
			description: "Determines access to Postcards Setup (Advertising)."},
		{key: "CommlogEdit", name: "Commlog Edit", group: "main_toolbar", id: 43,
			flags: []opendental.Flag{opendental.FlagUserGroupLockDate, opendental.FlagGlobalLockDate}, dateField: "CommDateTime"},
		{key: "SheetDelete", name: "Sheet Delete", group: "main_toolbar", id: 136,
			flags: []opendental.Flag{opendental.FlagGlobalLockDate}, dateField: "DateTimeSheet"},
		{key: "AppointmentEdit", name: "Appointment Edit", group: "main_toolbar", id: 27},
		{key: "CarrierCreate", name: "Carrier Create", group: "main_toolbar", id: 58,
			requires: []string{"CarrierEdit"}},
		{key: "ClaimSentEdit", name: "Claim Sent Edit", group: "claim", id: 14,
			flags: []opendental.Flag{opendental.FlagUserGroupLockDate}, dateField: "DateSent"},
		{key: "InsPayCreate", name: "Insurance Payment Create", group: "insurance_payment", id: 36,
			flags: []opendental.Flag{opendental.FlagGlobalLockDate}, dateField: "PaymentDate",
			description: "Receive a Claim, Finalize Insurance Payment, create a Batch Insurance Payment, or Access ERA window. Users without this permission can still enter insurance pay estimates on Preauthorizations."},
		{key: "SplitCreatePastLockDate", name: "Pay Split Create after Global Lock Date", group: "payment", id: 116},
		{key: "PayPlanEdit", name: "Pay Plan Edit", group: "payment_plan", id: 149,
			flags: []opendental.Flag{opendental.FlagGlobalLockDate, opendental.FlagAudited}, dateField: "PayPlanDate"},
		{key: "AdjustmentCreate", name: "Adjustment Create", group: "adjustment", id: 17,
			flags: []opendental.Flag{opendental.FlagUserGroupLockDate, opendental.FlagGlobalLockDate}, dateField: "AdjDate"},
		{key: "AdjustmentTypeDeny", name: "Adjustment Type Deny", group: "adjustment", id: 222,
			flags: []opendental.Flag{opendental.FlagDeny}},
		{key: "StatementCSV", name: "Export CSV", group: "statement", id: 223},
		{key: "TPModule", name: "TreatmentPlan Module", group: "main_toolbar", id: 4,
			flags: []opendental.Flag{opendental.FlagAudited}},
		{key: "ChartModule", name: "Chart Module", group: "main_toolbar", id: 5,
			flags: []opendental.Flag{opendental.FlagAudited}},
		{key: "ProcExistingEdit", name: "Edit EO or EC Procedures", group: "procedure", id: 163,
			requires: []string{"ProcCompleteNote", "ProcCompleteAddAdj", "ProcCompleteEditMisc"},
			flags:    []opendental.Flag{opendental.FlagUserGroupLockDate}, dateField: "DateEntryC"},
		{key: "ProcDelete", name: "TP Procedure Delete", group: "procedure", id: 49,
			flags: []opendental.Flag{opendental.FlagUserGroupLockDate}, dateField: "DateEntryC"},
		{key: "ProcCompleteEdit", name: "Edit Completed Procedure", group: "completed_procedure", id: 189,
			flags: []opendental.Flag{opendental.FlagUserGroupLockDate, opendental.FlagGlobalLockDate}},
		{key: "ProcCompleteEditMisc", name: "Miscellaneous Edit on Completed Procedure", group: "completed_procedure", id: 187,
			flags: []opendental.Flag{opendental.FlagUserGroupLockDate},
			description: "Make miscellaneous changes to a completed procedure (e.g. Hide graphics, edit Medical and Misc tab data, etc).\n\n" +
				"Unchecking this permission also unchecks 'Edit EO or EC Procedures'."},
		{key: "RxEdit", name: "Rx Edit", group: "rx", id: 76},
		{key: "PerioEdit", name: "Perio Chart Edit", group: "main_toolbar", id: 45,
			flags: []opendental.Flag{opendental.FlagUserGroupLockDate}},
		{key: "AnesthesiaControlMeds", name: "Edit Anesthetic Records; Edit Adjust Inventory Counts", group: "anesthesia", id: 35},
		{key: "PatProblemListEdit", name: "Pat Problem List Edit", group: "main_toolbar", id: 71},
		{key: "ProblemDefEdit", name: "Problem Definition Edit", group: "lists", id: 63},
		{key: "ImagingModule", name: "Imaging Module", group: "main_toolbar", id: 6,
			flags: []opendental.Flag{opendental.FlagAudited}},
		{key: "ImageExport", name: "Image Export", group: "main_toolbar", id: 201,
			flags: []opendental.Flag{opendental.FlagUserGroupLockDate}, dateField: "DateCreated"},
		{key: "DepositSlips", name: "Deposit Slips", group: "main_toolbar", id: 30,
			flags: []opendental.Flag{opendental.FlagUserGroupLockDate}, dateField: "DepositDate"},
		{key: "TimecardsEditAll", name: "Edit All Time Cards", group: "time_card", id: 29},
		{key: "TimecardDeleteEntry", name: "Time Card Delete Entry", group: "time_card", id: 40,
			flags: []opendental.Flag{opendental.FlagUserGroupLockDate}, dateField: "TimeEntered"},
		{key: "EquipmentDelete", name: "Equipment Delete", group: "equipment", id: 41,
			flags: []opendental.Flag{opendental.FlagUserGroupLockDate}, dateField: "DateEntry"},
		{key: "SupplierEdit", name: "Supplier Edit", group: "supply_inventory", id: 242},
		{key: "InsPlanMerge", name: "Insurance Plan Combine", group: "merge_tools", id: 141},
		{key: "MobileWeb", name: "ODTouch/ODMobile", group: "web_applications", id: 127},
		{key: "AllowLoginFromAnyLocation", name: "Allow Login From Any Location", group: "cloud", id: 206},
	}
	c := loadSpec(t)
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			p := mustParse(t, tt.key)
			if p.Key() != tt.key {
				t.Errorf("Key() = %q, want %q", p.Key(), tt.key)
			}
			if int(p) != tt.id {
				t.Errorf("id = %d, want %d", int(p), tt.id)
			}
			if p.Name() != tt.name {
				t.Errorf("Name() = %q, want %q", p.Name(), tt.name)
			}
			if q, err := opendental.Parse(tt.name); err != nil || q != p {
				t.Errorf("Parse(name %q) = %v, %v; want %s", tt.name, q, err, tt.key)
			}
			if p.Group().Key() != tt.group {
				t.Errorf("Group() = %s, want %s", p.Group().Key(), tt.group)
			}
			if tt.description != "" && p.Description() != tt.description {
				t.Errorf("Description() = %q, want %q", p.Description(), tt.description)
			}
			if p.DateField() != tt.dateField {
				t.Errorf("DateField() = %q, want %q", p.DateField(), tt.dateField)
			}
			for fl := range opendental.Flags() {
				if want := slices.Contains(tt.flags, fl); p.HasFlag(fl) != want {
					t.Errorf("HasFlag(%s) = %v, want %v", fl.Key(), p.HasFlag(fl), want)
				}
			}
			var direct []string
			for _, e := range c.Permission(tt.key).Requires {
				direct = append(direct, e.To.Key)
			}
			if !slices.Equal(sorted(direct), sorted(tt.requires)) {
				t.Errorf("direct requires = %q, want %q", direct, tt.requires)
			}
			// No permission here requires one that requires more, so the
			// closure equals the direct list.
			if got := keys(p.Requires()); !slices.Equal(got, sorted(tt.requires)) {
				t.Errorf("Requires() = %q, want %q", got, sorted(tt.requires))
			}
		})
	}
}
